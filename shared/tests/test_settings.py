"""Settings: prefixes, the platform-wide fallback, and refusal of default secrets."""

from __future__ import annotations

import pytest
from pydantic import PostgresDsn, ValidationError
from pydantic_settings import SettingsConfigDict

from peelian.settings import BaseServiceSettings, S3SettingsMixin


class DemoSettings(S3SettingsMixin, BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DEMO_")

    service_name: str = "demo"
    database_url: PostgresDsn = PostgresDsn("postgresql+asyncpg://postgres@127.0.0.1:5432/demo")


def test_service_prefix_wins_over_platform_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEELIAN_KAFKA_BOOTSTRAP_SERVERS", "platform:9092")
    assert DemoSettings().kafka_bootstrap_servers == "platform:9092"
    monkeypatch.setenv("DEMO_KAFKA_BOOTSTRAP_SERVERS", "own:9092")
    assert DemoSettings().kafka_bootstrap_servers == "own:9092"


def test_production_refuses_default_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PEELIAN_S3_SECRET_KEY", raising=False)
    monkeypatch.setenv("DEMO_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="s3_secret_key"):
        DemoSettings()
    monkeypatch.setenv("PEELIAN_S3_SECRET_KEY", "a-real-secret-from-the-vault")
    assert DemoSettings().s3_secret_key.get_secret_value() == "a-real-secret-from-the-vault"


def test_development_accepts_default_secrets_but_never_prints_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PEELIAN_S3_SECRET_KEY", raising=False)
    settings = DemoSettings()
    assert settings.is_development
    assert "dev-only" not in repr(settings)
