"""Settings of the referrals service: environment variables prefixed REFERRALS_ (or PEELIAN_)."""

from pydantic import PostgresDsn
from pydantic_settings import SettingsConfigDict

from peelian.settings import BaseServiceSettings


class ReferralsSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REFERRALS_")

    service_name: str = "referrals"
    database_url: PostgresDsn = PostgresDsn(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/referrals"
    )
