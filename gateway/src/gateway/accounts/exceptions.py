"""Typed errors of the accounts domain."""

from peelian.errors import BadRequest, Conflict, Forbidden, NotFound


class EmailTaken(Conflict):
    """An account with this email already exists."""

    error = "email_taken"


class WeakPassword(BadRequest):
    """The password is too short, too long or too easy to guess."""

    error = "weak_password"


class WrongPassword(Forbidden):
    """The current password given to confirm the change is wrong."""

    error = "wrong_password"


class AccountNotFound(NotFound):
    """No account with this id."""


class InvalidRoles(BadRequest):
    """The roles (and partner id) given for a staff account do not fit together."""

    error = "invalid_roles"
