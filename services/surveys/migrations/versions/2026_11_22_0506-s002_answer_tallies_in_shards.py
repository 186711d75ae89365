"""answer tallies in shards: each submission adds to one of several copies, so that
submissions to one survey do not wait for each other's row locks

Revision ID: s002
Revises: s001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "s002"
down_revision = "s001"
branch_labels = None
depends_on = None

_KEY = ["survey_id", "version", "question", "option", "value"]


def upgrade() -> None:
    # Existing tallies become shard 0.
    op.add_column(
        "answer_tallies",
        sa.Column("shard", sa.SmallInteger(), nullable=False, server_default="0"),
    )
    op.alter_column("answer_tallies", "shard", server_default=None)
    op.drop_constraint("pk_answer_tallies", "answer_tallies", type_="primary")
    op.create_primary_key("pk_answer_tallies", "answer_tallies", [*_KEY, "shard"])


def downgrade() -> None:
    # The shards are added up into one tally per key.
    op.execute(
        "CREATE TEMPORARY TABLE merged_tallies ON COMMIT DROP AS "
        "SELECT survey_id, version, question, option, value, sum(count) AS count "
        "FROM answer_tallies GROUP BY survey_id, version, question, option, value"
    )
    op.execute("DELETE FROM answer_tallies")
    op.drop_constraint("pk_answer_tallies", "answer_tallies", type_="primary")
    op.drop_column("answer_tallies", "shard")
    op.create_primary_key("pk_answer_tallies", "answer_tallies", _KEY)
    op.execute("INSERT INTO answer_tallies SELECT * FROM merged_tallies")
