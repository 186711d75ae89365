import reporting.areas.models
import reporting.categories.models
import reporting.evidence.models
import reporting.reports.models  # noqa: F401 (the imports register the tables on the metadata)
from peelian.db.migrations import run_alembic_env
from reporting.config import ReportingSettings
from reporting.models import Base

run_alembic_env(Base.metadata, lambda: str(ReportingSettings().database_url))
