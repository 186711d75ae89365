from messaging.config import MessagingSettings
from messaging.models import Base
from peelian.db.migrations import run_alembic_env

run_alembic_env(Base.metadata, lambda: str(MessagingSettings().database_url))
