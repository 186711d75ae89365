"""Kafka clients configured the way the platform needs them."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaProducer
from aiokafka.client import AIOKafkaClient


def idempotent_producer(bootstrap_servers: str, client_id: str) -> AIOKafkaProducer:
    """acks=all with idempotence: a retried send is never written twice, nor out of order."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
        linger_ms=2,
        max_batch_size=256 * 1024,
        request_timeout_ms=10_000,
        retry_backoff_ms=200,
    )


async def check_kafka(bootstrap_servers: str, timeout: float = 3.0) -> None:
    """Raise unless a broker answers a metadata request within ``timeout`` seconds."""
    client = AIOKafkaClient(
        bootstrap_servers=bootstrap_servers, request_timeout_ms=int(timeout * 1000)
    )
    try:
        await asyncio.wait_for(client.bootstrap(), timeout)
    finally:
        await client.close()
