"""Create what the platform needs before it starts: databases and Kafka topics.

``python -m peelian.provision --database gateway --database reporting ...`` is idempotent: what
exists is left alone. Topics come from the event contracts (one per aggregate, plus its
``.dlq``), so adding a contract is enough to get its topic.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os

import asyncpg
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

import peelian.events.contracts  # noqa: F401  (registers every contract)
from peelian.consumer.runner import dlq_topic
from peelian.events.envelope import registry

PARTITIONS = 3


async def create_databases(admin_url: str, names: list[str]) -> list[str]:
    conn = await asyncpg.connect(admin_url)
    try:
        existing = {r["datname"] for r in await conn.fetch("SELECT datname FROM pg_database")}
        missing = [n for n in names if n not in existing]
        for name in missing:
            # Names come from our own service list, never from users; quoting guards anyway.
            await conn.execute(f'CREATE DATABASE "{name}"')
        return missing
    finally:
        await conn.close()


async def create_topics(bootstrap: str, partitions: int = PARTITIONS) -> list[str]:
    wanted = sorted(t for topic in registry.topics() for t in (topic, dlq_topic(topic)))
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in wanted if t not in existing]
        if missing:
            # Another provisioner may win the race for a topic: that is as good.
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(
                    [NewTopic(t, num_partitions=partitions, replication_factor=1) for t in missing]
                )
        return missing
    finally:
        await admin.close()


async def main(args: argparse.Namespace) -> None:
    databases = await create_databases(args.postgres_url, args.database)
    topics = await create_topics(args.kafka)
    print(f"provisioned databases: {', '.join(databases) or 'none missing'}")  # noqa: T201
    print(f"provisioned topics: {', '.join(topics) or 'none missing'}")  # noqa: T201


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", action="append", default=[], help="database to create")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "PEELIAN_ADMIN_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument(
        "--kafka", default=os.environ.get("PEELIAN_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    )
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
