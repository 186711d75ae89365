"""One-click unsubscribe routes (/unsubscribe/{token}): public, the token is the authority.

GET only shows a page, because mail scanners and link previews fetch links on their own; the
unsubscribe itself is the POST that mail clients send for RFC 8058's one click, and that the
page's button sends too.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from messaging.dependencies import SettingsDep
from messaging.unsubscribe.exceptions import UnsubscribeLinkNotFound
from messaging.unsubscribe.service import UnsubscribeService
from peelian.db.engine import SessionDep
from peelian.errors import error_responses

router = APIRouter(
    prefix="/unsubscribe",
    tags=["subscriptions"],
    responses=error_responses(UnsubscribeLinkNotFound),
)

# The token is in the URL: no cache may keep the page and no link may carry it onwards.
_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

_PAGE = """<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Peelian: unsubscribe</title>
<h1>{heading}</h1>
<p>{text}</p>
{form}
</html>
"""

_ASK = _PAGE.format(
    heading="Stop messages from Peelian?",
    text=(
        "You will no longer receive warnings and appeals, by email, push, text message or in "
        "the app. Messages you already have stay in your inbox."
    ),
    form=(
        '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">'
        "<button>Unsubscribe</button></form>"
    ),
)

_DONE = _PAGE.format(
    heading="You are unsubscribed",
    text="To hear from us again, subscribe in the app.",
    form="",
)


def _service(session: SessionDep, settings: SettingsDep) -> UnsubscribeService:
    return UnsubscribeService(session, settings.unsubscribe_secret)


UnsubscribeServiceDep = Annotated[UnsubscribeService, Depends(_service)]


@router.get("/{token}", response_class=HTMLResponse)
async def confirm_unsubscribe(token: str, unsubscribe: UnsubscribeServiceDep) -> HTMLResponse:
    """A page asking to confirm the unsubscribe (or saying it is done)."""
    subscription = await unsubscribe.find(token)
    return HTMLResponse(_ASK if subscription.active else _DONE, headers=_HEADERS)


@router.post("/{token}", response_class=HTMLResponse)
async def unsubscribe_now(token: str, unsubscribe: UnsubscribeServiceDep) -> HTMLResponse:
    """Unsubscribe with one click, without signing in (RFC 8058)."""
    await unsubscribe.unsubscribe(token)
    return HTMLResponse(_DONE, headers=_HEADERS)
