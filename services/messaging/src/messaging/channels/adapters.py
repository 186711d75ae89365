"""How a message leaves on each channel: one adapter per channel, chosen by settings.

An adapter sends one message to one person and raises on failure: any exception is retried
later with back-off, :class:`PermanentFailure` is not. To add a push or SMS provider, write a
class with ``send`` and give it a name in ``_PROVIDERS`` (and in ``config.ProviderName``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Protocol

import aiosmtplib
import structlog

from messaging.config import MessagingSettings
from messaging.subscriptions.schemas import Channel

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Recipient:
    id: uuid.UUID
    email: str | None


@dataclass(frozen=True)
class Message:
    """A publication rendered in the recipient's language."""

    publication_id: uuid.UUID
    kind: str
    severity: str | None
    language: str
    title: str
    body: str
    unsubscribe_url: str


# How messages go on the wire: CRLF, lines up to RFC 5322's 998. At the default 78 the long
# List-Unsubscribe URL went as an RFC 2047 encoded word, which clients do not read as a link.
# aiosmtplib would flatten with the 78-column SMTP policy, so it is given the bytes.
_WIRE = policy.SMTP.clone(max_line_length=998)


class PermanentFailure(Exception):
    """The provider refused this message for good (e.g. no such mailbox): do not retry."""


class ChannelAdapter(Protocol):
    async def send(self, recipient: Recipient, message: Message) -> None: ...


class EmailAdapter:
    """Plain-text email over SMTP, with RFC 8058 one-click unsubscribe headers. One connection
    per message: simple, and several messages go out at once."""

    def __init__(self, settings: MessagingSettings) -> None:
        self.settings = settings

    def compose(self, recipient: Recipient, message: Message) -> EmailMessage:
        if recipient.email is None:
            raise PermanentFailure("no email address")
        email = EmailMessage(policy=_WIRE)
        email["From"] = self.settings.smtp_from
        email["To"] = recipient.email
        email["Subject"] = message.title
        email["Date"] = formatdate(localtime=False)
        domain = parseaddr(self.settings.smtp_from)[1].rpartition("@")[2] or None
        email["Message-ID"] = make_msgid(domain=domain)
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        # Bulk mail: no out-of-office replies to the sender, please.
        email["Auto-Submitted"] = "auto-generated"
        email.set_content(
            f"{message.body}\n\n-- \nStop these messages with one click: "
            f"{message.unsubscribe_url}\n"
        )
        # After set_content, which replaces every Content- header.
        email["Content-Language"] = message.language
        return email

    async def send(self, recipient: Recipient, message: Message) -> None:
        settings = self.settings
        email = self.compose(recipient, message)
        try:
            await aiosmtplib.send(
                email.as_bytes(),
                sender=parseaddr(settings.smtp_from)[1],
                recipients=[email["To"]],
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username,
                password=(
                    settings.smtp_password.get_secret_value() if settings.smtp_username else None
                ),
                start_tls=settings.smtp_starttls,
                timeout=settings.smtp_timeout_seconds,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            if all(500 <= e.code < 600 for e in exc.recipients):
                raise PermanentFailure(str(exc)) from exc
            raise


class LoggingAdapter:
    """For development: logs that a message would have gone, naming nobody but by id."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    async def send(self, recipient: Recipient, message: Message) -> None:
        log.info(
            "channel_message",
            channel=self.channel.value,
            recipient_id=str(recipient.id),
            publication_id=str(message.publication_id),
            language=message.language,
        )


_PROVIDERS: Mapping[str, Callable[[Channel, MessagingSettings], ChannelAdapter]] = {
    "logging": lambda channel, _: LoggingAdapter(channel),
}


def build_adapters(settings: MessagingSettings) -> dict[str, ChannelAdapter]:
    """Channel name -> its adapter, as the settings choose."""
    return {
        Channel.EMAIL: EmailAdapter(settings),
        Channel.PUSH: _PROVIDERS[settings.push_adapter](Channel.PUSH, settings),
        Channel.SMS: _PROVIDERS[settings.sms_adapter](Channel.SMS, settings),
    }
