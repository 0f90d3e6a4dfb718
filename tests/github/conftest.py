"""Fixtures of the GitHub tests: the App's key pair, a fake GitHub, settings that point at it."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr

from tests.github.fake_github import FakeGitHub

APP_ID = 424242
APP_SLUG = "layers-test-app"
FIXTURE_REPOS = Path(__file__).parent / "fixtures" / "repos"


def sqlite_only(test):
    """For a test about git, the analysis or working copies, whose outcome the database plays
    no part in: it runs on the SQLite leg only, as each run costs real clones."""
    test.sqlite_only = True
    return test


def pytest_collection_modifyitems(config, items):
    dropped = [
        item
        for item in items
        if getattr(getattr(item, "function", None), "sqlite_only", False)
        and getattr(item, "callspec", None) is not None
        and item.callspec.params.get("database_url") == "postgresql"
    ]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]


@pytest.fixture(scope="session")
def app_key_pair() -> tuple[str, str]:
    """(private PEM, public PEM), generated once per test session."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


@pytest.fixture
def fake_github(tmp_path, app_key_pair):
    fake = FakeGitHub(tmp_path / "github", app_id=APP_ID, public_key=app_key_pair[1]).start()
    yield fake
    fake.stop()


@pytest.fixture
def work_dir(tmp_path) -> Path:
    return tmp_path / "work"


@pytest.fixture
def settings(settings, fake_github, app_key_pair, work_dir):
    return settings.model_copy(
        update={
            "github_api_url": fake_github.api_url,
            "github_web_url": fake_github.origin,
            "github_app_id": APP_ID,
            "github_app_slug": APP_SLUG,
            "github_private_key": SecretStr(app_key_pair[0]),
            "github_work_dir": str(work_dir),
            "github_timeout_seconds": 3.0,
            "github_clone_timeout_seconds": 20.0,
        }
    )
