import gateway.accounts.models
import gateway.clients.models
import gateway.tokens.models  # noqa: F401 (the imports register the tables on the metadata)
from gateway.config import GatewaySettings
from gateway.models import Base
from peelian.db.migrations import run_alembic_env

run_alembic_env(Base.metadata, lambda: str(GatewaySettings().database_url))
