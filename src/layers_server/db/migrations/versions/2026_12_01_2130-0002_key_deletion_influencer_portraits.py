"""key deletion marker, optional influencer age range, stored influencer portraits

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 21:30:00

- ``api_keys.deleted_at``: a deleted key stays deleted, while a killed one can be rotated back.
  Until now only a delete set ``revoked_at``, so existing revoked keys were deleted ones; killed
  keys now show what auth enforces (inactive, revoked), from the time of this migration since
  their kill time was never recorded.
- ``influencers.age_range`` becomes nullable (PATCH ``ageRange: null`` clears it).
- ``influencer_portraits`` holds each ready persona's portrait and thumbnail, drawn once. The
  portraits of influencers already ready are drawn here, exactly as the server drew them.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from layers_server.db.tables import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("influencers", schema=None) as batch_op:
        batch_op.alter_column("age_range", existing_type=sa.String(length=16), nullable=True)
    op.create_table(
        "influencer_portraits",
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("svg", sa.Text(), nullable=False),
        sa.Column("thumbnail_png", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["influencers.id"],
            name=op.f("fk_influencer_portraits_influencer_id_influencers"),
        ),
        sa.PrimaryKeyConstraint("influencer_id", name=op.f("pk_influencer_portraits")),
    )
    _backfill_keys()
    _backfill_portraits()


def _backfill_keys() -> None:
    keys = sa.table(
        "api_keys",
        sa.column("kill_switch", sa.Boolean),
        sa.column("is_active", sa.Boolean),
        sa.column("revoked_at", UTCDateTime()),
        sa.column("deleted_at", UTCDateTime()),
    )
    bind = op.get_bind()
    bind.execute(
        keys.update().where(keys.c.revoked_at.is_not(None)).values(deleted_at=keys.c.revoked_at)
    )
    now = sa.literal(datetime.now(UTC), UTCDateTime())
    bind.execute(
        keys.update()
        .where(keys.c.kill_switch.is_(True))
        .values(is_active=False, revoked_at=sa.func.coalesce(keys.c.revoked_at, now))
    )


def _backfill_portraits() -> None:
    from layers_server.influencers.portraits import draw_portrait

    influencers = sa.table(
        "influencers",
        sa.column("id", sa.Uuid),
        sa.column("gender", sa.String),
        sa.column("age_range", sa.String),
        sa.column("status", sa.String),
        sa.column("has_image", sa.Boolean),
    )
    portraits = sa.table(
        "influencer_portraits",
        sa.column("influencer_id", sa.Uuid),
        sa.column("svg", sa.Text),
        sa.column("thumbnail_png", sa.LargeBinary),
        sa.column("created_at", UTCDateTime()),
    )
    bind = op.get_bind()
    ready = bind.execute(
        sa.select(influencers.c.id, influencers.c.gender, influencers.c.age_range).where(
            influencers.c.status == "ready", influencers.c.has_image.is_(True)
        )
    )
    now = datetime.now(UTC)
    for row in ready.all():
        # The seed the server has always drawn portraits from: the influencer's UUID.
        portrait = draw_portrait(seed=str(row.id), gender=row.gender, age_range=row.age_range)
        bind.execute(
            portraits.insert().values(
                influencer_id=row.id,
                svg=portrait.svg,
                thumbnail_png=portrait.thumbnail_png,
                created_at=now,
            )
        )


def downgrade() -> None:
    op.drop_table("influencer_portraits")
    influencers = sa.table("influencers", sa.column("age_range", sa.String))
    op.get_bind().execute(
        influencers.update()
        .where(influencers.c.age_range.is_(None))
        .values(age_range="young_adult")
    )
    with op.batch_alter_table("influencers", schema=None) as batch_op:
        batch_op.alter_column("age_range", existing_type=sa.String(length=16), nullable=False)
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
