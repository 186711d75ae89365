"""Settings of the gateway service: environment variables prefixed GATEWAY_ (or PEELIAN_)."""

from pydantic import PostgresDsn
from pydantic_settings import SettingsConfigDict

from peelian.settings import BaseServiceSettings


class GatewaySettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_")

    service_name: str = "gateway"
    database_url: PostgresDsn = PostgresDsn("postgresql+asyncpg://postgres@127.0.0.1:5432/gateway")
