"""Account routes: self-registration and self-service (/accounts), admin (/admin/accounts)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from gateway.accounts.exceptions import (
    AccountNotFound,
    EmailTaken,
    InvalidRoles,
    WeakPassword,
    WrongPassword,
)
from gateway.accounts.models import AccountStatus
from gateway.accounts.schemas import (
    AccountCreate,
    AccountExport,
    AccountRead,
    AccountUpdate,
    ErasureRequest,
    PasswordChange,
    StaffAccountCreate,
    StaffAccountCreated,
    StaffMember,
)
from gateway.dependencies import AccountHolderDep, AccountServiceDep
from peelian.auth import require_role
from peelian.auth.principal import Role
from peelian.errors import Forbidden, Unauthorized, error_responses
from peelian.pagination import Page, PageParamsDep

router = APIRouter(prefix="/accounts", tags=["accounts"])
admin_router = APIRouter(
    prefix="/admin/accounts",
    tags=["admin"],
    dependencies=[require_role(Role.ADMIN)],
    responses=error_responses(Unauthorized, Forbidden),
)

_ME_ERRORS = error_responses(Unauthorized, Forbidden, AccountNotFound)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(EmailTaken, WeakPassword),
)
async def register(data: AccountCreate, accounts: AccountServiceDep) -> AccountRead:
    """Register a citizen account; then sign in at /auth/token."""
    return AccountRead.model_validate(await accounts.register(data))


@router.get(
    "/staff",
    dependencies=[require_role(Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)],
    responses=error_responses(Unauthorized, Forbidden),
)
async def list_staff(
    page: PageParamsDep,
    accounts: AccountServiceDep,
    team: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[StaffMember]:
    """The force's active officers and supervisors (staff only), to assign work to."""
    return Page.of(await accounts.staff(page, team), StaffMember)


@router.get("/me", responses=_ME_ERRORS)
async def read_me(principal: AccountHolderDep, accounts: AccountServiceDep) -> AccountRead:
    """Your account."""
    return AccountRead.model_validate(await accounts.get(principal.subject))


@router.patch("/me", responses=_ME_ERRORS)
async def update_me(
    data: AccountUpdate, principal: AccountHolderDep, accounts: AccountServiceDep
) -> AccountRead:
    """Change your display name, language or home areas."""
    return AccountRead.model_validate(await accounts.update(principal.subject, data))


@router.post(
    "/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(Unauthorized, WrongPassword, WeakPassword),
)
async def change_password(
    data: PasswordChange, principal: AccountHolderDep, accounts: AccountServiceDep
) -> None:
    """Change your password; every session is signed out."""
    await accounts.change_password(principal.subject, data.current_password, data.new_password)


@router.get("/me/export", responses=_ME_ERRORS)
async def export_me(principal: AccountHolderDep, accounts: AccountServiceDep) -> AccountExport:
    """Everything the gateway holds about you, as JSON."""
    return await accounts.export(principal.subject)


@router.post(
    "/me/erase",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(Unauthorized, WrongPassword, AccountNotFound),
)
async def erase_me(
    data: ErasureRequest, principal: AccountHolderDep, accounts: AccountServiceDep
) -> None:
    """Erase your account; every service then erases or anonymises your data."""
    await accounts.erase(principal.subject, data.password)


@admin_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(EmailTaken, WeakPassword, InvalidRoles),
)
async def create_staff_account(
    data: StaffAccountCreate, accounts: AccountServiceDep
) -> StaffAccountCreated:
    """Create an officer, supervisor, admin or partner-staff account."""
    account, initial_password = await accounts.create_staff(data)
    return StaffAccountCreated(
        **AccountRead.model_validate(account).model_dump(), initial_password=initial_password
    )


@admin_router.get("")
async def list_accounts(
    page: PageParamsDep,
    accounts: AccountServiceDep,
    role: Annotated[Role | None, Query(description="Only accounts holding this role")] = None,
    account_status: Annotated[AccountStatus | None, Query(alias="status")] = None,
    team: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[AccountRead]:
    """List accounts, newest first, optionally by role, status and team."""
    rows = await accounts.list(page, role=role, status=account_status, team=team)
    return Page.of(rows, AccountRead)


@admin_router.get("/{account_id}", responses=error_responses(AccountNotFound))
async def read_account(account_id: uuid.UUID, accounts: AccountServiceDep) -> AccountRead:
    """One account."""
    return AccountRead.model_validate(await accounts.get(account_id))


@admin_router.post("/{account_id}/deactivate", responses=error_responses(AccountNotFound))
async def deactivate_account(account_id: uuid.UUID, accounts: AccountServiceDep) -> AccountRead:
    """Deactivate an account: it cannot sign in and its sessions are revoked."""
    account = await accounts.set_status(account_id, AccountStatus.DEACTIVATED)
    return AccountRead.model_validate(account)


@admin_router.post("/{account_id}/reactivate", responses=error_responses(AccountNotFound))
async def reactivate_account(account_id: uuid.UUID, accounts: AccountServiceDep) -> AccountRead:
    """Let a deactivated account sign in again."""
    return AccountRead.model_validate(await accounts.set_status(account_id, AccountStatus.ACTIVE))
