"""categories, areas, reports, timeline, evidence and chain of custody

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


class _Polygon(sa.types.UserDefinedType[Any]):
    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "polygon"


# The categories a report must be able to name from the first start; admins add more.
# Retention of evidence originals in days (object lock): longer for the gravest offences.
_CATEGORIES = [
    ("theft", "Theft", "Theft of or from a person, a bicycle, a vehicle or a home", 2557),
    ("drugs", "Drugs", "Dealing, possession or use of controlled drugs", 2557),
    ("criminal-damage", "Criminal damage", "Vandalism, graffiti, arson", 2557),
    ("anti-social-behaviour", "Anti-social behaviour", "Noise, harassment, intimidation", 1096),
    ("mental-health", "Mental health", "Concern for someone's mental health or safety", 2557),
    ("violent-crime", "Violent crime", "Assault, robbery, threats of violence", 7305),
    ("sexual-offence", "Sexual offence", "Sexual assault, harassment, exposure, spiking", 7305),
    ("other", "Other", "Anything else the police should know", 2557),
]


def upgrade() -> None:
    # Radius search (earth_distance over a GiST index) and duplicate suggestions (trigram
    # similarity) use PostgreSQL's contrib extensions, which ship with the server.
    op.execute("CREATE EXTENSION IF NOT EXISTS cube")
    op.execute("CREATE EXTENSION IF NOT EXISTS earthdistance")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # References (PRE-2026-000123) come from a sequence: no row lock serialises submissions.
    op.execute("CREATE SEQUENCE report_reference_seq")
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
        "categories",
        sa.Column("slug", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
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
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_categories")),
    )
    op.create_table(
        "idempotency_records",
        sa.Column("principal_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.LargeBinary(length=32), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("principal_id", "key", name=op.f("pk_idempotency_records")),
    )
    op.create_table(
        "reports",
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("occurred_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred_to", sa.DateTime(timezone=True), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("location_text", sa.String(length=500), nullable=True),
        sa.Column("areas", postgresql.ARRAY(sa.String(length=100)), nullable=False),
        sa.Column("people", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("vehicles", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("anonymity", sa.String(length=16), nullable=False),
        sa.Column("reporter_id", sa.Uuid(), nullable=True),
        sa.Column("reporter_anonymous", sa.Boolean(), nullable=False),
        sa.Column("contact_consent", sa.Boolean(), nullable=False),
        sa.Column("share_consent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("assigned_officer_id", sa.Uuid(), nullable=True),
        sa.Column("assigned_team", sa.String(length=100), nullable=True),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=50)), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "search",
            postgresql.TSVECTOR(),
            sa.Computed(
                "to_tsvector('english', description || ' ' || coalesce(location_text, ''))",
                persisted=True,
            ),
            nullable=False,
        ),
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
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name=op.f("ck_reports_latitude")),
        sa.CheckConstraint("longitude BETWEEN -180 AND 180", name=op.f("ck_reports_longitude")),
        sa.CheckConstraint("occurred_from <= occurred_to", name=op.f("ck_reports_occurred_range")),
        sa.ForeignKeyConstraint(
            ["category"], ["categories.slug"], name=op.f("fk_reports_category_categories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("reference", name=op.f("uq_reports_reference")),
    )
    op.create_index("ix_reports_areas", "reports", ["areas"], unique=False, postgresql_using="gin")
    op.create_index(
        op.f("ix_reports_assigned_officer_id"), "reports", ["assigned_officer_id"], unique=False
    )
    op.create_index("ix_reports_created_at_id", "reports", ["created_at", "id"], unique=False)
    op.create_index(
        "ix_reports_reporter_created", "reports", ["reporter_id", "created_at"], unique=False
    )
    op.create_index(
        "ix_reports_search", "reports", ["search"], unique=False, postgresql_using="gin"
    )
    op.create_index("ix_reports_status_created", "reports", ["status", "created_at"], unique=False)
    op.create_index("ix_reports_tags", "reports", ["tags"], unique=False, postgresql_using="gin")
    op.create_table(
        "evidence",
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=True),
        sa.Column("uploader_role", sa.String(length=16), nullable=False),
        sa.Column("media_kind", sa.String(length=16), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_key", sa.String(length=200), nullable=False),
        sa.Column("original_version_id", sa.String(length=200), nullable=True),
        sa.Column("retain_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("derivative_status", sa.String(length=16), nullable=False),
        sa.Column("derivative_key", sa.String(length=200), nullable=True),
        sa.Column("thumbnail_key", sa.String(length=200), nullable=True),
        sa.Column("integrity_alarm", sa.Boolean(), nullable=False),
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
            ["report_id"], ["reports.id"], name=op.f("fk_evidence_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    op.create_index(op.f("ix_evidence_report_id"), "evidence", ["report_id"], unique=False)
    op.create_index(
        "ix_evidence_uploader_created", "evidence", ["uploaded_by", "created_at"], unique=False
    )
    op.create_table(
        "report_links",
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("related_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("linked_by", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("report_id < related_id", name=op.f("ck_report_links_ordered")),
        sa.ForeignKeyConstraint(
            ["related_id"],
            ["reports.id"],
            name=op.f("fk_report_links_related_id_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_report_links_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("report_id", "related_id", name=op.f("pk_report_links")),
    )
    op.create_index("ix_report_links_related_id", "report_links", ["related_id"], unique=False)
    op.create_table(
        "timeline_entries",
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column(
            "at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_timeline_entries_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeline_entries")),
    )
    op.create_index(
        "ix_timeline_entries_report_at", "timeline_entries", ["report_id", "at", "id"], unique=False
    )
    op.create_table(
        "custody_events",
        sa.Column("evidence_id", sa.Uuid(), nullable=False),
        sa.Column(
            "at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=500), nullable=True),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name=op.f("fk_custody_events_evidence_id_evidence")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custody_events")),
    )
    op.create_index(
        "ix_custody_events_evidence_at", "custody_events", ["evidence_id", "at"], unique=False
    )
    op.create_table(
        "direct_uploads",
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column("requester_role", sa.String(length=16), nullable=False),
        sa.Column("staging_key", sa.String(length=200), nullable=False),
        sa.Column("max_bytes", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("evidence_id", sa.Uuid(), nullable=True),
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
            ["evidence_id"], ["evidence.id"], name=op.f("fk_direct_uploads_evidence_id_evidence")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_direct_uploads_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_direct_uploads")),
    )
    op.create_index(
        op.f("ix_direct_uploads_report_id"), "direct_uploads", ["report_id"], unique=False
    )
    op.execute("CREATE INDEX ix_areas_boundary ON areas USING gist (boundary)")
    op.execute(
        "CREATE INDEX ix_reports_earth ON reports USING gist (ll_to_earth(latitude, longitude)) "
        "WHERE latitude IS NOT NULL"
    )
    op.execute(
        "CREATE INDEX ix_reports_description_trgm ON reports USING gin (description gin_trgm_ops)"
    )
    # The chain of custody is evidence in its own right: rows are appended, never changed.
    op.execute(
        """
        CREATE FUNCTION custody_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'custody_events is append-only (% refused)', TG_OP;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER custody_events_append_only BEFORE UPDATE OR DELETE ON custody_events "
        "FOR EACH ROW EXECUTE FUNCTION custody_events_append_only()"
    )
    categories = sa.table(
        "categories",
        sa.column("slug", sa.String),
        sa.column("name", sa.String),
        sa.column("description", sa.String),
        sa.column("retention_days", sa.Integer),
        sa.column("active", sa.Boolean),
    )
    op.bulk_insert(
        categories,
        [
            {"slug": s, "name": n, "description": d, "retention_days": r, "active": True}
            for s, n, d, r in _CATEGORIES
        ],
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER custody_events_append_only ON custody_events")
    op.execute("DROP FUNCTION custody_events_append_only()")
    op.drop_index(op.f("ix_direct_uploads_report_id"), table_name="direct_uploads")
    op.drop_table("direct_uploads")
    op.drop_index("ix_custody_events_evidence_at", table_name="custody_events")
    op.drop_table("custody_events")
    op.drop_index("ix_timeline_entries_report_at", table_name="timeline_entries")
    op.drop_table("timeline_entries")
    op.drop_index("ix_report_links_related_id", table_name="report_links")
    op.drop_table("report_links")
    op.drop_index("ix_evidence_uploader_created", table_name="evidence")
    op.drop_index(op.f("ix_evidence_report_id"), table_name="evidence")
    op.drop_table("evidence")
    op.drop_index("ix_reports_tags", table_name="reports", postgresql_using="gin")
    op.drop_index("ix_reports_status_created", table_name="reports")
    op.drop_index("ix_reports_search", table_name="reports", postgresql_using="gin")
    op.drop_index("ix_reports_reporter_created", table_name="reports")
    op.drop_index("ix_reports_created_at_id", table_name="reports")
    op.drop_index(op.f("ix_reports_assigned_officer_id"), table_name="reports")
    op.drop_index("ix_reports_areas", table_name="reports", postgresql_using="gin")
    op.drop_table("reports")
    op.drop_table("idempotency_records")
    op.drop_table("categories")
    op.drop_table("areas")
    op.execute("DROP SEQUENCE report_reference_seq")
