"""Settings of the scheduling service: environment variables prefixed SCHEDULING_ (or PEELIAN_)."""

from pydantic import Field, PostgresDsn
from pydantic_settings import SettingsConfigDict

from peelian.settings import BaseServiceSettings


class SchedulingSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SCHEDULING_")

    service_name: str = "scheduling"
    database_url: PostgresDsn = PostgresDsn(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/scheduling"
    )
    # Where the public reaches the platform (the gateway): links in calendar files and feeds.
    public_base_url: str = "http://127.0.0.1:8000"
    # The zone times are shown in when a client names none (tz parameter, Time-Zone header),
    # and the zone of schedules made without one.
    default_timezone: str = "Europe/London"
    # The longest date range one free-slot search may cover.
    slot_search_max_days: int = Field(default=62, ge=1, le=366)
    # How far back an officer's calendar feed reaches (it always reaches forward).
    calendar_feed_past_days: int = Field(default=30, ge=0)
    # The reminder worker looks for due reminders this often, a batch at a time.
    reminder_poll_seconds: float = Field(default=30, gt=0)
    reminder_batch_size: int = Field(default=200, ge=1)
