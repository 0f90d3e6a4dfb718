"""Job kinds: which handler runs a kind, which of its stages may be canceled, how it retries.

Each domain declares its kinds as data in its ``jobs`` module, the way routers declare routes::

    KINDS = (
        JobKind("influencer_create", train_influencer, cancellable_stages={"queued", "training"},
                on_failure=mark_failed),
    )

and the composition root (services.py) puts every domain's ``KINDS`` into one `JobKinds`, which
the API (a cancel asks for a kind's stages) and every worker use. Nothing registers itself on
import.

``LAYERS_JOB_PLUGINS="pkg.module,other.module"`` (`Settings.job_plugins`) names extra modules
whose ``KINDS`` join them: an extension hook that lets a standalone worker run kinds that are
not built in (the test suite runs its throwaway kinds this way).
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..db.unit_of_work import UnitOfWork
from .context import JobContext, JobError, JobInfo

if TYPE_CHECKING:
    from ..settings import Settings

Handler = Callable[[JobContext], Awaitable[Any]]
# Runs in the unit of work that writes the failed or canceled state, so a domain row (e.g. an
# influencer) is marked failed atomically with its job, and its events with it. Write through
# ``uow.conn``; emit events last (the hook runs in a savepoint, which pending rows outlive).
FailureHook = Callable[[UnitOfWork, JobInfo, JobError], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class JobKind:
    name: str
    handler: Handler
    # None: every stage may be canceled. Otherwise a cancel is refused (409) while the job runs
    # in a stage not listed here; a job still waiting in the queue can always be canceled.
    cancellable_stages: Collection[str] | None = None
    max_attempts: int | None = None  # None: settings.job_max_attempts
    backoff_base_seconds: float = 2.0
    backoff_max_seconds: float = 300.0
    on_failure: FailureHook | None = field(default=None, compare=False)
    # Run (in a thread) by every worker that runs this kind, when it starts: the place to clean
    # up what a worker killed outright left behind (github: its working copies).
    on_worker_start: Callable[[Settings], None] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.max_attempts is not None and self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.cancellable_stages is not None:
            object.__setattr__(self, "cancellable_stages", frozenset(self.cancellable_stages))

    def is_cancellable(self, stage: str) -> bool:
        return self.cancellable_stages is None or stage in self.cancellable_stages


class JobKinds:
    """The kinds this process knows, by name."""

    def __init__(self, kinds: Iterable[JobKind]) -> None:
        self._kinds: dict[str, JobKind] = {}
        for kind in kinds:
            if kind.name in self._kinds:
                raise ValueError(f"job kind {kind.name!r} is declared twice")
            self._kinds[kind.name] = kind

    def get(self, name: str) -> JobKind | None:
        return self._kinds.get(name)

    def names(self) -> frozenset[str]:
        return frozenset(self._kinds)

    def is_cancellable(self, name: str, stage: str) -> bool:
        # A kind this process does not know (declared only in some workers) is treated as
        # cancellable: the cancel is then honoured at the job's next stage boundary.
        kind = self._kinds.get(name)
        return kind is None or kind.is_cancellable(stage)


def plugin_kinds(modules: str) -> list[JobKind]:
    """The ``KINDS`` of each module in a comma-separated list (`Settings.job_plugins`)."""
    found: list[JobKind] = []
    for name in (part.strip() for part in modules.split(",")):
        if name:
            found.extend(importlib.import_module(name).KINDS)
    return found
