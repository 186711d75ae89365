"""Settings of the reporting service: environment variables prefixed REPORTING_ (or PEELIAN_)."""

from pydantic import Field, PostgresDsn
from pydantic_settings import SettingsConfigDict

from peelian.settings import BaseServiceSettings, S3SettingsMixin

MIB = 1024 * 1024


class ReportingSettings(S3SettingsMixin, BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_")

    service_name: str = "reporting"
    database_url: PostgresDsn = PostgresDsn(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/reporting"
    )
    # Human-readable references: PRE-2026-000123.
    reference_prefix: str = Field(default="PRE", pattern=r"^[A-Z]{2,6}$")
    # An Idempotency-Key is remembered this long; a retry after that is a new request.
    idempotency_ttl_hours: int = Field(default=24, ge=1)

    # Originals (object lock), shareable copies and thumbnails, and direct-upload staging.
    evidence_bucket: str = "peelian-evidence"
    derivatives_bucket: str = "peelian-evidence-derivatives"
    staging_bucket: str = "peelian-evidence-staging"
    # GOVERNANCE lets a privileged operator remove evidence under retention (development,
    # court orders); COMPLIANCE lets nobody, not even the store's root user.
    evidence_lock_compliance: bool = False
    # Size limits, in bytes: per file by media kind, per report, per uploader per day.
    max_photo_bytes: int = Field(default=30 * MIB, ge=1)
    max_video_bytes: int = Field(default=1024 * MIB, ge=1)
    max_audio_bytes: int = Field(default=200 * MIB, ge=1)
    max_document_bytes: int = Field(default=50 * MIB, ge=1)
    max_report_bytes: int = Field(default=2048 * MIB, ge=1)
    max_uploader_bytes_per_day: int = Field(default=4096 * MIB, ge=1)
    # Images larger than this many pixels are refused before any decoding (pixel floods).
    max_image_pixels: int = Field(default=50_000_000, ge=1)
    thumbnail_size: int = Field(default=320, ge=16)
    # Presigned URLs: downloads are short-lived; direct uploads get time for a slow network.
    download_url_seconds: int = Field(default=60, ge=1, le=3600)
    direct_upload_seconds: int = Field(default=3600, ge=60, le=7 * 24 * 3600)
    # A download URL must be fetchable by the client, which may see the store under another
    # name than the service does (a public endpoint); None means the same endpoint.
    s3_public_endpoint: str | None = None
