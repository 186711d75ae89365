"""conversations, messages and blocks; discussions, proposals and votes; complaints

A branch of its own from 0001 (label "conversations"): the other domains of this service keep
theirs, and `alembic upgrade heads` applies every branch.

Revision ID: c001
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "c001"
down_revision = "0001"
branch_labels = ("conversations",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("citizen_anonymous", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=True),
        sa.Column("publication_id", sa.Uuid(), nullable=True),
        sa.Column("team", sa.String(length=100), nullable=False),
        sa.Column("assigned_officer_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "last_message_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("citizen_read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("team_read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
        sa.UniqueConstraint("report_id", name=op.f("uq_conversations_report_id")),
    )
    op.create_index(
        op.f("ix_conversations_assigned_officer_id"),
        "conversations",
        ["assigned_officer_id"],
        unique=False,
    )
    op.create_index(
        "ix_conversations_citizen_activity",
        "conversations",
        ["citizen_id", "last_message_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_conversations_publication_id"), "conversations", ["publication_id"], unique=False
    )
    op.create_index(
        "ix_conversations_team_activity", "conversations", ["team", "last_message_at"], unique=False
    )
    op.create_table(
        "discussions",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("question", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("areas", postgresql.ARRAY(sa.String(length=100)), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("answered_proposal_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("responded_by", sa.Uuid(), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discussions")),
    )
    op.create_index(
        "ix_discussions_areas", "discussions", ["areas"], unique=False, postgresql_using="gin"
    )
    op.create_index(
        "ix_discussions_created_at_id", "discussions", ["created_at", "id"], unique=False
    )
    op.create_table(
        "complaints",
        sa.Column("complainant_id", sa.Uuid(), nullable=True),
        sa.Column("complainant_anonymous", sa.Boolean(), nullable=False),
        sa.Column("about", sa.Text(), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=True),
        sa.Column("conversation_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("responded_by", sa.Uuid(), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_complaints_conversation_id_conversations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
    )
    op.create_index(
        "ix_complaints_complainant_created",
        "complaints",
        ["complainant_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_complaints_status_created", "complaints", ["status", "created_at"], unique=False
    )
    op.create_table(
        "conversation_blocks",
        sa.Column("subject", sa.Uuid(), nullable=False),
        sa.Column("subject_anonymous", sa.Boolean(), nullable=False),
        sa.Column("conversation_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("blocked_by", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_blocks_conversation_id_conversations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_blocks")),
        sa.UniqueConstraint("subject", name=op.f("uq_conversation_blocks_subject")),
    )
    op.create_table(
        "conversation_messages",
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column(
            "at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column("author_role", sa.String(length=16), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attachments", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_by", sa.Uuid(), nullable=True),
        sa.Column("hidden_reason", sa.String(length=500), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_messages_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_messages")),
    )
    op.create_index(
        "ix_conversation_messages_conversation_at",
        "conversation_messages",
        ["conversation_id", "at", "id"],
        unique=False,
    )
    op.create_table(
        "discussion_proposals",
        sa.Column("discussion_id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_by", sa.Uuid(), nullable=True),
        sa.Column("hidden_reason", sa.String(length=500), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["discussion_id"],
            ["discussions.id"],
            name=op.f("fk_discussion_proposals_discussion_id_discussions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discussion_proposals")),
    )
    op.create_index(
        op.f("ix_discussion_proposals_author_id"),
        "discussion_proposals",
        ["author_id"],
        unique=False,
    )
    op.create_index(
        "ix_discussion_proposals_discussion_at",
        "discussion_proposals",
        ["discussion_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "discussion_votes",
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("voter_id", sa.Uuid(), nullable=False),
        sa.Column("stance", sa.String(length=8), nullable=False),
        sa.Column(
            "voted_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "stance IN ('support', 'oppose')", name=op.f("ck_discussion_votes_stance")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["discussion_proposals.id"],
            name=op.f("fk_discussion_votes_proposal_id_discussion_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("proposal_id", "voter_id", name=op.f("pk_discussion_votes")),
    )
    op.create_index(
        op.f("ix_discussion_votes_voter_id"), "discussion_votes", ["voter_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_discussion_votes_voter_id"), table_name="discussion_votes")
    op.drop_table("discussion_votes")
    op.drop_index("ix_discussion_proposals_discussion_at", table_name="discussion_proposals")
    op.drop_index(op.f("ix_discussion_proposals_author_id"), table_name="discussion_proposals")
    op.drop_table("discussion_proposals")
    op.drop_index("ix_conversation_messages_conversation_at", table_name="conversation_messages")
    op.drop_table("conversation_messages")
    op.drop_table("conversation_blocks")
    op.drop_index("ix_complaints_status_created", table_name="complaints")
    op.drop_index("ix_complaints_complainant_created", table_name="complaints")
    op.drop_table("complaints")
    op.drop_index("ix_discussions_created_at_id", table_name="discussions")
    op.drop_index("ix_discussions_areas", table_name="discussions", postgresql_using="gin")
    op.drop_table("discussions")
    op.drop_index("ix_conversations_team_activity", table_name="conversations")
    op.drop_index(op.f("ix_conversations_publication_id"), table_name="conversations")
    op.drop_index("ix_conversations_citizen_activity", table_name="conversations")
    op.drop_index(op.f("ix_conversations_assigned_officer_id"), table_name="conversations")
    op.drop_table("conversations")
