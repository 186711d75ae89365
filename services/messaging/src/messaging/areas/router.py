"""Area and topic routes: the named areas (GeoJSON) and topics anyone may target or follow."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from messaging.topics.repository import TopicRepository
from peelian.areas import AreaRepository
from peelian.db.engine import SessionDep

router = APIRouter(tags=["areas and topics"])


class AreaRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    slug: str
    name: str
    geojson: dict[str, Any]


class TopicRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    slug: str
    name: str


@router.get("/areas")
async def list_areas(session: SessionDep) -> list[AreaRead]:
    """The named areas, with their boundaries as GeoJSON polygons (no sign-in needed)."""
    return [AreaRead.model_validate(a) for a in await AreaRepository(session).all()]


@router.get("/topics")
async def list_topics(session: SessionDep) -> list[TopicRead]:
    """The topics publications are about and people subscribe to (no sign-in needed)."""
    return [TopicRead.model_validate(t) for t in await TopicRepository(session).all()]
