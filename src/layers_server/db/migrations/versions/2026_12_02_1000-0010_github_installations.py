"""GitHub installations, install states, and allowedReturnDomains on keys

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

from layers_server.db.tables import UTCDateTime

revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("allowed_return_domains", sa.JSON(), nullable=True))

    op.create_table(
        "github_installations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("env", sa.String(length=8), nullable=False),
        sa.Column("installation_id", sa.BigInteger(), nullable=False),
        sa.Column("account_login", sa.String(length=100), nullable=False),
        sa.Column("account_type", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("registered_at", UTCDateTime(), nullable=False),
        sa.Column("last_verified_at", UTCDateTime(), nullable=False),
        sa.Column("uninstalled_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_github_installations_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_github_installations")),
        sa.UniqueConstraint(
            "env", "installation_id", name="uq_github_installations_env_installation"
        ),
        sa.UniqueConstraint("organization_id", "env", name="uq_github_installations_org_env"),
    )

    op.create_table(
        "github_install_states",
        sa.Column("state", sa.String(length=128), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("env", sa.String(length=8), nullable=False),
        sa.Column("return_url", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_github_install_states_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("state", name=op.f("pk_github_install_states")),
    )
    with op.batch_alter_table("github_install_states", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_github_install_states_expires_at"), ["expires_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("github_install_states", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_github_install_states_expires_at"))
    op.drop_table("github_install_states")
    op.drop_table("github_installations")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_column("allowed_return_domains")
