"""`layers-server` as an operator runs it: real processes, real database files."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.keys import key_parts
from tests.support.server import free_port, wait_until_healthy

CLI = str(Path(sys.executable).parent / "layers-server")
KEY = re.compile(r"lp_(?:live|test)_[0-9A-Z]{16}_[A-Za-z0-9_-]{43}")


def cli(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LAYERS_DATABASE_URL": database_url}
    return subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'operator.db'}"


def test_orgs_and_keys_commands(sqlite_url):
    assert cli(sqlite_url, "migrate").returncode == 0
    org = json.loads(cli(sqlite_url, "orgs", "create", "--name", "Acme Agency", "--json").stdout)
    assert org["id"].startswith("org_") and org["name"] == "Acme Agency"

    created = cli(
        sqlite_url, "keys", "create", "--org", org["id"], "--name", "ci",
        "--scopes", "projects:read,projects:write", "--tier", "pilot", "--env", "live",
        "--owner-email", "ops@acme.test", "--json",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    record = json.loads(created.stdout)
    assert record["scopes"] == ["projects:read", "projects:write"]
    assert record["rateLimitTier"] == "pilot"
    assert record["key"].startswith(record["prefix"] + "_")

    listed = [
        json.loads(line)
        for line in cli(sqlite_url, "keys", "list", "--org", org["id"]).stdout.splitlines()
    ]
    assert [k["id"] for k in listed] == [record["id"]]
    assert key_parts(record["key"]).secret not in json.dumps(listed)  # no secret in listings

    killed = json.loads(cli(sqlite_url, "keys", "kill", record["id"], "--json").stdout)
    assert killed["killSwitch"] is True
    rotated = json.loads(cli(sqlite_url, "keys", "rotate", record["id"], "--json").stdout)
    assert rotated["killSwitch"] is False
    assert rotated["key"] != record["key"]


@pytest.mark.parametrize(
    "args",
    [
        ("keys", "create", "--org", "org_nope", "--name", "x"),
        ("keys", "create", "--org", "org_00000000-0000-0000-0000-000000000000", "--name", "x"),
        ("keys", "create", "--org", "org_00000000-0000-0000-0000-000000000000", "--name", "x",
         "--scopes", "root"),
        ("keys", "kill", "key_00000000-0000-0000-0000-000000000000"),
    ],
)  # fmt: skip
def test_bad_operator_input_is_a_clear_error(sqlite_url, args):
    cli(sqlite_url, "migrate")
    result = cli(sqlite_url, *args)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr


def test_serve_on_an_empty_database_prints_a_working_key_once(sqlite_url):
    def start():
        port = free_port()
        env = {**os.environ, "LAYERS_DATABASE_URL": sqlite_url, "LAYERS_PORT": str(port)}
        process = subprocess.Popen(
            [CLI, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_until_healthy(base_url, process)
        return process, base_url

    process, base_url = start()
    try:
        banner = process.stdout.readline()  # the opening rule
        while not (line := process.stdout.readline()).startswith("==="):
            banner += line
        key = KEY.search(banner).group(0)
        # A live key: a newcomer's first ingestion reads the real site (test keys are a sandbox).
        assert key.startswith("lp_live_")
        assert f"http://127.0.0.1:{base_url.rsplit(':', 1)[1]}/v1/whoami" in banner
        headers = {"Authorization": f"Bearer {key}"}
        whoami = httpx.get(f"{base_url}/v1/whoami", headers=headers)
        assert whoami.status_code == 200
        assert whoami.json()["scopes"] == ["*"]
        created = httpx.post(
            f"{base_url}/v1/projects",
            headers={**headers, "Idempotency-Key": "4c1a2e92-7b18-4c4b-9b2a-d7a3f8b1c210"},
            json={"name": "Acme Coffee", "timezone": "America/Los_Angeles"},
        )
        assert created.status_code == 201
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0

    process, _ = start()
    try:
        process.send_signal(signal.SIGTERM)
        output = process.stdout.read()
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert not KEY.search(output)  # the key is printed once, on the first start only
