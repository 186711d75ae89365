"""Slot routes: free times to book (/slots)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from peelian.auth import PrincipalDep
from peelian.db.engine import SessionDep
from peelian.errors import Unauthorized, error_responses
from peelian.pagination import InvalidCursor, Page, PageParamsDep
from scheduling.catalogue.exceptions import UnknownLocation, UnknownMeetingType
from scheduling.dependencies import SettingsDep
from scheduling.exceptions import InvalidTimezone
from scheduling.slots.exceptions import InvalidRange
from scheduling.slots.schemas import SlotRead, SlotSearch
from scheduling.slots.service import SlotService
from scheduling.timezones import ClientZoneDep

router = APIRouter(prefix="/slots", tags=["slots"], responses=error_responses(Unauthorized))


def _service(session: SessionDep, settings: SettingsDep) -> SlotService:
    return SlotService(session, settings)


SlotServiceDep = Annotated[SlotService, Depends(_service)]


@router.get(
    "",
    responses=error_responses(
        InvalidRange, InvalidTimezone, UnknownMeetingType, UnknownLocation, InvalidCursor
    ),
)
async def search_slots(
    _: PrincipalDep,
    query: Annotated[SlotSearch, Query()],
    tz: ClientZoneDep,
    page: PageParamsDep,
    slots: SlotServiceDep,
) -> Page[SlotRead]:
    """Free slots by meeting type, location, officer or team and dates, soonest first."""
    return await slots.search(query, tz, page, datetime.now(UTC))
