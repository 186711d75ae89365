"""Settings of the messaging service: environment variables prefixed MESSAGING_ (or PEELIAN_)."""

from typing import Literal

from pydantic import Field, PostgresDsn, SecretStr
from pydantic_settings import SettingsConfigDict

from peelian.settings import BaseServiceSettings

# Names of the push and SMS providers (messaging.channels.adapters.build_adapters).
ProviderName = Literal["logging"]


class MessagingSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MESSAGING_")

    service_name: str = "messaging"
    database_url: PostgresDsn = PostgresDsn(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/messaging"
    )
    # Where the public reaches the platform (the gateway): links in feeds and emails.
    public_base_url: str = "http://127.0.0.1:8000"

    # The email channel: an SMTP relay (the development default is a local catcher).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=1025, ge=1, le=65535)
    smtp_from: str = "Peelian alerts <alerts@peelian.local>"
    smtp_starttls: bool = False
    # No login unless a user name is set.
    smtp_username: str | None = None
    smtp_password: SecretStr = SecretStr("dev-only-smtp-password")
    smtp_timeout_seconds: float = Field(default=10, gt=0)
    push_adapter: ProviderName = "logging"
    sms_adapter: ProviderName = "logging"
    # Fan-out: subscriptions per batch (one statement and transaction each), and how many
    # batches one replica runs at once, each on its own connection (the database's cores are
    # the limit; replicas add theirs).
    fan_out_batch_size: int = Field(default=20_000, ge=100)
    fan_out_concurrency: int = Field(default=2, ge=1, le=16)
    # A failed send is retried after 1, 2, 4... times this, capped at an hour, then given up.
    delivery_max_attempts: int = Field(default=5, ge=1)
    delivery_retry_seconds: float = Field(default=60, gt=0)

    # Signs one-click unsubscribe links; changing it breaks the links in messages already sent.
    unsubscribe_secret: SecretStr = SecretStr("dev-only-unsubscribe-secret")
