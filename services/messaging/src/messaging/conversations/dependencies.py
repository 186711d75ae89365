"""Request dependencies of the conversations domain."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from messaging.conversations.service import ConversationService
from peelian.db.engine import SessionDep


def _service(session: SessionDep) -> ConversationService:
    return ConversationService(session)


ConversationServiceDep = Annotated[ConversationService, Depends(_service)]
