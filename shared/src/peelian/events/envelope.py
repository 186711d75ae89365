"""The CloudEvents 1.0 envelope (structured JSON mode) and the registry of payload types.

A payload class names its event type and topic once; producers build envelopes from payloads,
consumers look the type up in the registry to parse ``data`` back into the payload class.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal, TypeVar

import orjson
from pydantic import BaseModel, ConfigDict, Field

from peelian.logging import current_correlation_id

CONTENT_TYPE = "application/cloudevents+json"
_TYPE_PATTERN = re.compile(r"^org\.peelian\.[a-z_]+\.[a-z_]+\.v[1-9][0-9]*$")


class EventPayload(BaseModel):
    """Base of every event payload; subclasses are registered with :meth:`EventRegistry.event`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    topic: ClassVar[str]


class CloudEvent(BaseModel):
    """A CloudEvents 1.0 envelope; the whole envelope is the Kafka message value."""

    model_config = ConfigDict(extra="allow")

    specversion: Literal["1.0"] = "1.0"
    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    source: str
    type: str
    subject: str
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    datacontenttype: Literal["application/json"] = "application/json"
    data: dict[str, Any]
    # Extension attributes: lower-case alphanumerics only, per the CloudEvents spec.
    correlationid: str | None = None
    traceparent: str | None = None

    @classmethod
    def wrap(
        cls,
        payload: EventPayload,
        *,
        service: str,
        subject: str,
        correlation_id: str | None = None,
        traceparent: str | None = None,
    ) -> CloudEvent:
        return cls(
            source=f"/peelian/{service}",
            type=payload.event_type,
            subject=subject,
            data=payload.model_dump(mode="json"),
            correlationid=correlation_id or current_correlation_id(),
            traceparent=traceparent,
        )

    def to_json(self) -> bytes:
        return orjson.dumps(self.model_dump(mode="json", exclude_none=True))

    @classmethod
    def from_json(cls, raw: bytes) -> CloudEvent:
        return cls.model_validate(orjson.loads(raw))

    def payload(self) -> EventPayload:
        return registry.payload_class(self.type).model_validate(self.data)


P = TypeVar("P", bound=type[EventPayload])


class UnknownEventType(KeyError):
    pass


class EventRegistry:
    """Maps event type names to payload classes; one instance, filled by the contracts."""

    def __init__(self) -> None:
        self._types: dict[str, type[EventPayload]] = {}

    def event(self, event_type: str, *, topic: str) -> Callable[[P], P]:
        """Class decorator: register a payload class under its type name and topic."""
        if not _TYPE_PATTERN.match(event_type):
            raise ValueError(
                f"event type {event_type!r} must look like org.peelian.<agg>.<event>.vN"
            )

        def register(cls: P) -> P:
            if event_type in self._types and self._types[event_type] is not cls:
                raise ValueError(f"event type {event_type} is registered twice")
            cls.event_type = event_type
            cls.topic = topic
            self._types[event_type] = cls
            return cls

        return register

    def payload_class(self, event_type: str) -> type[EventPayload]:
        try:
            return self._types[event_type]
        except KeyError:
            raise UnknownEventType(event_type) from None

    def types(self) -> dict[str, type[EventPayload]]:
        return dict(self._types)

    def topics(self) -> set[str]:
        return {cls.topic for cls in self._types.values()}


registry = EventRegistry()
