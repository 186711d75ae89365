"""Tables of the partner clients domain."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.models import Base
from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin


class PartnerClient(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """A partner agency's system: OAuth2 client credentials, the secret stored hashed."""

    __tablename__ = "partner_clients"

    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    # The partner agency (registered in the referrals service) this client acts for.
    partner_id: Mapped[uuid.UUID] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    secret_rotated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
