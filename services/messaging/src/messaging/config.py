"""Settings of the messaging service: environment variables prefixed MESSAGING_ (or PEELIAN_)."""

from pydantic import PostgresDsn
from pydantic_settings import SettingsConfigDict

from peelian.settings import BaseServiceSettings


class MessagingSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MESSAGING_")

    service_name: str = "messaging"
    database_url: PostgresDsn = PostgresDsn(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/messaging"
    )
