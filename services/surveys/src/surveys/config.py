"""Settings of the surveys service: environment variables prefixed SURVEYS_ (or PEELIAN_)."""

from pydantic import PostgresDsn
from pydantic_settings import SettingsConfigDict

from peelian.settings import BaseServiceSettings


class SurveysSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SURVEYS_")

    service_name: str = "surveys"
    database_url: PostgresDsn = PostgresDsn("postgresql+asyncpg://postgres@127.0.0.1:5432/surveys")
