"""Request and response models of the accounts domain."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from peelian.auth.principal import Role

Language = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=16),
    Field(description="BCP 47 language tag, e.g. en, cy, zh-Hans", examples=["en"]),
]
AreaSlug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,100}$")]
Password = Annotated[str, Field(min_length=1, max_length=1024, description="Password")]
DisplayName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class AccountCreate(BaseModel):
    """A citizen's self-registration."""

    email: EmailStr
    password: Password
    display_name: DisplayName
    preferred_language: Language = "en"
    home_areas: list[AreaSlug] = Field(default_factory=list, max_length=20)


class AccountUpdate(BaseModel):
    """Changes to one's own profile; absent fields stay as they are."""

    display_name: DisplayName | None = None
    preferred_language: Language | None = None
    home_areas: list[AreaSlug] | None = Field(default=None, max_length=20)


class AccountRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    display_name: str
    preferred_language: str
    home_areas: list[str]
    roles: list[Role]
    partner_id: uuid.UUID | None
    team: str | None
    status: str
    created_at: datetime


class StaffMember(BaseModel):
    """A colleague, as the force's staff see each other: enough to assign them work."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    display_name: str
    team: str | None
    roles: list[Role]


class PasswordChange(BaseModel):
    current_password: Password
    new_password: Password


class ErasureRequest(BaseModel):
    """Erasing an account cannot be undone: the password confirms it."""

    password: Password


class SessionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    created_at: datetime
    expires_at: datetime


class AccountExport(BaseModel):
    """Everything the gateway holds about a person (other services export their own data)."""

    account: AccountRead
    password_changed_at: datetime
    last_login_at: datetime | None
    sessions: list[SessionRead]
    exported_at: datetime


class StaffAccountCreate(BaseModel):
    """An account made by an admin: officers, supervisors, admins and partner staff."""

    email: EmailStr
    display_name: DisplayName
    roles: list[Role] = Field(min_length=1)
    partner_id: uuid.UUID | None = Field(
        default=None, description="Required with the partner role, refused without it"
    )
    team: str | None = Field(default=None, max_length=100, examples=["university-neighbourhood"])
    preferred_language: Language = "en"
    password: Password | None = Field(
        default=None, description="Initial password; one is generated (and shown once) if absent"
    )


class StaffAccountCreated(AccountRead):
    initial_password: str | None = Field(
        description="The generated initial password, shown this once; null if one was given"
    )


class AnonymousReporterCreated(BaseModel):
    """A new pseudonymous reporter. Keep the reporter key: it is shown only this once."""

    reporter_id: uuid.UUID
    reporter_key: str
    created_on: date
