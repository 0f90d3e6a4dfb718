"""The Python SDK drives the whole GitHub flow against the real server."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from layers import AsyncLayers
from tests.github.conftest import FIXTURE_REPOS
from tests.github.support import RETURN_URL, admin_for


async def test_install_register_ingest_through_the_sdk(api, worker, client, fake_github):
    admin_key = await admin_for(api)
    installation = fake_github.add_installation("acme")
    fake_github.create_repo("acme/stride", FIXTURE_REPOS / "expo")
    project = await api.create_project(name="Stride")
    async with (
        AsyncLayers(
            api_key=admin_key.key, base_url="http://testserver", http_client=client
        ) as admin,
        AsyncLayers(api_key=api.key, base_url="http://testserver", http_client=client) as layers,
    ):
        link = await admin.github.install_url(return_url=RETURN_URL)
        assert parse_qs(urlsplit(link.auth_url).query)["state"] == [link.state]
        registered = await admin.github.register_installation(
            installation_id=installation.id, state=link.state
        )
        assert registered.status == "active"
        assert registered.github_account.login == "acme"
        assert (await admin.github.installation()).installation_id == installation.id

        job = await layers.ingest.github(project["id"], repo_full_name="acme/stride", open_pr=False)
        assert job.kind == "project_ingest_github"
        done = await layers.jobs.wait(job.job_id, timeout=30, poll_interval=0.1)
        assert done.status == "completed", done
        assert done.result["platforms"] == ["react-native", "expo"]
        assert "+++ b/layers.config.json" in done.result["patch"]
