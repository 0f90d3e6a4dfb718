"""Job kinds, plugin loading and the retry schedule (no database needed)."""

from __future__ import annotations

import pytest

from layers_server.jobs.registry import JobKind, JobKinds, plugin_kinds
from layers_server.jobs.runner import backoff_seconds
from layers_server.services import job_kinds
from layers_server.settings import Settings
from tests.jobs import kinds


async def _handler(ctx):
    return {}


def test_a_kind_declared_twice_is_refused():
    with pytest.raises(ValueError, match="declared twice"):
        JobKinds([JobKind("test_registry_once", _handler), JobKind("test_registry_once", _handler)])


def test_cancellable_stages_default_to_every_stage():
    known = JobKinds([JobKind("test_registry_open", _handler), *kinds.KINDS])
    assert known.is_cancellable("test_registry_open", "anything")
    assert known.is_cancellable(kinds.STEPS, "preparing")
    assert not known.is_cancellable(kinds.STEPS, "committing")
    # A kind only some workers know is treated as cancellable at its next boundary.
    assert known.is_cancellable("test_registry_unknown", "whatever")


def test_max_attempts_must_allow_one_attempt():
    with pytest.raises(ValueError, match="at least 1"):
        JobKind("test_registry_never", _handler, max_attempts=0)


def test_the_built_in_kinds_and_the_configured_plugins_are_known():
    built_in = {
        "project_ingest_website",
        "project_ingest_appstore",
        "keywords_refresh",
        "influencer_create",
        "project_ingest_github",
    }
    assert job_kinds(Settings()).names() == built_in
    with_plugins = job_kinds(Settings(job_plugins=" tests.jobs.plugin_example , "))
    assert with_plugins.names() == built_in | {"test_plugin_hello"}
    with pytest.raises(ModuleNotFoundError):
        plugin_kinds("tests.jobs.no_such_module")


def test_backoff_grows_exponentially_with_jitter_up_to_its_cap():
    spec = JobKind(
        "test_registry_backoff", _handler, backoff_base_seconds=2, backoff_max_seconds=60
    )
    for attempt, ceiling in ((1, 2), (2, 4), (3, 8), (5, 32), (6, 60), (30, 60)):
        delays = [backoff_seconds(spec, attempt) for _ in range(200)]
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(set(delays)) > 1  # jittered, so failing jobs do not retry in lockstep
