"""Job kinds: which handler runs a kind, which of its stages may be canceled, how it retries.

Domain packages declare their kinds at import time, the way routers declare routes::

    registry.register("influencer_create", create_influencer, cancellable_stages={"queued"},
                      on_failure=mark_influencer_failed)

`load_kinds` imports the modules that hold those declarations. Both the API (which needs a
kind's cancellable stages to answer a cancel) and every worker call it at start.

``LAYERS_JOB_PLUGINS="pkg.module,other.module"`` names extra modules to import: an extension
and testing hook that lets a standalone worker run kinds that are not built in (the test suite
uses it for its throwaway kinds).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from .context import JobContext, JobError, JobInfo

PLUGINS_ENV = "LAYERS_JOB_PLUGINS"

# The modules that register the built-in kinds (contract §6). Each domain adds its own here.
BUILTIN_KIND_MODULES: tuple[str, ...] = (
    "layers_server.ingest.jobs",
    "layers_server.keywords.jobs",
    "layers_server.influencers.jobs",
)

Handler = Callable[[JobContext], Awaitable[Any]]
# Runs in the transaction that writes the failed or canceled state, so a domain row (e.g. an
# influencer) is marked failed atomically with its job. Write through the connection given.
FailureHook = Callable[[AsyncConnection, JobInfo, JobError], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class JobKind:
    name: str
    handler: Handler
    # None: every stage may be canceled. Otherwise a cancel is refused (409) while the job runs
    # in a stage not listed here; a job still waiting in the queue can always be canceled.
    cancellable_stages: frozenset[str] | None
    max_attempts: int | None  # None: settings.job_max_attempts
    backoff_base_seconds: float
    backoff_max_seconds: float
    on_failure: FailureHook | None

    def is_cancellable(self, stage: str) -> bool:
        return self.cancellable_stages is None or stage in self.cancellable_stages


_kinds: dict[str, JobKind] = {}


def register(
    kind: str,
    handler: Handler,
    *,
    cancellable_stages: Collection[str] | None = None,
    max_attempts: int | None = None,
    backoff_base_seconds: float = 2.0,
    backoff_max_seconds: float = 300.0,
    on_failure: FailureHook | None = None,
) -> JobKind:
    """Declare how jobs of ``kind`` run. Registering a kind twice with another handler is a bug."""
    if max_attempts is not None and max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    spec = JobKind(
        name=kind,
        handler=handler,
        cancellable_stages=None if cancellable_stages is None else frozenset(cancellable_stages),
        max_attempts=max_attempts,
        backoff_base_seconds=backoff_base_seconds,
        backoff_max_seconds=backoff_max_seconds,
        on_failure=on_failure,
    )
    existing = _kinds.get(kind)
    if existing is not None and _name_of(existing.handler) != _name_of(handler):
        raise ValueError(f"job kind {kind!r} is already registered by another handler")
    _kinds[kind] = spec
    return spec


def _name_of(handler: Handler) -> str:
    # By name rather than identity, so re-importing a module (a reload) is not a conflict.
    return f"{handler.__module__}.{handler.__qualname__}"


def get(kind: str) -> JobKind | None:
    return _kinds.get(kind)


def kinds() -> frozenset[str]:
    return frozenset(_kinds)


def is_cancellable(kind: str, stage: str) -> bool:
    # A kind this process does not know (registered only in some workers) is treated as
    # cancellable: the cancel is then honoured at the job's next stage boundary.
    spec = _kinds.get(kind)
    return spec is None or spec.is_cancellable(stage)


def load_kinds(plugins: str | None = None) -> None:
    """Import the built-in kind modules and the ``LAYERS_JOB_PLUGINS`` ones (idempotent)."""
    extra = os.environ.get(PLUGINS_ENV, "") if plugins is None else plugins
    for module in (*BUILTIN_KIND_MODULES, *(name.strip() for name in extra.split(","))):
        if module:
            importlib.import_module(module)
