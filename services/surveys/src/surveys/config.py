"""Settings of the surveys service: environment variables prefixed SURVEYS_ (or PEELIAN_)."""

from pydantic import Field, PostgresDsn, SecretStr
from pydantic_settings import SettingsConfigDict

from peelian.settings import DEV_SECRET_PREFIX, BaseServiceSettings


class SurveysSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SURVEYS_")

    service_name: str = "surveys"
    database_url: PostgresDsn = PostgresDsn("postgresql+asyncpg://postgres@127.0.0.1:5432/surveys")
    # Signs one-time response tokens and keys the record of who took one. Changing it voids
    # the tokens of open surveys and lets people who already took one take another.
    token_secret: SecretStr = SecretStr(DEV_SECRET_PREFIX + "survey-token-secret")
    # Breakdowns (an option's count, a cross-tabulation's group) of fewer responses than this
    # are suppressed in results, so that nobody's answers can be singled out.
    suppress_below: int = Field(default=5, ge=5)
    # How often the worker closes surveys whose closing time has passed.
    close_poll_seconds: float = Field(default=30, gt=0)
