import surveys.builder.models
import surveys.responses.models
import surveys.results.models  # noqa: F401 (the imports register the tables on the metadata)
from peelian.db.migrations import run_alembic_env
from surveys.config import SurveysSettings
from surveys.models import Base

run_alembic_env(Base.metadata, lambda: str(SurveysSettings().database_url))
