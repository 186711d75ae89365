"""Settings base class shared by the gateway and every service.

Each service subclasses :class:`BaseServiceSettings` with its own env prefix (``REPORTING_``);
values common to the whole platform (Kafka, S3, JWKS) may also come from the ``PEELIAN_``
prefix, so one environment file can configure every process.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, PostgresDsn, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

# Any secret whose value starts with this marker is a development default; outside
# development and test the settings refuse to load with one.
DEV_SECRET_PREFIX = "dev-only-"  # noqa: S105 (a marker, not a secret)


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class BaseServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    service_name: str
    environment: Environment = Environment.DEVELOPMENT
    log_level: str = "INFO"
    log_json: bool = True

    database_url: PostgresDsn
    database_pool_size: int = Field(default=10, ge=1)
    database_max_overflow: int = Field(default=10, ge=0)

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    # Consumers and the relay run inside the service process unless switched off (tests
    # switch them off to drive them explicitly).
    run_workers: bool = True

    jwks_url: str = "http://127.0.0.1:8000/.well-known/jwks.json"
    # A fixed JWKS document instead of the URL: for air-gapped deployments and tests.
    jwks_json: str | None = None
    jwt_issuer: str = "https://peelian.local"
    jwt_audience: str = "peelian"

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> BaseServiceSettings:
        if self.environment is Environment.PRODUCTION:
            defaults = sorted(
                name
                for name, value in self
                if isinstance(value, SecretStr)
                and value.get_secret_value().startswith(DEV_SECRET_PREFIX)
            )
            if defaults:
                raise ValueError(
                    f"refusing to start in {self.environment}: default development secrets "
                    f"in {', '.join(defaults)}; set them in the environment"
                )
        return self

    @property
    def is_development(self) -> bool:
        return self.environment is Environment.DEVELOPMENT

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The service's own prefix wins over the platform-wide PEELIAN_ prefix.
        platform_env = EnvSettingsSource(settings_cls, env_prefix="PEELIAN_")
        return (init_settings, env_settings, platform_env, file_secret_settings)


class S3SettingsMixin(BaseSettings):
    """Where evidence media lives: any S3 API works, MinIO in development."""

    s3_endpoint: str = "127.0.0.1:9000"
    s3_access_key: str = "peelian"
    s3_secret_key: SecretStr = SecretStr(DEV_SECRET_PREFIX + "minio-secret")
    s3_secure: bool = False
    s3_region: str = "us-east-1"
