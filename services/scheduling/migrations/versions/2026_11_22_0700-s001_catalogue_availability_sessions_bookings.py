"""meeting types and locations, availability and its exceptions, meeting sessions, bookings,
reminders, calendar feeds, reports' reporters

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
    # GiST indexes over (text, range) for the exclusion constraints that refuse overlaps.
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "availability_exceptions",
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
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
        sa.CheckConstraint(
            "kind IN ('leave', 'bank_holiday', 'other')",
            name=op.f("ck_availability_exceptions_kind"),
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_availability_exceptions_period")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability_exceptions")),
    )
    op.create_index(
        "ix_availability_exceptions_period",
        "availability_exceptions",
        [sa.literal_column("tstzrange(starts_at, ends_at)")],
        unique=False,
        postgresql_using="gist",
    )
    op.create_table(
        "calendar_feeds",
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("teams", postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("officer_id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    op.create_table(
        "locations",
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("video_url", sa.String(length=500), nullable=True),
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
        sa.CheckConstraint(
            "(kind = 'online') = (video_url IS NOT NULL)", name=op.f("ck_locations_video_url")
        ),
        sa.CheckConstraint(
            "kind IN ('station', 'campus', 'online')", name=op.f("ck_locations_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
        sa.UniqueConstraint("slug", name=op.f("uq_locations_slug")),
    )
    op.create_table(
        "meeting_types",
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("buffer_minutes", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
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
        sa.CheckConstraint(
            "buffer_minutes BETWEEN 0 AND 240", name=op.f("ck_meeting_types_buffer")
        ),
        sa.CheckConstraint("capacity BETWEEN 1 AND 500", name=op.f("ck_meeting_types_capacity")),
        sa.CheckConstraint(
            "duration_minutes BETWEEN 5 AND 480", name=op.f("ck_meeting_types_duration")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_types")),
        sa.UniqueConstraint("slug", name=op.f("uq_meeting_types_slug")),
    )
    op.create_table(
        "report_reporters",
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("reporter_id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_reporters")),
    )
    op.create_index(
        "ix_report_reporters_reporter", "report_reporters", ["reporter_id"], unique=False
    )
    op.create_table(
        "availability",
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=False),
        sa.Column(
            "owner",
            sa.String(length=100),
            sa.Computed("coalesce(officer_id::text, 'team:' || team)", persisted=True),
            nullable=False,
        ),
        sa.Column("meeting_type_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
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
        postgresql.ExcludeConstraint(
            (sa.text("owner"), "="),
            (sa.text("weekday"), "="),
            (
                sa.text("tsrange(DATE '2000-01-01' + start_time, DATE '2000-01-01' + end_time)"),
                "&&",
            ),
            (sa.text("daterange(valid_from, valid_until, '[]')"), "&&"),
            where=sa.text("retired_at IS NULL"),
            using="gist",
            name="availability_no_overlap",
        ),
        sa.CheckConstraint("end_time > start_time", name=op.f("ck_availability_hours")),
        sa.CheckConstraint(
            "valid_until IS NULL OR valid_until >= valid_from",
            name=op.f("ck_availability_validity"),
        ),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f("ck_availability_weekday")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_availability_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_type_id"],
            ["meeting_types.id"],
            name=op.f("fk_availability_meeting_type_id_meeting_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability")),
    )
    op.create_index("ix_availability_officer", "availability", ["officer_id"], unique=False)
    op.create_index("ix_availability_team", "availability", ["team"], unique=False)
    op.create_table(
        "meeting_sessions",
        sa.Column("availability_id", sa.Uuid(), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=False),
        sa.Column(
            "owner",
            sa.String(length=100),
            sa.Computed("coalesce(officer_id::text, 'team:' || team)", persisted=True),
            nullable=False,
        ),
        sa.Column("meeting_type_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
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
        postgresql.ExcludeConstraint(
            (sa.text("owner"), "="),
            (sa.text("tstzrange(starts_at, blocked_until)"), "&&"),
            where=sa.text("booked > 0"),
            using="gist",
            name="meeting_sessions_no_overlap",
        ),
        sa.CheckConstraint(
            "booked >= 0 AND booked <= capacity", name=op.f("ck_meeting_sessions_places")
        ),
        sa.CheckConstraint(
            "ends_at > starts_at AND blocked_until >= ends_at",
            name=op.f("ck_meeting_sessions_period"),
        ),
        sa.ForeignKeyConstraint(
            ["availability_id"],
            ["availability.id"],
            name=op.f("fk_meeting_sessions_availability_id_availability"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_meeting_sessions_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_type_id"],
            ["meeting_types.id"],
            name=op.f("fk_meeting_sessions_meeting_type_id_meeting_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_sessions")),
        sa.UniqueConstraint(
            "availability_id",
            "starts_at",
            name=op.f("uq_meeting_sessions_availability_id_starts_at"),
        ),
    )
    op.create_index(
        "ix_meeting_sessions_officer_starts",
        "meeting_sessions",
        ["officer_id", "starts_at"],
        unique=False,
    )
    op.create_index(
        "ix_meeting_sessions_team_starts", "meeting_sessions", ["team", "starts_at"], unique=False
    )
    op.create_table(
        "bookings",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("citizen_anonymous", sa.Boolean(), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by", sa.String(length=16), nullable=True),
        sa.Column("cancel_reason", sa.String(length=500), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("officer_notes", sa.Text(), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
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
        sa.CheckConstraint(
            "cancelled_by IS NULL OR cancelled_by IN ('citizen', 'officer')",
            name=op.f("ck_bookings_cancelled_by"),
        ),
        sa.CheckConstraint(
            "status IN ('booked', 'cancelled', 'completed', 'no_show')",
            name=op.f("ck_bookings_status"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["meeting_sessions.id"],
            name=op.f("fk_bookings_session_id_meeting_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    op.create_index(
        "ix_bookings_citizen_created", "bookings", ["citizen_id", "created_at", "id"], unique=False
    )
    op.create_index("ix_bookings_session", "bookings", ["session_id"], unique=False)
    op.create_index(
        "uq_bookings_active_citizen",
        "bookings",
        ["session_id", "citizen_id"],
        unique=True,
        postgresql_where=sa.text("status = 'booked'"),
    )
    op.create_table(
        "reminders",
        sa.Column("booking_id", sa.Uuid(), nullable=False),
        sa.Column("hours_before", sa.SmallInteger(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'sent', 'dropped')", name=op.f("ck_reminders_state")
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_reminders_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("booking_id", "hours_before", name=op.f("pk_reminders")),
    )
    op.create_index(
        "ix_reminders_due",
        "reminders",
        ["due_at"],
        unique=False,
        postgresql_where=sa.text("state = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_reminders_due", table_name="reminders", postgresql_where=sa.text("state = 'pending'")
    )
    op.drop_table("reminders")
    op.drop_index(
        "uq_bookings_active_citizen",
        table_name="bookings",
        postgresql_where=sa.text("status = 'booked'"),
    )
    op.drop_index("ix_bookings_session", table_name="bookings")
    op.drop_index("ix_bookings_citizen_created", table_name="bookings")
    op.drop_table("bookings")
    op.drop_index("ix_meeting_sessions_team_starts", table_name="meeting_sessions")
    op.drop_index("ix_meeting_sessions_officer_starts", table_name="meeting_sessions")
    op.drop_table("meeting_sessions")
    op.drop_index("ix_availability_team", table_name="availability")
    op.drop_index("ix_availability_officer", table_name="availability")
    op.drop_table("availability")
    op.drop_index("ix_report_reporters_reporter", table_name="report_reporters")
    op.drop_table("report_reporters")
    op.drop_table("meeting_types")
    op.drop_table("locations")
    op.drop_table("calendar_feeds")
    op.drop_index(
        "ix_availability_exceptions_period",
        table_name="availability_exceptions",
        postgresql_using="gist",
    )
    op.drop_table("availability_exceptions")
    op.execute("DROP EXTENSION IF EXISTS btree_gist")
