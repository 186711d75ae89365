"""Partners' own Kafka topics: created when a partner starts taking a Kafka feed, before any
event is written for it (the outbox relay publishes in order, so a topic that cannot be
written to would hold up every event behind it)."""

from __future__ import annotations

import contextlib

import structlog
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from peelian.errors import DependencyUnavailable

log = structlog.get_logger(__name__)


class PartnerTopics:
    """Built in the lifespan; each call opens its own short admin connection (creating a
    topic is rare: an admin action), so the service starts without Kafka."""

    def __init__(self, bootstrap_servers: str, *, partitions: int, replication: int) -> None:
        self.bootstrap_servers = bootstrap_servers
        self.partitions = partitions
        self.replication = replication

    async def ensure(self, topic: str) -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap_servers)
        try:
            await admin.start()
            if topic in await admin.list_topics():
                return
            # Another replica may create it first: that is as good.
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(
                    [NewTopic(topic, self.partitions, replication_factor=self.replication)]
                )
            log.info("partner_topic_created", topic=topic)
        except KafkaError as exc:
            raise DependencyUnavailable(
                "Kafka is unavailable, so the partner's feed topic cannot be created; try again"
            ) from exc
        finally:
            await admin.close()
