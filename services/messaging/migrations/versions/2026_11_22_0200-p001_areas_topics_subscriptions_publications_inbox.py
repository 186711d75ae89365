"""areas, topics, subscriptions, publications and their translations, fan-outs, inboxes

Revision ID: p001
Revises: 0001
Create Date: 2026-11-22
"""

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "p001"
down_revision = "0001"
branch_labels = ("publications",)
depends_on = None


class _Polygon(sa.types.UserDefinedType[Any]):
    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "polygon"


# The topics of interest the force writes about and people subscribe to.
_TOPICS = [
    ("personal-safety", "Personal safety"),
    ("property-security", "Property security"),
    ("nightlife", "Nightlife and responsible drinking"),
    ("alcohol-related-violence", "Alcohol-related violence"),
    ("drugs", "Drugs"),
    ("sexual-offences", "Sexual offences"),
    ("mental-health", "Mental health and student support"),
    ("missing-persons", "Missing persons"),
]


def upgrade() -> None:
    op.create_table(
        "areas",
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("geojson", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("boundary", _Polygon(), nullable=False),
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
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_areas")),
    )
    op.create_table(
        "publications",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=True),
        sa.Column("areas", postgresql.ARRAY(sa.String(length=100)), nullable=False),
        sa.Column("topics", postgresql.ARRAY(sa.String(length=50)), nullable=False),
        sa.Column("default_language", sa.String(length=16), nullable=False),
        sa.Column("requires_acknowledgement", sa.Boolean(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retraction_reason", sa.String(length=500), nullable=True),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
    )
    op.create_index(
        "ix_publications_areas", "publications", ["areas"], unique=False, postgresql_using="gin"
    )
    op.create_index(
        "ix_publications_status_published", "publications", ["status", "published_at"], unique=False
    )
    op.create_table(
        "subscriptions",
        sa.Column("subscriber_id", sa.Uuid(), nullable=False),
        sa.Column("areas", postgresql.ARRAY(sa.String(length=100)), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("radius_m", sa.Float(), nullable=True),
        sa.Column("matched_areas", postgresql.ARRAY(sa.String(length=100)), nullable=False),
        sa.Column("topics", postgresql.ARRAY(sa.String(length=50)), nullable=False),
        sa.Column("channels", postgresql.ARRAY(sa.String(length=16)), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("quiet_from", sa.Time(), nullable=True),
        sa.Column("quiet_to", sa.Time(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("subscriber_id", name=op.f("uq_subscriptions_subscriber_id")),
    )
    op.create_index(
        "ix_subscriptions_matched_areas",
        "subscriptions",
        ["matched_areas"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_table(
        "topics",
        sa.Column("slug", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_topics")),
    )
    op.create_table(
        "fan_outs",
        sa.Column("publication_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("after_subscription", sa.Uuid(), nullable=True),
        sa.Column("subscriptions_scanned", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_fan_outs_publication_id_publications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("publication_id", name=op.f("pk_fan_outs")),
    )
    op.create_table(
        "inbox_entries",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("publication_id", sa.Uuid(), nullable=False),
        sa.Column("recipient_id", sa.Uuid(), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=True),
        sa.Column("state", sa.String(length=16), server_default="delivered", nullable=False),
        sa.Column("acknowledgement", sa.String(length=16), nullable=True),
        sa.Column(
            "delivered_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_inbox_entries_publication_id_publications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_entries")),
        sa.UniqueConstraint(
            "publication_id",
            "recipient_id",
            name=op.f("uq_inbox_entries_publication_id_recipient_id"),
        ),
    )
    op.create_index(
        "ix_inbox_entries_recipient_delivered",
        "inbox_entries",
        ["recipient_id", "delivered_at", "id"],
        unique=False,
    )
    op.create_table(
        "publication_translations",
        sa.Column("publication_id", sa.Uuid(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_publication_translations_publication_id_publications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "publication_id", "language", name=op.f("pk_publication_translations")
        ),
    )
    op.execute("CREATE INDEX ix_areas_boundary ON areas USING gist (boundary)")
    topics = sa.table("topics", sa.column("slug", sa.String), sa.column("name", sa.String))
    op.bulk_insert(topics, [{"slug": s, "name": n} for s, n in _TOPICS])


def downgrade() -> None:
    op.drop_table("publication_translations")
    op.drop_index("ix_inbox_entries_recipient_delivered", table_name="inbox_entries")
    op.drop_table("inbox_entries")
    op.drop_table("fan_outs")
    op.drop_table("topics")
    op.drop_index(
        "ix_subscriptions_matched_areas", table_name="subscriptions", postgresql_using="gin"
    )
    op.drop_table("subscriptions")
    op.drop_index("ix_publications_status_published", table_name="publications")
    op.drop_index("ix_publications_areas", table_name="publications", postgresql_using="gin")
    op.drop_table("publications")
    op.drop_table("areas")
