"""jobs started by a test key are marked sandbox

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 23:30:00

A job inherits the sandbox switch of the key (or the job) that started it, so its handler knows
to answer from fixtures instead of reaching out (docs/api/sandbox.md). Existing jobs ran as
live ones, which is what they are marked.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sandbox", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("sandbox")
