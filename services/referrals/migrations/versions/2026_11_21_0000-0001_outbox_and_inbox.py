"""outbox and inbox

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from peelian.outbox.migration import create_outbox_and_inbox_v1, drop_outbox_and_inbox_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_outbox_and_inbox_v1()


def downgrade() -> None:
    drop_outbox_and_inbox_v1()
