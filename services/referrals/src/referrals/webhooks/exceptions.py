"""Typed errors of the webhooks domain."""

from __future__ import annotations

from peelian.errors import BadRequest, Conflict, Forbidden, NotFound


class EndpointNotFound(NotFound):
    error = "endpoint_not_found"

    def __init__(self) -> None:
        super().__init__("this partner agency has no webhook endpoint with this id")


class DeliveryNotFound(NotFound):
    error = "delivery_not_found"

    def __init__(self) -> None:
        super().__init__("this partner agency has no webhook delivery with this id")


class InvalidWebhookUrl(BadRequest):
    """The endpoint's URL is not one deliveries may go to."""

    error = "invalid_webhook_url"


class EndpointDisabled(Conflict):
    """The endpoint is disabled: enable it before replaying to it."""

    error = "endpoint_disabled"

    def __init__(self) -> None:
        super().__init__("the endpoint is disabled: enable it (PATCH enabled=true) first")


class DeliveryInProgress(Conflict):
    """The delivery is still being attempted: it needs no replay."""

    error = "delivery_in_progress"

    def __init__(self) -> None:
        super().__init__(
            "this delivery is still pending (being retried): replay it once it is delivered "
            "or dead-lettered"
        )


class PartnerManaged(Forbidden):
    """Webhooks and their deliveries belong to the partner agency (and admins)."""

    error = "partner_managed"

    def __init__(self) -> None:
        super().__init__("a partner agency's webhooks are managed by the agency and by admins")
