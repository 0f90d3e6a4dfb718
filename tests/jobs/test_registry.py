"""Kind registration, plugin loading and the retry schedule (no database needed)."""

from __future__ import annotations

import sys

import pytest

from layers_server.jobs import registry
from layers_server.jobs.runner import backoff_seconds
from tests.jobs import kinds


async def _handler(ctx):
    return {}


def test_registering_a_kind_twice_with_another_handler_is_refused():
    registry.register("test_registry_once", _handler)
    registry.register("test_registry_once", _handler)  # the same declaration again is fine

    async def other(ctx):
        return {}

    with pytest.raises(ValueError, match="already registered"):
        registry.register("test_registry_once", other)


def test_cancellable_stages_default_to_every_stage():
    spec = registry.register("test_registry_open", _handler)
    assert spec.is_cancellable("anything")
    assert registry.is_cancellable(kinds.STEPS, "preparing")
    assert not registry.is_cancellable(kinds.STEPS, "committing")
    # A kind only some workers know is treated as cancellable at its next boundary.
    assert registry.is_cancellable("test_registry_unknown", "whatever")


def test_plugins_named_in_the_environment_are_imported(monkeypatch):
    monkeypatch.delitem(sys.modules, "tests.jobs.plugin_example", raising=False)
    monkeypatch.setenv(registry.PLUGINS_ENV, " tests.jobs.plugin_example , ")
    registry.load_kinds()
    assert registry.get("test_plugin_hello") is not None
    with pytest.raises(ModuleNotFoundError):
        registry.load_kinds("tests.jobs.no_such_module")


def test_backoff_grows_exponentially_with_jitter_up_to_its_cap():
    spec = registry.register(
        "test_registry_backoff", _handler, backoff_base_seconds=2, backoff_max_seconds=60
    )
    for attempt, ceiling in ((1, 2), (2, 4), (3, 8), (5, 32), (6, 60), (30, 60)):
        delays = [backoff_seconds(spec, attempt) for _ in range(200)]
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(set(delays)) > 1  # jittered, so failing jobs do not retry in lockstep
