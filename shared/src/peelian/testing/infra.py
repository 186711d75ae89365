"""Where the test infrastructure is, and starting it when nobody else has.

Resolution order: endpoints given by environment variables; ``PEELIAN_INFRA=docker`` starts
throwaway containers with testcontainers; otherwise the native processes of
``deploy/native/infra.sh`` are used, started here if they are not already running.
"""

from __future__ import annotations

import os
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Infra:
    postgres_url: str  # an asyncpg-style URL to the maintenance database
    kafka_bootstrap: str
    s3_endpoint: str
    s3_access_key: str
    s3_secret_key: str
    redis_url: str
    native_script: Path | None = None
    containers: dict[str, Any] = field(default_factory=dict)

    def database_url(self, name: str) -> str:
        """SQLAlchemy URL of database ``name`` on the test server."""
        base = self.postgres_url.rsplit("/", 1)[0]
        return f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{name}"

    def stop_kafka(self) -> None:
        """Take the broker down (outage tests); :meth:`start_kafka` brings it back."""
        if "kafka" in self.containers:
            self.containers["kafka"].get_wrapped_container().stop()
        else:
            self._native("stop", "kafka")

    def start_kafka(self) -> None:
        if "kafka" in self.containers:
            self.containers["kafka"].get_wrapped_container().start()
        else:
            self._native("start", "kafka")

    def _native(self, *args: str) -> None:
        if self.native_script is None:
            raise RuntimeError("the infrastructure was given by environment: cannot control it")
        subprocess.run([str(self.native_script), *args], check=True)  # noqa: S603

    def close(self) -> None:
        for container in self.containers.values():
            container.stop()


def repo_root() -> Path:
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "deploy" / "native" / "infra.sh").exists():
            return candidate
    raise RuntimeError("cannot find deploy/native/infra.sh above the current directory")


def _listening(hostport: str) -> bool:
    host, _, port = hostport.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


def resolve() -> Infra:
    if os.environ.get("PEELIAN_INFRA") == "docker":
        return _docker()
    env = os.environ.get
    infra = Infra(
        postgres_url=env(
            "PEELIAN_TEST_POSTGRES_URL",
            f"postgresql://postgres@127.0.0.1:{env('PEELIAN_PG_PORT', '5432')}/postgres",
        ),
        kafka_bootstrap=env("PEELIAN_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        s3_endpoint=env("PEELIAN_S3_ENDPOINT", "127.0.0.1:9000"),
        s3_access_key=env("PEELIAN_S3_ACCESS_KEY", "peelian"),
        s3_secret_key=env("PEELIAN_S3_SECRET_KEY", "dev-only-minio-secret"),
        redis_url=env(
            "PEELIAN_REDIS_URL", f"redis://127.0.0.1:{env('PEELIAN_REDIS_PORT', '6379')}/0"
        ),
    )
    try:
        infra.native_script = repo_root() / "deploy" / "native" / "infra.sh"
    except RuntimeError:
        return infra
    hostports = [
        infra.postgres_url.split("@", 1)[1].split("/", 1)[0],
        infra.kafka_bootstrap.split(",")[0],
        infra.s3_endpoint,
        infra.redis_url.split("//", 1)[1].split("/", 1)[0],
    ]
    if not all(_listening(hp) for hp in hostports):
        infra._native("start", "postgres", "kafka", "minio", "redis")
    return infra


def _docker() -> Infra:
    # Imported here: testcontainers is only needed, and only works, where Docker runs.
    from testcontainers.community.redis import RedisContainer
    from testcontainers.kafka import KafkaContainer
    from testcontainers.minio import MinioContainer
    from testcontainers.postgres import PostgresContainer

    postgres = PostgresContainer("postgres:15", username="postgres", password="postgres")  # noqa: S106 (throwaway container)
    kafka = KafkaContainer("apache/kafka:4.1.1").with_kraft()
    minio = MinioContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z")
    redis = RedisContainer("redis:7")
    for container in (postgres, kafka, minio, redis):
        container.start()
    pg_host = postgres.get_container_host_ip()
    pg_port = postgres.get_exposed_port(5432)
    minio_config = minio.get_config()
    return Infra(
        postgres_url=f"postgresql://postgres:postgres@{pg_host}:{pg_port}/postgres",
        kafka_bootstrap=kafka.get_bootstrap_server(),
        s3_endpoint=minio_config["endpoint"],
        s3_access_key=minio_config["access_key"],
        s3_secret_key=minio_config["secret_key"],
        redis_url=f"redis://{redis.get_container_host_ip()}:{redis.get_exposed_port(6379)}/0",
        containers={"postgres": postgres, "kafka": kafka, "minio": minio, "redis": redis},
    )
