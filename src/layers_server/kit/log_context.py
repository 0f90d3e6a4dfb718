"""The request id every log record carries, as a context variable.

`RequestContextMiddleware` binds it for each request, and the job engine binds the id of the
request that enqueued a job (stored on the job row) while the job runs::

    with bind_request_id(job.request_id):
        await run_job(job)

The log handlers of ops/logs.py read it; here it is only set, so anything may bind it without
depending on how logs are written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# The logger of the one line per answered request (kit/middleware.py).
ACCESS_LOGGER = "layers.access"

request_id_var: ContextVar[str | None] = ContextVar("layers_request_id", default=None)


@contextmanager
def bind_request_id(request_id: str | None) -> Iterator[None]:
    """Attribute every log record emitted inside the block (this task and tasks it starts)
    to ``request_id``."""
    token = request_id_var.set(request_id)
    try:
        yield
    finally:
        request_id_var.reset(token)
