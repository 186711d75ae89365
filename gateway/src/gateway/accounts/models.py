"""Tables of the accounts domain."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, DateTime, LargeBinary, String, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from gateway.models import Base
from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin


class AccountStatus(StrEnum):
    ACTIVE = "active"
    DEACTIVATED = "deactivated"


class Account(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """A person who signs in with an email and a password."""

    __tablename__ = "accounts"

    # Stored lower-cased, so that one address cannot hold two accounts.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(100))
    preferred_language: Mapped[str] = mapped_column(String(16), default="en")
    # Slugs of the named areas the person cares about (the areas live in messaging).
    home_areas: Mapped[list[str]] = mapped_column(ARRAY(String(100)), default=list)
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    partner_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    team: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default=AccountStatus.ACTIVE)
    password_changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AnonymousReporter(UUIDPrimaryKeyMixin, Base):
    """A pseudonymous reporter: a key's hash and nothing else about the person.

    Only the day of creation is kept (not the time), so that the row cannot be matched with
    the timestamps of some other system's request logs.
    """

    __tablename__ = "anonymous_reporters"

    key_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    created_on: Mapped[date] = mapped_column(Date, server_default=func.current_date())
