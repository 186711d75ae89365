"""Settings of the scheduling service: environment variables prefixed SCHEDULING_ (or PEELIAN_)."""

from pydantic import PostgresDsn
from pydantic_settings import SettingsConfigDict

from peelian.settings import BaseServiceSettings


class SchedulingSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SCHEDULING_")

    service_name: str = "scheduling"
    database_url: PostgresDsn = PostgresDsn(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/scheduling"
    )
