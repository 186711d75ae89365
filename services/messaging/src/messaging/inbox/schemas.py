"""Request and response bodies of the inbox domain."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from messaging.inbox.models import EntryState
from messaging.publications.schemas import PublicationRead


class Acknowledgement(StrEnum):
    SAFE = "safe"  # "I am safe"
    SEEN = "seen"


class AcknowledgementWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    response: Acknowledgement


class InboxEntryRead(BaseModel):
    """A publication as it reached you; address it by ``publication.id``."""

    state: EntryState
    acknowledgement: Acknowledgement | None
    delivered_at: datetime
    read_at: datetime | None
    publication: PublicationRead
