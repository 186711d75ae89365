import gateway.tokens.models  # noqa: F401 (registers the tables on the metadata)
from gateway.config import GatewaySettings
from gateway.models import Base
from peelian.db.migrations import run_alembic_env

run_alembic_env(Base.metadata, lambda: str(GatewaySettings().database_url))
