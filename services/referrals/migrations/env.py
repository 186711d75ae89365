from peelian.db.migrations import run_alembic_env
from referrals.config import ReferralsSettings
from referrals.models import Base

run_alembic_env(Base.metadata, lambda: str(ReferralsSettings().database_url))
