"""The object store helper against the real MinIO: bucket bootstrap with object lock."""

from __future__ import annotations

import io
import uuid

import pytest
from minio.commonconfig import GOVERNANCE
from minio.error import S3Error

from peelian.settings import S3SettingsMixin
from peelian.storage import Bucket, ObjectStore
from peelian.testing.infra import Infra

pytestmark = pytest.mark.integration


async def test_locked_bucket_keeps_objects_under_retention(infra: Infra) -> None:
    settings = S3SettingsMixin(
        s3_endpoint=infra.s3_endpoint,
        s3_access_key=infra.s3_access_key,
        s3_secret_key=infra.s3_secret_key,
    )
    store = ObjectStore.from_settings(settings)
    bucket = f"test-locked-{uuid.uuid4().hex[:12]}"
    await store.ensure_bucket(bucket, object_lock=True, retention_days=1)
    await store.ensure_bucket(bucket, object_lock=True, retention_days=1)  # idempotent

    config = await store.call(store.client.get_object_lock_config, bucket)
    assert (config.mode, config.duration, config.duration_unit) == (GOVERNANCE, 1, "Days")

    put = await store.call(
        store.client.put_object, bucket, "evidence.bin", io.BytesIO(b"x" * 10), 10
    )
    with pytest.raises(Exception, match=r"(?i)retention|locked|WORM|AccessDenied"):
        await store.call(
            store.client.remove_object, bucket, "evidence.bin", version_id=put.version_id
        )
    retention = await store.call(
        store.client.get_object_retention, bucket, "evidence.bin", version_id=put.version_id
    )
    assert retention.mode == GOVERNANCE


async def test_a_staging_bucket_expires_its_objects(infra: Infra) -> None:
    settings = S3SettingsMixin(
        s3_endpoint=infra.s3_endpoint,
        s3_access_key=infra.s3_access_key,
        s3_secret_key=infra.s3_secret_key,
    )
    store = ObjectStore.from_settings(settings)
    bucket = Bucket(f"test-staging-{uuid.uuid4().hex[:12]}", expire_days=1)
    await store.ensure(bucket)
    await store.ensure(bucket)  # idempotent

    lifecycle = await store.call(store.client.get_bucket_lifecycle, bucket.name)
    assert [rule.expiration.days for rule in lifecycle.rules] == [1]
    with pytest.raises(S3Error, match="ObjectLockConfigurationNotFound"):
        await store.call(store.client.get_object_lock_config, bucket.name)
