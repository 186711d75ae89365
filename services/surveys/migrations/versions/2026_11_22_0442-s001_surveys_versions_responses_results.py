"""surveys and their versions; respondents, spent tokens, drafts and responses; answer cells
and tallies

Revision ID: s001
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "s001"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_cells",
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("question", sa.SmallInteger(), nullable=False),
        sa.Column("option", sa.SmallInteger(), nullable=False),
        sa.Column("response_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.SmallInteger(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint(
            "survey_id", "question", "option", "response_id", name=op.f("pk_answer_cells")
        ),
    )
    op.create_table(
        "answer_tallies",
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.SmallInteger(), nullable=False),
        sa.Column("question", sa.SmallInteger(), nullable=False),
        sa.Column("option", sa.SmallInteger(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "survey_id", "version", "question", "option", "value", name=op.f("pk_answer_tallies")
        ),
    )
    op.create_table(
        "surveys",
        sa.Column("slug", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("areas", postgresql.ARRAY(sa.String(length=100)), nullable=False),
        sa.Column("topics", postgresql.ARRAY(sa.String(length=50)), nullable=False),
        sa.Column("account_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("layout", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("published_by", sa.Uuid(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Uuid(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("results_public", sa.Boolean(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
        sa.UniqueConstraint("slug", name=op.f("uq_surveys_slug")),
    )
    op.create_index(
        "ix_surveys_closing",
        "surveys",
        ["closes_at"],
        unique=False,
        postgresql_where=sa.text("status = 'published'"),
    )
    op.create_index("ix_surveys_created", "surveys", ["created_at", "id"], unique=False)
    op.create_table(
        "drafts",
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("answers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_drafts_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("survey_id", "token_hash", name=op.f("pk_drafts")),
    )
    op.create_table(
        "respondents",
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("respondent_key", sa.LargeBinary(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_respondents_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("survey_id", "respondent_key", name=op.f("pk_respondents")),
    )
    op.create_index(
        "ix_respondents_respondent_key", "respondents", ["respondent_key"], unique=False
    )
    op.create_table(
        "responses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_day", sa.DateTime(timezone=True), nullable=False),
        sa.Column("respondent_id", sa.Uuid(), nullable=True),
        sa.Column("answers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_responses_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
    )
    op.create_index(
        "ix_responses_survey_day", "responses", ["survey_id", "submitted_day", "id"], unique=False
    )
    op.create_index(
        "uq_responses_respondent",
        "responses",
        ["respondent_id", "survey_id"],
        unique=True,
        postgresql_where=sa.text("respondent_id IS NOT NULL"),
    )
    op.create_table(
        "spent_tokens",
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_spent_tokens_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("survey_id", "token_hash", name=op.f("pk_spent_tokens")),
    )
    op.create_table(
        "survey_versions",
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("published_by", sa.Uuid(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
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
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_versions_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("survey_id", "number", name=op.f("pk_survey_versions")),
    )


def downgrade() -> None:
    op.drop_table("survey_versions")
    op.drop_table("spent_tokens")
    op.drop_index(
        "uq_responses_respondent",
        table_name="responses",
        postgresql_where=sa.text("respondent_id IS NOT NULL"),
    )
    op.drop_index("ix_responses_survey_day", table_name="responses")
    op.drop_table("responses")
    op.drop_index("ix_respondents_respondent_key", table_name="respondents")
    op.drop_table("respondents")
    op.drop_table("drafts")
    op.drop_index("ix_surveys_created", table_name="surveys")
    op.drop_index(
        "ix_surveys_closing", table_name="surveys", postgresql_where=sa.text("status = 'published'")
    )
    op.drop_table("surveys")
    op.drop_table("answer_tallies")
    op.drop_table("answer_cells")
