"""`layers-server serve`: prepare the database, then run uvicorn."""

from __future__ import annotations

import asyncio
import sys

import sqlalchemy as sa
import uvicorn

from .db.engine import Database
from .db.migrate import current_revision, head_revision, upgrade_to_head
from .db.tables import organizations
from .keys import service as keys
from .ops.logs import configure_logging
from .settings import Settings, get_settings

DEV_ORG_NAME = "Development"


def app_factory():
    """Entry point of every uvicorn worker process; settings come from the environment."""
    from .app import create_app

    settings = get_settings()
    configure_logging(settings)
    return create_app(settings)


def serve(settings: Settings, *, host: str | None, port: int | None, workers: int) -> None:
    configure_logging(settings)
    if settings.is_sqlite:
        upgrade_to_head(settings.database_url)
        asyncio.run(_bootstrap_development_key(settings))
    elif asyncio.run(_revision(settings)) != head_revision():
        print("error: the database is not migrated; run `layers-server migrate` first", file=sys.stderr)
        raise SystemExit(2)
    uvicorn.run(
        "layers_server.server:app_factory",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=int(settings.shutdown_grace_seconds),
    )


async def _revision(settings: Settings) -> str | None:
    db = Database.from_settings(settings)
    try:
        return await current_revision(db.engine)
    finally:
        await db.dispose()


async def _bootstrap_development_key(settings: Settings) -> None:
    """On an empty database, create an organization and print a `*` key, once."""
    db = Database.from_settings(settings)
    try:
        async with db.write() as conn:
            if await conn.scalar(sa.select(sa.func.count()).select_from(organizations)):
                return
            org = await keys.create_organization(conn, DEV_ORG_NAME)
            minted = await keys.create_key(
                conn,
                organization_id=org.id,
                name="development",
                scopes=["*"],
                tier="standard",
                env="test",
                owner_email=None,
            )
    finally:
        await db.dispose()
    banner = "=" * 72
    print(
        f"{banner}\nCreated organization org_{org.id} ({DEV_ORG_NAME}) and its first API key.\n"
        f"It is shown only this once — store it now:\n\n    {minted.plaintext}\n\n"
        f"Try: curl -H 'Authorization: Bearer {minted.plaintext}' "
        f"http://{settings.host}:{settings.port}/v1/whoami\n{banner}",
        flush=True,
    )
