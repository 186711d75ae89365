"""Alembic operations that create the outbox and inbox in a service's first migration.

Frozen as ``v1``: a later change to these tables is a new function and a new migration, so
that migrations already applied keep meaning what they meant.
"""

from __future__ import annotations

from alembic import op

from peelian.outbox.models import OUTBOX_CHANNEL


def create_outbox_and_inbox_v1() -> None:
    op.execute(
        """
        CREATE TABLE outbox (
            id BIGINT GENERATED ALWAYS AS IDENTITY,
            event_id UUID NOT NULL,
            event_type VARCHAR(200) NOT NULL,
            topic VARCHAR(249) NOT NULL,
            key VARCHAR(200) NOT NULL,
            envelope BYTEA NOT NULL,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            sent_at TIMESTAMPTZ,
            CONSTRAINT pk_outbox PRIMARY KEY (id),
            CONSTRAINT uq_outbox_event_id UNIQUE (event_id)
        )
        """
    )
    op.execute("CREATE INDEX ix_outbox_unsent ON outbox (id) WHERE sent_at IS NULL")
    # One notification per inserting statement wakes the relay; it polls as a fallback.
    op.execute(
        f"""
        CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{OUTBOX_CHANNEL}', '');
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox "
        "FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()"
    )
    op.execute(
        """
        CREATE TABLE inbox (
            consumer VARCHAR(200) NOT NULL,
            event_id VARCHAR(200) NOT NULL,
            event_type VARCHAR(200) NOT NULL,
            processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            CONSTRAINT pk_inbox PRIMARY KEY (consumer, event_id)
        )
        """
    )


def drop_outbox_and_inbox_v1() -> None:
    op.execute("DROP TABLE inbox")
    op.execute("DROP TRIGGER outbox_notify ON outbox")
    op.execute("DROP FUNCTION outbox_notify()")
    op.execute("DROP TABLE outbox")
