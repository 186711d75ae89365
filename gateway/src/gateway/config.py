"""Settings of the gateway service: environment variables prefixed GATEWAY_ (or PEELIAN_)."""

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, PostgresDsn, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from gateway.routing.table import DEFAULT_ROUTES, DEFAULT_UPSTREAMS, Route
from peelian.settings import DEV_SECRET_PREFIX, BaseServiceSettings

MIB = 1024 * 1024
# gateway/src/gateway/config.py -> the repository's root, where `make dashboard` builds.
REPOSITORY = Path(__file__).resolve().parents[3]


class GatewaySettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_")

    service_name: str = "gateway"
    database_url: PostgresDsn = PostgresDsn("postgresql+asyncpg://postgres@127.0.0.1:5432/gateway")
    redis_url: str = "redis://127.0.0.1:6379/0"
    # Every Redis key of this deployment starts with this (several deployments, one Redis).
    redis_prefix: str = "peelian:gateway:"

    # --- routing: which path prefix goes to which service (GATEWAY_ROUTES as JSON) ---
    upstreams: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_UPSTREAMS))
    routes: list[Route] = Field(default_factory=lambda: list(DEFAULT_ROUTES))
    upstream_connect_timeout: float = Field(default=3.0, gt=0)
    upstream_read_timeout: float = Field(default=60.0, gt=0)
    upstream_pool_size: int = Field(default=100, ge=1)
    # Request body limits by route class, in bytes.
    body_limit_default: int = Field(default=1 * MIB, ge=0)
    # The largest evidence file the services take (1 GiB) plus room for the multipart framing
    # around it, so that a file of exactly the limit is the service's to judge.
    body_limit_upload: int = Field(default=1025 * MIB, ge=0)
    # Client addresses (exact IPs) whose X-Forwarded-For is believed: the load balancers.
    trusted_proxies: list[str] = Field(default_factory=list)

    # --- rate limits: "<count>/<seconds>" per route class, per principal and per client IP ---
    rate_limit_auth: str = "10/60"
    rate_limit_default: str = "600/60"
    rate_limit_upload: str = "60/60"
    # Keys client addresses in Redis so that no address is stored in the clear.
    rate_limit_key_secret: SecretStr = SecretStr(DEV_SECRET_PREFIX + "rate-limit-key")

    # --- browsers ---
    dashboard_origin: str = "http://127.0.0.1:8000"
    # The built dashboard (`make dashboard`), served at /dashboard/.
    dashboard_dir: Path = REPOSITORY / "dashboard" / "dist"
    # Where browsers fetch evidence from: the origin of reporting's presigned URLs (its
    # s3_public_endpoint, or else its s3_endpoint). The dashboard's pages may show images and
    # video from there and from nowhere else.
    evidence_origin: str = "http://127.0.0.1:9000"

    # --- tokens ---
    access_token_ttl: int = Field(default=900, ge=60, description="seconds")
    refresh_token_ttl: int = Field(default=30 * 24 * 3600, ge=300, description="seconds")
    # Encrypts the signing keys' private halves at rest in the gateway's database.
    signing_key_passphrase: SecretStr = SecretStr(DEV_SECRET_PREFIX + "signing-key-passphrase")
    signing_algorithm: str = Field(default="EdDSA", pattern="^(EdDSA|ES256)$")
    # A new signing key is made when the current one is older than this (0 = never).
    signing_key_max_age_days: int = Field(default=30, ge=0)
    # How often each replica re-reads the key ring, so a rotation elsewhere reaches it.
    key_ring_refresh_seconds: float = Field(default=30.0, gt=0)

    # --- accounts ---
    first_admin_email: str | None = None
    first_admin_password: SecretStr | None = None
    password_min_length: int = Field(default=10, ge=8)
    # argon2id cost (RFC 9106's second recommendation by default; tests lower it).
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=64 * 1024, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)
    # Failed logins per email: from `login_delay_after` failures each further attempt must
    # wait `login_delay_base * 2**k` seconds; at `login_lockout_after` the email is locked.
    login_delay_after: int = Field(default=3, ge=1)
    login_delay_base: float = Field(default=1.0, ge=0)
    login_lockout_after: int = Field(default=10, ge=2)
    login_lockout_seconds: int = Field(default=900, ge=1)

    @field_validator("evidence_origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        # It goes into a Content-Security-Policy header verbatim: only a bare origin may.
        parts = urlsplit(value)
        if (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
            or parts.username is not None
            or any(c in value for c in " ;,'\"")
        ):
            raise ValueError(f"an origin (scheme://host[:port]) is needed, not {value!r}")
        return f"{parts.scheme}://{parts.netloc}"
