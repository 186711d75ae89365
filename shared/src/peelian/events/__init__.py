"""Events are contracts: versioned payloads in a CloudEvents 1.0 envelope."""

from peelian.events.envelope import CloudEvent, EventPayload, registry

__all__ = ["CloudEvent", "EventPayload", "registry"]
