from peelian.db.migrations import run_alembic_env
from scheduling.config import SchedulingSettings
from scheduling.models import Base

run_alembic_env(Base.metadata, lambda: str(SchedulingSettings().database_url))
