"""Settings of the reporting service: environment variables prefixed REPORTING_ (or PEELIAN_)."""

from pydantic import PostgresDsn
from pydantic_settings import SettingsConfigDict

from peelian.settings import BaseServiceSettings, S3SettingsMixin


class ReportingSettings(S3SettingsMixin, BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_")

    service_name: str = "reporting"
    database_url: PostgresDsn = PostgresDsn(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/reporting"
    )
    evidence_bucket: str = "peelian-evidence"
