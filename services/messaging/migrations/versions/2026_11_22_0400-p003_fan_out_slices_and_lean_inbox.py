"""fan-out in parallel slices over a sequential subscription key; lean inbox and deliveries

The benchmark (bench/RESULTS.md) showed where a 650,000-recipient fan-out spent its time:
walking subscriptions in uuid order (random heap reads), a second unique index on every inbox
row, foreign-key triggers per row, and queueing deliveries by joining back to every inbox row
of the publication in each batch. Publications are never deleted (they are retracted), so the
foreign keys only cost; uniqueness per recipient and publication is now the inbox's primary
key, and a delivery is queued only for an inbox row the same statement made.

Revision ID: p003
Revises: p002, n001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "p003"
down_revision = ("p002", "n001")
branch_labels = None
depends_on = None

# When a delivery may go: now, or when the recipient's quiet hours end on their clock. Quiet
# hours may run across midnight (22:00-07:00); equal bounds mean none; urgent ignores them.
# STABLE and a single SELECT, so PostgreSQL inlines it into the fan-out statement.
_DELIVERY_DUE_AT = """
CREATE FUNCTION delivery_due_at(quiet_from time, quiet_to time, zone text, urgent boolean)
RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN urgent OR quiet_from IS NULL OR quiet_to IS NULL OR quiet_from = quiet_to
            THEN now()
        WHEN quiet_from < quiet_to AND CAST(l.at AS time) >= quiet_from
             AND CAST(l.at AS time) < quiet_to
            THEN (CAST(l.at AS date) + quiet_to) AT TIME ZONE zone
        WHEN quiet_from > quiet_to AND CAST(l.at AS time) >= quiet_from
            THEN (CAST(l.at AS date) + 1 + quiet_to) AT TIME ZONE zone
        WHEN quiet_from > quiet_to AND CAST(l.at AS time) < quiet_to
            THEN (CAST(l.at AS date) + quiet_to) AT TIME ZONE zone
        ELSE now()
    END
    FROM (SELECT now() AT TIME ZONE zone AS at) AS l
$$
"""


def upgrade() -> None:
    op.add_column(
        "subscriptions",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=True), nullable=False),
    )
    op.create_index("ix_subscriptions_seq", "subscriptions", ["seq"], unique=True)

    op.drop_column("fan_outs", "after_subscription")
    op.drop_column("fan_outs", "subscriptions_scanned")
    op.create_table(
        "fan_out_slices",
        sa.Column("publication_id", sa.Uuid(), nullable=False),
        sa.Column("slice", sa.SmallInteger(), nullable=False),
        sa.Column("after_seq", sa.BigInteger(), nullable=False),
        sa.Column("upto_seq", sa.BigInteger(), nullable=True),
        sa.Column("done", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("scanned", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("recipients", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["fan_outs.publication_id"],
            name=op.f("fk_fan_out_slices_publication_id_fan_outs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("publication_id", "slice", name=op.f("pk_fan_out_slices")),
    )

    # In place, keeping what people received: the entry is addressed by its publication.
    op.drop_index("ix_inbox_entries_recipient_delivered", table_name="inbox_entries")
    op.drop_constraint(
        "uq_inbox_entries_publication_id_recipient_id", "inbox_entries", type_="unique"
    )
    op.drop_constraint(
        "fk_inbox_entries_publication_id_publications", "inbox_entries", type_="foreignkey"
    )
    op.drop_constraint("pk_inbox_entries", "inbox_entries", type_="primary")
    op.drop_column("inbox_entries", "id")
    op.create_primary_key("pk_inbox_entries", "inbox_entries", ["recipient_id", "publication_id"])
    op.create_index("ix_inbox_entries_publication", "inbox_entries", ["publication_id"])

    op.drop_constraint(
        "uq_deliveries_publication_id_recipient_id_channel", "deliveries", type_="unique"
    )
    op.drop_constraint(
        "fk_deliveries_publication_id_publications", "deliveries", type_="foreignkey"
    )
    op.execute(_DELIVERY_DUE_AT)


def downgrade() -> None:
    op.execute("DROP FUNCTION delivery_due_at(time, time, text, boolean)")
    op.create_foreign_key(
        "fk_deliveries_publication_id_publications",
        "deliveries",
        "publications",
        ["publication_id"],
        ["id"],
        ondelete="CASCADE",
    )
    op.create_unique_constraint(
        "uq_deliveries_publication_id_recipient_id_channel",
        "deliveries",
        ["publication_id", "recipient_id", "channel"],
    )
    op.drop_index("ix_inbox_entries_publication", table_name="inbox_entries")
    op.drop_constraint("pk_inbox_entries", "inbox_entries", type_="primary")
    op.add_column(
        "inbox_entries",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
    )
    op.create_primary_key("pk_inbox_entries", "inbox_entries", ["id"])
    op.create_foreign_key(
        "fk_inbox_entries_publication_id_publications",
        "inbox_entries",
        "publications",
        ["publication_id"],
        ["id"],
        ondelete="CASCADE",
    )
    op.create_unique_constraint(
        "uq_inbox_entries_publication_id_recipient_id",
        "inbox_entries",
        ["publication_id", "recipient_id"],
    )
    op.create_index(
        "ix_inbox_entries_recipient_delivered",
        "inbox_entries",
        ["recipient_id", "delivered_at", "id"],
    )
    op.drop_table("fan_out_slices")
    op.add_column(
        "fan_outs",
        sa.Column(
            "subscriptions_scanned", sa.Integer(), server_default=sa.text("0"), nullable=False
        ),
    )
    op.add_column("fan_outs", sa.Column("after_subscription", sa.Uuid(), nullable=True))
    op.drop_index("ix_subscriptions_seq", table_name="subscriptions")
    op.drop_column("subscriptions", "seq")
