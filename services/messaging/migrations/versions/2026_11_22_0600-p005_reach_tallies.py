"""reach from the fan-out's tallies and a partial index of opened entries

Counting a warning's 650,000 inbox entries on every look at its reach took half a second and
competed with the fan-out it was watching. With reach read elsewhere, nothing reads the inbox
by publication alone: its index goes, one fewer to write for every entry.

Revision ID: p005
Revises: p004
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "p005"
down_revision = "p004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fan_out_reach",
        sa.Column("publication_id", sa.Uuid(), nullable=False),
        sa.Column("slice", sa.SmallInteger(), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=False),
        sa.Column("delivered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["fan_outs.publication_id"],
            name=op.f("fk_fan_out_reach_publication_id_fan_outs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("publication_id", "slice", "area", name=op.f("pk_fan_out_reach")),
    )
    # What earlier fan-outs delivered, as if one slice had done it all.
    op.execute(
        """
        INSERT INTO fan_out_reach (publication_id, slice, area, delivered)
        SELECT e.publication_id, 0, e.area, count(*) FROM inbox_entries e
        JOIN fan_outs f ON f.publication_id = e.publication_id
        WHERE e.area IS NOT NULL
        GROUP BY e.publication_id, e.area
        """
    )
    op.create_index(
        "ix_inbox_entries_opened",
        "inbox_entries",
        ["publication_id", "area", "state"],
        postgresql_where=sa.text("state <> 'delivered'"),
    )
    op.drop_index("ix_inbox_entries_publication", table_name="inbox_entries")


def downgrade() -> None:
    op.create_index("ix_inbox_entries_publication", "inbox_entries", ["publication_id"])
    op.drop_index(
        "ix_inbox_entries_opened",
        table_name="inbox_entries",
        postgresql_where=sa.text("state <> 'delivered'"),
    )
    op.drop_table("fan_out_reach")
