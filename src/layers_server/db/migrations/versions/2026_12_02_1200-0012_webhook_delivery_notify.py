"""Webhooks: wake the delivery workers when a delivery becomes due (PostgreSQL NOTIFY)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 12:00:00

Deliveries are written by the outbox's INSERT … SELECT, which joins a request's one statement
(webhooks/events.py), and made due again by whoever re-activates an endpoint: neither knows
whether it wrote a due delivery. Statement-level triggers with transition tables do: they
NOTIFY ``layers_webhooks`` only when the statement left a pending, unclaimed delivery, and
PostgreSQL delivers it at commit (never for a rolled-back transaction) and folds repeats within
a transaction into one. A create nobody subscribes to pays for a trigger call on an empty set,
not for a notification. SQLite has no listeners; its in-process worker is woken directly.
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_FUNCTION = """
CREATE FUNCTION layers_notify_webhook_deliveries() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- A claimed delivery has a lease; a retry waits for its next_attempt_at (its worker
    -- wakes itself). Only deliveries a worker could claim now are worth a wake-up.
    IF EXISTS (
        SELECT 1 FROM due_deliveries
        WHERE status = 'pending' AND lease_expires_at IS NULL
          AND next_attempt_at <= now() + interval '1 second'
    ) THEN
        PERFORM pg_notify('layers_webhooks', '');
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_FUNCTION)
    for event in ("INSERT", "UPDATE"):
        op.execute(
            f"CREATE TRIGGER webhook_deliveries_due_{event.lower()} AFTER {event} "
            "ON webhook_deliveries REFERENCING NEW TABLE AS due_deliveries "
            "FOR EACH STATEMENT EXECUTE FUNCTION layers_notify_webhook_deliveries()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for event in ("insert", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS webhook_deliveries_due_{event} ON webhook_deliveries")
    op.execute("DROP FUNCTION IF EXISTS layers_notify_webhook_deliveries()")
