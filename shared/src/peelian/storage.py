"""S3 object storage (MinIO in development): bucket bootstrap and readiness.

The minio SDK is synchronous; calls run in worker threads so the event loop never blocks.
Buckets for evidence originals are created with object lock, which S3 only allows at creation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import anyio
import urllib3
from minio import Minio
from minio.commonconfig import COMPLIANCE, ENABLED, GOVERNANCE, Filter
from minio.lifecycleconfig import Expiration, LifecycleConfig, Rule
from minio.objectlockconfig import DAYS, ObjectLockConfig

from peelian.settings import S3SettingsMixin

T = TypeVar("T")


@dataclass(frozen=True)
class Bucket:
    """A bucket a service owns, created on start-up (or once the store answers)."""

    name: str
    # Object lock (WORM) can only be switched on when the bucket is created.
    object_lock: bool = False
    # Objects older than this are deleted by the store itself (staging areas).
    expire_days: int | None = None


class ObjectStore:
    def __init__(self, client: Minio) -> None:
        self.client = client

    @classmethod
    def from_settings(cls, settings: S3SettingsMixin) -> ObjectStore:
        return cls(
            Minio(
                settings.s3_endpoint,
                access_key=settings.s3_access_key,
                secret_key=settings.s3_secret_key.get_secret_value(),
                secure=settings.s3_secure,
                region=settings.s3_region,
                # Bounded timeouts and few retries: an outage must surface as a prompt 503.
                http_client=urllib3.PoolManager(
                    timeout=urllib3.Timeout(connect=3, read=30),
                    retries=urllib3.Retry(total=2, backoff_factor=0.2, status_forcelist=(503,)),
                    maxsize=20,
                ),
            )
        )

    async def call(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Run a minio SDK call in a worker thread."""
        return await anyio.to_thread.run_sync(partial(fn, *args, **kwargs))

    async def ensure_bucket(
        self,
        name: str,
        *,
        object_lock: bool = False,
        retention_days: int | None = None,
        compliance: bool = False,
    ) -> None:
        """Create ``name`` if missing; with object lock, set default retention for new objects."""
        if not await self.call(self.client.bucket_exists, name):
            await self.call(self.client.make_bucket, name, object_lock=object_lock)
        if object_lock and retention_days:
            mode = COMPLIANCE if compliance else GOVERNANCE
            await self.call(
                self.client.set_object_lock_config,
                name,
                ObjectLockConfig(mode, retention_days, DAYS),
            )

    async def ensure(self, bucket: Bucket) -> None:
        """Create ``bucket`` as specified if missing, and (re)apply its expiry rule."""
        await self.ensure_bucket(bucket.name, object_lock=bucket.object_lock)
        if bucket.expire_days is not None:
            rule = Rule(
                ENABLED,
                rule_filter=Filter(prefix=""),
                rule_id="expire",
                expiration=Expiration(days=bucket.expire_days),
            )
            await self.call(self.client.set_bucket_lifecycle, bucket.name, LifecycleConfig([rule]))
