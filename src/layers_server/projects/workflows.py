"""The background workflows an `appDescription` starts (contract §9), in the caller's transaction.

They are enqueued with the request's own writes, so they exist exactly when the project (or its
change) does; they run later on the job engine, and their failure never fails the request.
"""

from __future__ import annotations

from typing import Any

from ..influencers.service import start_influencer
from ..keywords.service import enqueue_research
from ..kit.idempotency import Transaction


async def start_brand_workflows(tx: Transaction, project: Any) -> None:
    """On create with an appDescription: keyword research and the first influencer."""
    await enqueue_research(tx, project.id)
    await start_influencer(tx, project)


async def rerun_keyword_research(tx: Transaction, project: Any, changed: set[str]) -> None:
    """On a PATCH that changed the appDescription to something non-empty."""
    if "app_description" in changed and project.app_description and project.status == "active":
        await enqueue_research(tx, project.id)
