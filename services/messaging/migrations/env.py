import messaging.areas.models
import messaging.channels.models
import messaging.complaints.models
import messaging.conversations.models
import messaging.discussions.models
import messaging.inbox.models
import messaging.notifications.models
import messaging.publications.models
import messaging.subscriptions.models
import messaging.topics.models  # noqa: F401 (the imports register the tables on the metadata)
from messaging.config import MessagingSettings
from messaging.models import Base
from peelian.db.migrations import run_alembic_env

run_alembic_env(Base.metadata, lambda: str(MessagingSettings().database_url))
