"""Tables results are read from, written with each response.

A response's answers are also kept as cells: one row per question answered and option chosen
(numbers from the survey's layout, builder.layout), with the answer's number where it has one
(a rating, a likert position, a rank). Cross-tabulations join a response's cells. Tallies
count cells per (version, question, option, value) and are added to in the submission's own
transaction, so that live results read a few thousand rows however many responses there are.
Each submission adds to one of ``SHARDS`` copies of the tallies, picked at random: otherwise
every submission to a survey would update the same rows (the response count, the popular
options) and wait for the one before it to commit.

Neither table has a foreign key: both are written only with their response, in one
transaction, and the submission's hot path keeps to one index each.
"""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, Double, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from surveys.models import Base

# Question 0 is the response itself (one cell per response: tallies count responses with it);
# option 0 of a question whose answer has several cells (multiple choice, ranking, location)
# marks that it was answered, so that percentages are of the people who answered.
RESPONSE = 0
ANSWERED = 0
SHARDS = 8


class AnswerCell(Base):
    __tablename__ = "answer_cells"

    survey_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    question: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    option: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    response_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(SmallInteger)
    # The answer's number (0 where it has none).
    value: Mapped[float] = mapped_column(Double)


class AnswerTally(Base):
    __tablename__ = "answer_tallies"

    survey_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    question: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    option: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    value: Mapped[float] = mapped_column(Double, primary_key=True)
    shard: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)
