"""Verifying the gateway's tokens and authorising principals."""

from peelian.auth.dependencies import (
    OptionalPrincipalDep,
    PrincipalDep,
    require_role,
)
from peelian.auth.principal import Principal, Role
from peelian.auth.verifier import JWKSSource, JWTVerifier, KeySource

__all__ = [
    "JWKSSource",
    "JWTVerifier",
    "KeySource",
    "OptionalPrincipalDep",
    "Principal",
    "PrincipalDep",
    "Role",
    "require_role",
]
