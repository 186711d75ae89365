"""Domain logic of calendars: a booking's .ics, and officers' private feeds whose link is a
revocable token (only its SHA-256 is stored)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.auth.principal import Principal
from scheduling.calendars.exceptions import FeedNotFound
from scheduling.calendars.ics import booking_file, officer_feed
from scheduling.calendars.models import CalendarFeed
from scheduling.calendars.repository import CalendarRepository
from scheduling.calendars.schemas import FeedCreated
from scheduling.config import SchedulingSettings
from scheduling.meetings.models import Booking

# Marks a feed token for secret scanners (as prk_ marks a reporter key).
TOKEN_PREFIX = "pcf_"  # noqa: S105 (a prefix, not a secret)


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


class CalendarService:
    def __init__(self, session: AsyncSession, settings: SchedulingSettings) -> None:
        self.session = session
        self.settings = settings
        self.feeds = CalendarRepository(session)
        self.base_url = settings.public_base_url.rstrip("/")

    def booking_file(self, booking: Booking, tz: ZoneInfo, now: datetime) -> bytes:
        return booking_file(booking, tz, self.base_url, now)

    async def make_feed(self, principal: Principal, teams: list[str]) -> FeedCreated:
        """A new private link for the caller's feed; any earlier link stops working."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        teams = sorted(set(teams))
        await self.feeds.put(principal.subject, token_hash(token), teams)
        return FeedCreated(url=f"{self.base_url}/calendars/{token}.ics", teams=teams)

    async def feed_of(self, principal: Principal) -> CalendarFeed:
        feed = await self.feeds.of(principal.subject)
        if feed is None:
            raise FeedNotFound("you have no calendar feed: POST /calendar-feeds makes one")
        return feed

    async def revoke(self, principal: Principal) -> None:
        if not await self.feeds.revoke(principal.subject):
            raise FeedNotFound("you have no calendar feed to revoke")

    async def feed(self, token: str, now: datetime) -> bytes:
        feed = await self.feeds.by_hash(token_hash(token))
        if feed is None:
            raise FeedNotFound("no calendar feed has this link: it was revoked or replaced")
        since = now - timedelta(days=self.settings.calendar_feed_past_days)
        sessions = await self.feeds.booked_sessions(feed.officer_id, feed.teams, since)
        return officer_feed(sessions, self.base_url, now)

    async def erase(self, account_id: uuid.UUID) -> None:
        """An erased account's feed goes (staff accounts can be erased too)."""
        await self.feeds.revoke(account_id)
