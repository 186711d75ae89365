import referrals.feed.models
import referrals.partners.models
import referrals.referrals.models
import referrals.reports.models
import referrals.suggestions.models
import referrals.webhooks.models  # noqa: F401 (the imports register the tables on the metadata)
from peelian.db.migrations import run_alembic_env
from referrals.config import ReferralsSettings
from referrals.models import Base

run_alembic_env(Base.metadata, lambda: str(ReferralsSettings().database_url))
