"""Calendar routes: officers' private feeds (/calendar-feeds to make or revoke the link,
/calendars/{token}.ics to read it, public: the token is the credential)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, status

from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses
from scheduling.calendars.exceptions import FeedNotFound
from scheduling.calendars.schemas import FeedCreate, FeedCreated, FeedRead
from scheduling.calendars.service import CalendarService
from scheduling.dependencies import SettingsDep, StaffDep

ICALENDAR = "text/calendar; charset=utf-8"

feeds = APIRouter(
    prefix="/calendar-feeds",
    tags=["calendars"],
    responses=error_responses(Unauthorized, Forbidden),
)
calendars = APIRouter(prefix="/calendars", tags=["calendars"])


def _service(session: SessionDep, settings: SettingsDep) -> CalendarService:
    return CalendarService(session, settings)


CalendarServiceDep = Annotated[CalendarService, Depends(_service)]


@feeds.post("", status_code=status.HTTP_201_CREATED)
async def make_feed(
    data: FeedCreate, principal: StaffDep, calendar: CalendarServiceDep
) -> FeedCreated:
    """Make your private calendar feed link (shown once); an earlier link stops working."""
    return await calendar.make_feed(principal, data.teams)


@feeds.get("", responses=error_responses(FeedNotFound))
async def read_feed(principal: StaffDep, calendar: CalendarServiceDep) -> FeedRead:
    """Whether you have a feed, and which teams it shows (not its link)."""
    feed = await calendar.feed_of(principal)
    return FeedRead(teams=feed.teams, created_at=feed.created_at)


@feeds.delete("", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(FeedNotFound))
async def revoke_feed(principal: StaffDep, calendar: CalendarServiceDep) -> Response:
    """Revoke your feed link: calendars subscribed to it stop updating."""
    await calendar.revoke(principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@calendars.get(
    "/{token}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **error_responses(FeedNotFound)},
)
async def officer_calendar(
    token: Annotated[str, Path(max_length=100, description="The feed link's secret")],
    calendar: CalendarServiceDep,
) -> Response:
    """An officer's booked meetings as an iCalendar feed (the link is the credential)."""
    body = await calendar.feed(token, datetime.now(UTC))
    # The link must not linger in shared caches, nor the page be indexed.
    headers = {"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"}
    return Response(body, media_type=ICALENDAR, headers=headers)
