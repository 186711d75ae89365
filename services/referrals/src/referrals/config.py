"""Settings of the referrals service: environment variables prefixed REFERRALS_ (or PEELIAN_)."""

from pydantic import Field, PostgresDsn, SecretStr
from pydantic_settings import SettingsConfigDict

from peelian.settings import BaseServiceSettings


class ReferralsSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REFERRALS_")

    service_name: str = "referrals"
    database_url: PostgresDsn = PostgresDsn(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/referrals"
    )

    # Encrypts webhook signing secrets at rest (AES-GCM under a key derived from this);
    # changing it makes every stored secret unreadable: rotate the endpoints' secrets after.
    secrets_key: SecretStr = SecretStr("dev-only-referrals-secrets-key")

    # Webhook deliveries: one attempt may take this long, whatever the partner does.
    webhook_timeout_seconds: float = Field(default=10, gt=0)
    # Deliveries in flight at once in this process, and to one partner across every replica
    # (a slow partner holds at most its own share, never the others').
    webhook_concurrency: int = Field(default=50, ge=1)
    webhook_concurrency_per_partner: int = Field(default=4, ge=1)
    # Retries wait about base * 2^(attempt-1) seconds (with jitter, capped), then the delivery
    # is dead-lettered after this many attempts; a partner can replay it.
    webhook_max_attempts: int = Field(default=12, ge=1)
    webhook_retry_base_seconds: float = Field(default=15, gt=0)
    webhook_retry_cap_seconds: float = Field(default=6 * 3600, gt=0)
    # How often the worker looks for due deliveries when nothing wakes it.
    webhook_poll_seconds: float = Field(default=1.0, gt=0)
    # On shut-down, attempts in flight get this long to finish; the rest are handed back
    # (due again at once: the receiver may get them twice, with the same webhook-id).
    webhook_shutdown_grace_seconds: float = Field(default=5, ge=0)
    # After a rotation, deliveries are signed with the old secret too, for this long.
    webhook_secret_grace_hours: float = Field(default=24, ge=0)
    # Endpoints must be https on public addresses: one on a loopback, private or link-local
    # address would let a partner make this service call the platform's own internals. This
    # allows http and such addresses (development, tests, benchmarks).
    webhook_allow_insecure_urls: bool = False

    # Partners' own Kafka topics (referrals.feed.<slug>).
    partner_topic_partitions: int = Field(default=3, ge=1)
    partner_topic_replication: int = Field(default=1, ge=1)
