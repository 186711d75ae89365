from peelian.db.migrations import run_alembic_env
from reporting.config import ReportingSettings
from reporting.models import Base

run_alembic_env(Base.metadata, lambda: str(ReportingSettings().database_url))
