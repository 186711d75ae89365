"""Complaint routes under /complaints: any citizen complains, supervisors read and answer."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from messaging.complaints.exceptions import (
    AlreadyAnswered,
    CitizensComplain,
    ComplaintNotFound,
    InvalidComplaint,
    SupervisorsOnly,
)
from messaging.complaints.schemas import (
    ComplaintCreate,
    ComplaintFilters,
    ComplaintRead,
    ComplaintResponse,
    ComplaintStaffRead,
)
from messaging.complaints.service import SUPERVISING, ComplaintService
from peelian.auth import PrincipalDep
from peelian.auth.principal import Principal, Role
from peelian.db.engine import SessionDep
from peelian.errors import Unauthorized, error_responses
from peelian.pagination import Page, PageParamsDep

router = APIRouter(
    prefix="/complaints",
    tags=["complaints"],
    responses=error_responses(Unauthorized, SupervisorsOnly),
)

ComplaintId = Annotated[uuid.UUID, Path(description="The complaint's id")]


def _reader(principal: PrincipalDep) -> Principal:
    """Supervisors, or citizens for their own; officers never (a complaint may be about them)."""
    if principal.has_any(*SUPERVISING):
        return principal
    if principal.is_staff:
        raise SupervisorsOnly()
    if not principal.has_any(Role.CITIZEN):
        raise CitizensComplain()
    return principal


def _citizen(principal: PrincipalDep) -> Principal:
    if principal.is_staff or not principal.has_any(Role.CITIZEN):
        raise CitizensComplain()
    return principal


def _supervisor(principal: PrincipalDep) -> Principal:
    if not principal.has_any(*SUPERVISING):
        raise SupervisorsOnly()
    return principal


ReaderDep = Annotated[Principal, Depends(_reader)]
CitizenDep = Annotated[Principal, Depends(_citizen)]
SupervisorDep = Annotated[Principal, Depends(_supervisor)]


def _service(session: SessionDep) -> ComplaintService:
    return ComplaintService(session)


ComplaintServiceDep = Annotated[ComplaintService, Depends(_service)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(CitizensComplain, InvalidComplaint),
)
async def lodge_complaint(
    data: ComplaintCreate, principal: CitizenDep, complaints: ComplaintServiceDep
) -> ComplaintRead:
    """Complain about the police's service or conduct; a supervisor answers (citizens)."""
    return ComplaintRead.model_validate(await complaints.lodge(principal, data))


@router.get("/mine", responses=error_responses(CitizensComplain))
async def list_my_complaints(
    principal: CitizenDep, page: PageParamsDep, complaints: ComplaintServiceDep
) -> Page[ComplaintRead]:
    """Your complaints and their answers, newest first."""
    return Page.of(await complaints.mine(principal, page), ComplaintRead)


@router.get("")
async def list_complaints(
    _: SupervisorDep,
    filters: Annotated[ComplaintFilters, Query()],
    page: PageParamsDep,
    complaints: ComplaintServiceDep,
) -> Page[ComplaintStaffRead]:
    """Every complaint, newest first (supervisors and admins; officers may not)."""
    return Page.of(await complaints.search(filters, page), ComplaintStaffRead)


@router.get("/{complaint_id}", responses=error_responses(ComplaintNotFound, CitizensComplain))
async def read_complaint(
    complaint_id: ComplaintId, principal: ReaderDep, complaints: ComplaintServiceDep
) -> ComplaintStaffRead | ComplaintRead:
    """One complaint: your own, or any for supervisors."""
    complaint = await complaints.visible(principal, complaint_id)
    if principal.has_any(*SUPERVISING):
        return ComplaintStaffRead.model_validate(complaint)
    return ComplaintRead.model_validate(complaint)


@router.post(
    "/{complaint_id}/response",
    responses=error_responses(ComplaintNotFound, AlreadyAnswered),
)
async def answer_complaint(
    complaint_id: ComplaintId,
    data: ComplaintResponse,
    principal: SupervisorDep,
    complaints: ComplaintServiceDep,
) -> ComplaintStaffRead:
    """Answer a complaint; the complainant reads the answer (supervisors and admins)."""
    complaint = await complaints.respond(principal, complaint_id, data.response)
    return ComplaintStaffRead.model_validate(complaint)
