"""Tables of calendars: officers' private feed links."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from scheduling.models import Base


class CalendarFeed(Base):
    """An officer's private feed: only the SHA-256 of its token is kept, so a leaked database
    does not leak the links; making a new link replaces the old, deleting the row revokes."""

    __tablename__ = "calendar_feeds"

    officer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    # The teams whose sessions the feed shows besides the officer's own.
    teams: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
