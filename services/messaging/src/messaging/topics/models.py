"""Tables of the topics domain: what a publication is about and a subscriber cares for."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from messaging.models import Base


class Topic(Base):
    __tablename__ = "topics"

    slug: Mapped[str] = mapped_column(String(50), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
