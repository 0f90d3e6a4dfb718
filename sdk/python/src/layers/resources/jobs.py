"""``/v1/jobs/{jobId}``: follow and cancel background jobs."""

from __future__ import annotations

import math
import time

from .._errors import JobWaitTimeoutError
from .._operation import Operation, Sleep, parse_response
from .._resource import ClientT, Resource, endpoint, segment
from ..models import Job, JobCancelResult


class Jobs(Resource[ClientT]):
    """Read, wait for and cancel jobs started by ingestion, keywords and influencers."""

    @endpoint
    def retrieve(self, job_id: str) -> Operation[Job]:
        """Fetch a job's current state (``GET /v1/jobs/{jobId}``)."""
        return self._client._request(Job, "GET", f"/v1/jobs/{segment(job_id, 'job_id')}")

    @endpoint
    def cancel(
        self, job_id: str, *, idempotency_key: str | None = None
    ) -> Operation[JobCancelResult]:
        """Ask for a job to stop at its next stage boundary (``POST /v1/jobs/{jobId}/cancel``).

        ``accepted`` is false with ``reason="ALREADY_COMPLETED"`` if it had already ended. A
        stage that cannot be interrupted raises :class:`~layers.ConflictError` with
        ``details["subcode"] == "JOB_CANCEL_UNAVAILABLE"``.
        """
        path = f"/v1/jobs/{segment(job_id, 'job_id')}/cancel"
        return self._client._request(
            JobCancelResult, "POST", path, json={}, idempotency_key=idempotency_key
        )

    @endpoint
    def wait(
        self, job_id: str, *, timeout: float | None = 600.0, poll_interval: float = 1.0
    ) -> Operation[Job]:
        """Poll a job until it is ``completed``, ``failed`` or ``canceled``, and return it.

        A failed or canceled job is returned, not raised: check ``job.status`` (and
        ``job.error``). Polls every ``poll_interval`` seconds with ``If-None-Match``, so an
        unchanged job costs the server a ``304`` and no body. After ``timeout`` seconds
        (``None``: no limit) raises :class:`~layers.JobWaitTimeoutError`; the job keeps running.
        Each poll has the client's own retries and request timeout.
        """
        path = f"/v1/jobs/{segment(job_id, 'job_id')}"
        deadline = None if timeout is None else time.monotonic() + timeout
        headers: dict[str, str] = {}
        job: Job | None = None
        while True:
            response = yield from self._client._send("GET", path, headers=headers)
            if job is None or response.status_code != 304:  # 304: unchanged since last poll
                job = parse_response(response, Job)
                etag = response.headers.get("etag")
                headers = {"If-None-Match": etag} if etag else {}
            if job.is_terminal:
                return job
            remaining = math.inf if deadline is None else deadline - time.monotonic()
            if remaining <= 0:
                raise JobWaitTimeoutError(job, timeout or 0.0)
            yield Sleep(min(poll_interval, remaining))
