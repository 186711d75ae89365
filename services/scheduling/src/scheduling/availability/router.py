"""Availability routes: weekly schedules (/availability) and exceptions to them
(/availability/exceptions); staff only."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses
from peelian.pagination import InvalidCursor, Page, PageParamsDep
from scheduling.availability.exceptions import (
    AvailabilityNotFound,
    BookingsInTheWay,
    ExceptionNotFound,
    InvalidAvailability,
    NotYourSchedule,
    OverlappingAvailability,
)
from scheduling.availability.schemas import (
    AvailabilityCreate,
    AvailabilityFilters,
    AvailabilityRead,
    ExceptionCreate,
    ExceptionFilters,
    ExceptionRead,
)
from scheduling.availability.service import AvailabilityService, read
from scheduling.catalogue.exceptions import UnknownLocation, UnknownMeetingType
from scheduling.dependencies import SettingsDep, StaffDep
from scheduling.exceptions import InvalidTimezone

router = APIRouter(
    prefix="/availability",
    tags=["availability"],
    responses=error_responses(Unauthorized, Forbidden),
)


def _service(session: SessionDep, settings: SettingsDep) -> AvailabilityService:
    return AvailabilityService(session, settings)


AvailabilityServiceDep = Annotated[AvailabilityService, Depends(_service)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(
        NotYourSchedule,
        OverlappingAvailability,
        InvalidAvailability,
        InvalidTimezone,
        UnknownMeetingType,
        UnknownLocation,
    ),
)
async def create_availability(
    data: AvailabilityCreate, principal: StaffDep, availability: AvailabilityServiceDep
) -> AvailabilityRead:
    """Add a weekly schedule entry (wall-clock hours in a time zone)."""
    return read(await availability.create(principal, data))


@router.get("", responses=error_responses(InvalidCursor))
async def list_availability(
    _: StaffDep,
    filters: Annotated[AvailabilityFilters, Query()],
    page: PageParamsDep,
    availability: AvailabilityServiceDep,
) -> Page[AvailabilityRead]:
    """Weekly schedule entries, by officer or team, newest first."""
    return await availability.page(filters, page)


@router.delete(
    "/{availability_id}", responses=error_responses(NotYourSchedule, AvailabilityNotFound)
)
async def retire_availability(
    availability_id: uuid.UUID, principal: StaffDep, availability: AvailabilityServiceDep
) -> AvailabilityRead:
    """Retire a schedule entry: no new slots; meetings already booked stay."""
    return read(await availability.retire(principal, availability_id))


@router.post(
    "/exceptions",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(NotYourSchedule, BookingsInTheWay, InvalidTimezone),
)
async def add_exception(
    data: ExceptionCreate, principal: StaffDep, availability: AvailabilityServiceDep
) -> ExceptionRead:
    """Take time out of schedules: leave, a team's closure, a bank holiday for everybody."""
    return ExceptionRead.model_validate(await availability.add_exception(principal, data))


@router.get("/exceptions", responses=error_responses(InvalidCursor))
async def list_exceptions(
    _: StaffDep,
    filters: Annotated[ExceptionFilters, Query()],
    page: PageParamsDep,
    availability: AvailabilityServiceDep,
) -> Page[ExceptionRead]:
    """Exceptions by officer, team and dates, newest first."""
    return await availability.exceptions_page(filters, page)


@router.delete(
    "/exceptions/{exception_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(NotYourSchedule, ExceptionNotFound),
)
async def remove_exception(
    exception_id: uuid.UUID, principal: StaffDep, availability: AvailabilityServiceDep
) -> Response:
    """Remove an exception: its time is offered again."""
    await availability.remove_exception(principal, exception_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
