"""publication history, scheduled publishing, comments and ratings

Revision ID: p002
Revises: p001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "p002"
down_revision = "p001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("publications", sa.Column("publish_at", sa.DateTime(timezone=True)))
    op.create_index(
        "ix_publications_scheduled",
        "publications",
        ["publish_at"],
        postgresql_where=sa.text("status = 'scheduled'"),
    )
    op.create_table(
        "publication_history",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("publication_id", sa.Uuid(), nullable=False),
        sa.Column(
            "at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_publication_history_publication_id_publications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_history")),
    )
    op.create_index(
        "ix_publication_history_publication_at", "publication_history", ["publication_id", "at"]
    )
    op.create_table(
        "publication_comments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("publication_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("author_role", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
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
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_publication_comments_publication_id_publications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_comments")),
    )
    op.create_index(
        "ix_publication_comments_publication",
        "publication_comments",
        ["publication_id", "created_at"],
    )
    op.create_table(
        "publication_ratings",
        sa.Column("publication_id", sa.Uuid(), nullable=False),
        sa.Column("rater_id", sa.Uuid(), nullable=False),
        sa.Column("stars", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name=op.f("ck_publication_ratings_stars")),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_publication_ratings_publication_id_publications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("publication_id", "rater_id", name=op.f("pk_publication_ratings")),
    )


def downgrade() -> None:
    op.drop_table("publication_ratings")
    op.drop_index("ix_publication_comments_publication", table_name="publication_comments")
    op.drop_table("publication_comments")
    op.drop_index("ix_publication_history_publication_at", table_name="publication_history")
    op.drop_table("publication_history")
    op.drop_index("ix_publications_scheduled", table_name="publications")
    op.drop_column("publications", "publish_at")
