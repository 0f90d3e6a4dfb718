"""Public job ids and the one structured log line per state change of a job."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("layers.jobs")


def public_job_id(job_id: str) -> str:
    return f"job_{job_id}"


def log_fields(
    job_id: str, kind: str, status: str | None, request_id: str | None, **extra: Any
) -> dict[str, Any]:
    return {
        "job_id": public_job_id(job_id),
        "kind": kind,
        "status": status,
        "request_id": request_id,
        **extra,
    }


def log_transition(
    job_id: str, kind: str, status: str, request_id: str | None, **extra: Any
) -> None:
    """One structured line per state change, carrying the request id that started the job."""
    level = logging.WARNING if status == "failed" else logging.INFO
    log.log(level, f"job {status}", extra=log_fields(job_id, kind, status, request_id, **extra))
