"""Verifying the gateway's tokens and authorising principals."""

from peelian.auth.dependencies import (
    OptionalPrincipalDep,
    PrincipalDep,
    require_role,
)
from peelian.auth.principal import Principal, Role
from peelian.auth.verifier import JWKSSource, JWTVerifier

__all__ = [
    "JWKSSource",
    "JWTVerifier",
    "OptionalPrincipalDep",
    "Principal",
    "PrincipalDep",
    "Role",
    "require_role",
]
