from peelian.db.migrations import run_alembic_env
from widgets import Base

run_alembic_env(Base.metadata, lambda: "")
