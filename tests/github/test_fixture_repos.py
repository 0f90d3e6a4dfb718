"""Analysis on eight kinds of repository: what each says about its app, read, never run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.github.conftest import FIXTURE_REPOS, sqlite_only
from tests.github.support import connect, ingest

NEVER_RUN_MARKER = Path("/tmp/layers-github-fixture-ran")  # the Expo fixture's postinstall


def fixture_code_ran() -> bool:
    return NEVER_RUN_MARKER.exists()


CASES = {
    "expo": {
        "platforms": ["react-native", "expo"],
        "ios": "com.stridelabs.stride",
        "android": "com.stridelabs.stride.android",
        "web": None,
        "appName": "Stride",
        "description": "Stride is a running coach for busy runners",
        "tagline": None,
        "audience": "busy runners",
        "apps": [("", "@layers/expo")],
    },
    "react-native": {
        "platforms": ["ios", "android", "react-native"],
        "ios": "com.trailmix.app",
        "android": "com.trailmix.app",
        "web": None,
        "appName": "TrailMix",
        "description": "TrailMix gives weekend hikers offline trail maps",
        "tagline": "Offline trail maps and route sharing for weekend hikers.",
        "audience": "weekend hikers",
        "apps": [("", "@layers/react-native")],
    },
    "flutter": {
        "platforms": ["ios", "android", "flutter"],
        "ios": "com.pocketchef.app",
        "android": "com.pocketchef.app",
        "web": None,
        "appName": "Pocket Chef",
        "description": "Pocket Chef plans a week of dinners from what is already in your fridge",
        "tagline": None,
        "audience": None,
        "apps": [("", None)],
    },
    "ios": {
        "platforms": ["ios"],
        "ios": "com.lumenapps.lumen",
        "android": None,
        "web": None,
        "appName": "Lumen",
        "description": "Lumen is a bedtime reading companion for night owls",
        "tagline": None,
        "audience": None,
        "apps": [("", None)],
    },
    "android": {
        "platforms": ["android"],
        "ios": None,
        "android": "com.quillnotes.android",
        "web": None,
        "appName": "Quill Notes",
        "description": "Quill Notes is a handwriting-first notebook for students",
        "tagline": None,
        "audience": "students",
        "apps": [("", None)],
    },
    "nextjs": {
        "platforms": ["web"],
        "ios": None,
        "android": None,
        "web": "harbor-dock.example.com",
        "appName": "Harbor",
        "description": "Harbor is the booking desk for small marinas",
        "tagline": "Harbor books dock slots for small marinas.",
        "audience": None,
        "apps": [("", "@layers/client")],
    },
    "monorepo": {
        "platforms": ["react-native", "expo"],
        "ios": "app.tandem.mobile",
        "android": "app.tandem.mobile",
        "web": None,
        "appName": "Tandem",
        "description": "Tandem pairs language learners for ten-minute voice chats",
        "tagline": None,
        "audience": None,
        "apps": [("apps/mobile", "@layers/expo")],
    },
    "no-app": {
        "platforms": [],
        "ios": None,
        "android": None,
        "web": None,
        "appName": "logtail",
        "description": "logtail follows log files across a fleet of servers",
        "tagline": None,
        "audience": None,
        "apps": [],
    },
}


@sqlite_only
@pytest.mark.parametrize("fixture", sorted(CASES))
async def test_what_each_kind_of_repository_teaches(api, worker, fake_github, fixture):
    case = CASES[fixture]
    assert not fixture_code_ran()
    await connect(api, fake_github, "acme")
    fake_github.create_repo(f"acme/{fixture}", FIXTURE_REPOS / fixture)
    project = await api.create_project(name="From GitHub")
    job = await ingest(api, project["id"], repoFullName=f"acme/{fixture}")
    assert job["status"] == "completed", job
    result = job["result"]

    assert result["platforms"] == case["platforms"]
    assert [(app["path"], app["sdkPackage"]) for app in result["apps"]] == case["apps"]
    learned = result["brandContext"]
    assert learned["appName"] == case["appName"]
    assert learned["appDescription"].startswith(case["description"])
    assert learned["tagline"] == case["tagline"]
    assert learned["audience"] == case["audience"]
    assert learned["keywords"], learned

    after = (await api.get(f"/v1/projects/{project['id']}")).json()
    assert after["platformIosBundleId"] == case["ios"]
    assert after["platformAndroidBundleId"] == case["android"]
    assert after["platformWebDomain"] == case["web"]
    # The project's empty fields are filled from what was learned.
    assert after["appName"] == case["appName"]
    assert after["appDescription"] == learned["appDescription"]
    assert after["tagline"] == case["tagline"]
    assert after["brandContext"]["sources"]["github"]["appName"] == case["appName"]
    filled = ["appName", "appDescription"] + (["tagline"] if case["tagline"] else [])
    assert result["filledFields"] == filled

    if case["apps"]:
        assert result["pullRequest"]["number"] == 1
    else:
        assert result["pullRequest"] is None and result["commitSha"] is None
        assert "No app was found" in result["notes"][0]
        assert fake_github.count("POST", r"git-receive-pack$") == 0
    assert not fixture_code_ran()  # nothing in the repository was ever run


async def test_values_the_partner_set_are_never_overwritten(api, worker, fake_github):
    await connect(api, fake_github, "acme")
    fake_github.create_repo("acme/stride", FIXTURE_REPOS / "expo", description="Run calmly.")
    project = await api.create_project(name="Mine", appName="My Own Name", tagline="My line")
    job = await ingest(api, project["id"], repoFullName="acme/stride", openPR=False)
    assert job["status"] == "completed", job
    after = (await api.get(f"/v1/projects/{project['id']}")).json()
    assert (after["appName"], after["tagline"]) == ("My Own Name", "My line")
    assert after["appDescription"].startswith("Stride is a running coach")  # it was empty
