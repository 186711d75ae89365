"""Checking area and topic slugs against the named areas and topics."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from messaging.exceptions import UnknownArea, UnknownTopic
from messaging.topics.repository import TopicRepository
from peelian.areas import AreaRepository


async def check_targets(session: AsyncSession, areas: Iterable[str], topics: Iterable[str]) -> None:
    """Refuse unknown areas or topics, naming them and the known ones."""
    unknown_areas = sorted(set(areas) - (known := await AreaRepository(session).slugs()))
    if unknown_areas:
        raise UnknownArea(
            f"unknown area(s): {', '.join(unknown_areas)}", detail={"areas": sorted(known)}
        )
    topic_slugs = await TopicRepository(session).slugs()
    unknown_topics = sorted(set(topics) - topic_slugs)
    if unknown_topics:
        raise UnknownTopic(
            f"unknown topic(s): {', '.join(unknown_topics)}", detail={"topics": sorted(topic_slugs)}
        )
