"""``layers-server``: the operator's command line (serve, worker, migrate, openapi, orgs, keys)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from .db.engine import Database
from .db.migrate import upgrade_to_head
from .db.unit_of_work import unit_of_work
from .jobs.queue import ProcessJobQueue
from .keys import service as keys
from .kit.errors import ApiError
from .kit.ids import parse_uuid_id
from .kit.ratelimit import parse_tier_overrides
from .settings import Settings, get_settings


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    settings = get_settings()
    try:
        return args.run(args, settings) or 0
    except (ValueError, LookupError, ApiError) as error:
        print(f"error: {getattr(error, 'message', error)}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="layers-server", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the API (SQLite: migrates and runs a worker)")
    serve.add_argument("--host", default=None, help="bind address (LAYERS_HOST)")
    serve.add_argument("--port", type=int, default=None, help="port (LAYERS_PORT)")
    serve.add_argument("--workers", type=int, default=1, help="API processes")
    serve.set_defaults(run=_serve)

    worker = commands.add_parser("worker", help="run a standalone job worker")
    worker.add_argument("--concurrency", type=int, default=None, help="jobs run at once")
    worker.set_defaults(run=_worker)

    migrate = commands.add_parser("migrate", help="apply database migrations")
    migrate.set_defaults(run=_migrate)

    openapi = commands.add_parser("openapi", help="print the OpenAPI document (docs/openapi.json)")
    openapi.add_argument("--output", default=None, help="write it to this file instead")
    openapi.set_defaults(run=_openapi)

    orgs = commands.add_parser("orgs", help="organizations").add_subparsers(
        dest="sub", required=True
    )
    org_create = orgs.add_parser("create", help="create an organization")
    org_create.add_argument("--name", required=True)
    org_create.add_argument("--json", action="store_true", help="print one JSON object")
    org_create.set_defaults(run=_orgs_create)

    keys_cmd = commands.add_parser("keys", help="API keys").add_subparsers(
        dest="sub", required=True
    )
    key_create = keys_cmd.add_parser("create", help="mint a key (the secret is printed once)")
    key_create.add_argument("--org", required=True, help="organization id (org_<uuid>)")
    key_create.add_argument("--name", required=True)
    key_create.add_argument(
        "--scopes", default="*", help="comma-separated, e.g. projects:read,jobs:read"
    )
    key_create.add_argument("--tier", default="standard", help="rate-limit tier")
    key_create.add_argument("--env", default="live", choices=["live", "test"])
    key_create.add_argument("--owner-email", default=None, help="default ownerEmail of projects")
    key_create.add_argument(
        "--allowed-return-domains",
        default=None,
        metavar="HOSTS",
        help="hosts a browser hand-off may return to, comma-separated (*.example.com: subdomains)",
    )
    key_create.add_argument("--json", action="store_true", help="print one JSON object")
    key_create.set_defaults(run=_keys_create)
    key_list = keys_cmd.add_parser("list", help="list an organization's keys")
    key_list.add_argument("--org", required=True)
    key_list.set_defaults(run=_keys_list)
    for name, action in (("kill", _keys_kill), ("rotate", _keys_rotate)):
        sub = keys_cmd.add_parser(name, help=f"{name} a key")
        sub.add_argument("key_id", metavar="KEY_ID", help="key_<uuid> or the 16-character keyId")
        sub.add_argument("--json", action="store_true", help="print one JSON object")
        sub.set_defaults(run=action)
    return parser


def _run_db(settings: Settings, work) -> Any:
    async def runner():
        db = Database.from_settings(settings)
        try:
            async with db.write() as conn:
                return await work(conn)
        finally:
            await db.dispose()

    return asyncio.run(runner())


def _migrate(args, settings: Settings) -> None:
    upgrade_to_head(settings.database_url)
    print("database is at the latest migration")


def _openapi(args, settings: Settings) -> None:
    from .app import create_app
    from .kit.openapi import render_openapi

    text = render_openapi(create_app(settings).openapi())
    if args.output is None:
        sys.stdout.write(text)
        return
    with open(args.output, "w", encoding="utf-8") as file:
        file.write(text)
    print(f"wrote {args.output}")


def _orgs_create(args, settings: Settings) -> None:
    org = _run_db(settings, lambda conn: keys.create_organization(conn, args.name))
    record = keys.organization_json(org)
    print(
        json.dumps(record)
        if args.json
        else f"created organization {record['id']} ({record['name']})"
    )


def _keys_create(args, settings: Settings) -> None:
    scopes = [scope.strip() for scope in args.scopes.split(",") if scope.strip()]
    keys.validate_key_settings(
        scopes, args.tier, args.env, parse_tier_overrides(settings.rate_limit_tiers)
    )
    organization_id = parse_uuid_id("org", args.org, field="org")
    return_domains = keys.parse_return_domains(args.allowed_return_domains)
    minted = _run_db(
        settings,
        lambda conn: keys.create_key(
            conn,
            organization_id=organization_id,
            name=args.name,
            scopes=scopes,
            tier=args.tier,
            env=args.env,
            owner_email=args.owner_email,
            allowed_return_domains=return_domains,
        ),
    )
    _print_key(minted.record, minted.plaintext, args.json)


def _print_key(record: dict, plaintext: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps({**record, "key": plaintext}))
        return
    print(f"key {record['id']} ({record['prefix']}), scopes {','.join(record['scopes'])}")
    print(f"API key (shown once, store it now): {plaintext}")


def _keys_list(args, settings: Settings) -> None:
    organization_id = parse_uuid_id("org", args.org, field="org")
    for record in _run_db(settings, lambda conn: keys.list_keys(conn, organization_id)):
        print(json.dumps(record))


def _on_any_key(settings: Settings, key_ref: str, action) -> Any:
    """Run a partner key action as the operator: in a unit of work of the key's organization."""

    async def runner():
        db = Database.from_settings(settings)
        try:
            async with db.read() as conn:
                organization_id = await keys.organization_of_key(conn, key_ref)
            async with unit_of_work(
                db,
                organization_id=organization_id,
                request_id=None,
                jobs=ProcessJobQueue(settings.concurrent_jobs_per_org),
            ) as uow:
                return await action(uow, key_ref)
        finally:
            await db.dispose()

    return asyncio.run(runner())


def _keys_kill(args, settings: Settings) -> None:
    answer = _on_any_key(settings, args.key_id, keys.kill_key)
    record = answer["apiKey"]
    print(json.dumps(record) if args.json else f"killed {record['id']} ({record['prefix']})")


def _keys_rotate(args, settings: Settings) -> None:
    answer = _on_any_key(settings, args.key_id, keys.rotate_key)
    _print_key(answer["apiKey"], answer["secret"], args.json)


# `serve` and `worker` import their process's world when they run, not when any command starts:
# a key command should not load the server, and `serve` must set PROMETHEUS_MULTIPROC_DIR before
# anything imports prometheus-client (see server.py).


def _serve(args, settings: Settings) -> None:
    from .server import serve

    serve(settings, host=args.host, port=args.port, workers=args.workers)


def _worker(args, settings: Settings) -> None:
    from .worker import run_worker_process

    run_worker_process(settings, concurrency=args.concurrency)


if __name__ == "__main__":
    raise SystemExit(main())
