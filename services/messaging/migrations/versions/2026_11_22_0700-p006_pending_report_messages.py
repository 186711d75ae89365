"""what messaging knows of each report, and messages waiting for a report's conversation

Revision ID: p006
Revises: p005
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "p006"
down_revision = "p005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_contacts",
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("contact_consent", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_contacts")),
    )
    op.create_table(
        "pending_report_messages",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_report_messages")),
    )
    op.create_index(
        op.f("ix_pending_report_messages_report_id"),
        "pending_report_messages",
        ["report_id"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_pending_report_messages_report_id"), table_name="pending_report_messages"
    )
    op.drop_table("pending_report_messages")
    op.drop_table("report_contacts")
