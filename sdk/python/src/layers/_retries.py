"""The retry policy: which failures are worth another attempt, and how long to wait first.

Pure functions, so the policy is tested without a network and shared by both clients.
Retrying a mutating call is safe only because every one carries an ``Idempotency-Key`` that
stays the same across its attempts (see ``_base_client``).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ._errors import APIStatusError

INITIAL_DELAY = 0.5
"""Seconds before the first retry, before jitter."""
MAX_DELAY = 8.0
"""Cap of the exponential backoff, before jitter."""
MAX_RETRY_AFTER = 60.0
"""A longer ``Retry-After`` is not slept through: the error is raised for the caller to plan."""


def is_retryable(error: APIStatusError) -> bool:
    """Whether an error answer may succeed if the same request is sent again.

    408, 429 and 5xx are transient, and ``IDEMPOTENCY_IN_PROGRESS`` means the first attempt is
    still running and its answer will be replayed. Every other 4xx would fail again the same way
    (``IDEMPOTENCY_CONFLICT`` and ``CONFLICT`` included). ``KILL_SWITCH`` is a 503 but an
    operator's decision, not a fault that passes.
    """
    if error.code == "KILL_SWITCH":
        return False
    if error.status == 409:
        return error.code == "IDEMPOTENCY_IN_PROGRESS"
    return error.status in (408, 429) or error.status >= 500


def backoff_delay(attempt: int, *, jitter: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry number ``attempt + 1``: capped exponential, equal jitter.

    Half the step is fixed, so a retry never fires at once; half is random, so clients that
    failed together do not come back together.
    """
    step = min(MAX_DELAY, INITIAL_DELAY * 2.0**attempt)
    return step / 2 + jitter() * step / 2


def retry_delay(attempt: int, error: APIStatusError) -> float | None:
    """Seconds to wait before retrying after ``error``, or ``None`` if it must not be retried.

    The server's ``Retry-After`` wins over the backoff: it knows when its budget resets or its
    dependency returns.
    """
    if not is_retryable(error):
        return None
    retry_after = error.retry_after
    if retry_after is None:
        return backoff_delay(attempt)
    return retry_after if retry_after <= MAX_RETRY_AFTER else None
