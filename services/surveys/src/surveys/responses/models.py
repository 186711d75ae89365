"""Tables of answering a survey.

None of them links a response to the person who gave it, and none has a timestamp finer than
a day or an id that follows time: ``respondents`` records that someone took their one response
token (a keyed hash of their id, nothing about the token); ``spent_tokens`` that a token was
used (a hash of the token, nothing about its holder); ``responses`` what was answered. See
docs/surveys.md, "Anonymity", for what remains.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, Uuid, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from surveys.models import Base


def _survey() -> ForeignKey:
    return ForeignKey("surveys.id", ondelete="CASCADE")


class Respondent(Base):
    """Someone took the survey's one response token: what stops them taking a second."""

    __tablename__ = "respondents"
    # Erasure finds a person's rows by their key.
    __table_args__ = (Index("ix_respondents_respondent_key", "respondent_key"),)

    survey_id: Mapped[uuid.UUID] = mapped_column(_survey(), primary_key=True)
    # HMAC-SHA256 of the token subject under the service's key (responses.tokens).
    respondent_key: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)


class SpentToken(Base):
    """A response token that was used: what stops it being used again."""

    __tablename__ = "spent_tokens"

    survey_id: Mapped[uuid.UUID] = mapped_column(_survey(), primary_key=True)
    # SHA-256 of the token.
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)


class Draft(Base):
    """A partial response, saved to be resumed by whoever holds the token; deleted when the
    response is submitted or the survey closes."""

    __tablename__ = "drafts"

    survey_id: Mapped[uuid.UUID] = mapped_column(_survey(), primary_key=True)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSONB)


class Response(Base):
    __tablename__ = "responses"
    __table_args__ = (
        # Free text and exports, a day at a time.
        Index("ix_responses_survey_day", "survey_id", "submitted_day", "id"),
        # One response per identified respondent; erasure finds theirs.
        Index(
            "uq_responses_respondent",
            "respondent_id",
            "survey_id",
            unique=True,
            postgresql_where=text("respondent_id IS NOT NULL"),
        ),
    )

    # Random (uuid4): an id that followed time would tell the order responses came in.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    survey_id: Mapped[uuid.UUID] = mapped_column(_survey())
    version: Mapped[int] = mapped_column(Integer)
    # Midnight UTC of the day it came: enough to follow a survey over weeks, not to match a
    # response with someone's visit.
    submitted_day: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Only for identified surveys (and null again once the person erased their account).
    respondent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # Question id -> the answer, as checked (responses.answers).
    answers: Mapped[dict[str, Any]] = mapped_column(JSONB)
