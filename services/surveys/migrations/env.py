from peelian.db.migrations import run_alembic_env
from surveys.config import SurveysSettings
from surveys.models import Base

run_alembic_env(Base.metadata, lambda: str(SurveysSettings().database_url))
