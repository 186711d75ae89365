"""Tables of the categories domain: what a report is about, and how long its evidence is kept."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from peelian.db.models import TimestampMixin
from reporting.models import Base


class Category(TimestampMixin, Base):
    """A report category; admins add categories, none is ever deleted (reports refer to it)."""

    __tablename__ = "categories"

    slug: Mapped[str] = mapped_column(String(50), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(500), default="")
    # Object-lock retention of this category's evidence originals.
    retention_days: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
