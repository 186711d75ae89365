import scheduling.availability.models
import scheduling.calendars.models
import scheduling.catalogue.models
import scheduling.meetings.models
import scheduling.reminders.models
import scheduling.reports.models
import scheduling.slots.models  # noqa: F401 (the imports register the tables on the metadata)
from peelian.db.migrations import run_alembic_env
from scheduling.config import SchedulingSettings
from scheduling.models import Base

run_alembic_env(Base.metadata, lambda: str(SchedulingSettings().database_url))
