"""Typed errors of the partner clients domain."""

from peelian.errors import Conflict, NotFound


class PartnerClientNotFound(NotFound):
    """No partner client with this id."""


class PartnerClientRevoked(Conflict):
    """The client has been revoked; make a new one instead."""

    error = "client_revoked"
