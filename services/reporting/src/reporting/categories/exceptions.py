"""Typed errors of the categories domain."""

from __future__ import annotations

from peelian.errors import Conflict, NotFound


class CategoryNotFound(NotFound):
    error = "category_not_found"


class CategoryExists(Conflict):
    error = "category_exists"
