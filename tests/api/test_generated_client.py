"""A client generated from the served /openapi.json by a third-party generator works unedited.

`openapi-python-client` (pinned in the test extras) writes a package into a temporary directory;
`generated/use_generated_client.py` uses it against a real `layers-server serve` process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx

from tests.support.server import BIN, serving

SCRIPT = os.path.join(os.path.dirname(__file__), "generated", "use_generated_client.py")


def _cli(database_url: str, *args: str) -> dict:
    env = {**os.environ, "LAYERS_DATABASE_URL": database_url}
    done = subprocess.run(
        [str(BIN / "layers-server"), *args], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_a_generated_client_creates_replays_and_reads_a_project(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'layers.db'}"
    subprocess.run(
        [str(BIN / "layers-server"), "migrate"],
        env={**os.environ, "LAYERS_DATABASE_URL": database_url},
        check=True,
        capture_output=True,
    )
    org = _cli(database_url, "orgs", "create", "--name", "Generated client", "--json")
    key = _cli(
        database_url,
        *("keys", "create", "--org", org["id"], "--name", "generated", "--scopes", "*"),
        *("--tier", "standard", "--env", "test", "--owner-email", "growth@gicgrowth.com", "--json"),
    )["key"]

    with serving(database_url) as server:
        document = tmp_path / "openapi.json"
        document.write_bytes(httpx.get(f"{server.base_url}/openapi.json").content)
        subprocess.run(
            [
                str(BIN / "openapi-python-client"),
                *("generate", "--path", str(document), "--meta", "none", "--fail-on-warning"),
                *("--output-path", str(tmp_path / "layers_client")),
            ],
            env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
            check=True,
            capture_output=True,
        )
        run = subprocess.run(
            [sys.executable, SCRIPT],
            env={
                **os.environ,
                "PYTHONPATH": str(tmp_path),
                "LAYERS_BASE_URL": server.base_url,
                "LAYERS_API_KEY": key,
            },
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        seen = json.loads(run.stdout)
        listed = httpx.get(
            f"{server.base_url}/v1/projects",
            params={"customerExternalId": "acme-coffee"},
            headers={"Authorization": f"Bearer {key}"},
        ).json()

    created = seen["created"]
    assert created["status"] == 201 and created["id"].startswith("prj_")
    assert seen["retried"] == {"status": 201, "id": created["id"], "replayed": "true"}
    assert seen["reused"] == {"status": 409, "code": "IDEMPOTENCY_CONFLICT"}
    assert seen["read"]["status"] == 200 and seen["read"]["id"] == created["id"]
    assert seen["read"]["name"] == "Acme Coffee"
    assert seen["read"]["customerExternalId"] == "acme-coffee"
    assert seen["read"]["brandVoice"] == "warm"
    assert seen["read"]["requestId"].startswith("req_")
    # The retry created nothing: the organization has exactly the one project.
    assert [item["id"] for item in listed["items"]] == [created["id"]]
