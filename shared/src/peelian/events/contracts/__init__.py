"""Every event the platform publishes, one module per producing service.

Importing this package registers all contracts, so consumers, the topic provisioning and the
AsyncAPI catalogue see the same list.
"""

from peelian.events.contracts import (
    identity,
    messaging,
    referrals,
    reporting,
    scheduling,
    surveys,
)

__all__ = ["identity", "messaging", "referrals", "reporting", "scheduling", "surveys"]
