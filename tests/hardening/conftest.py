"""Fixtures of the hardening tests."""

from __future__ import annotations

import pytest

from tests.hardening.support import cancel_unfinished_jobs


@pytest.fixture
async def api(api):
    """The root `api`, whose organization's unfinished jobs are canceled afterwards: many tests
    here start jobs (some aimed at example.com) that no worker of theirs runs, and a later
    test's worker would otherwise pick them up."""
    yield api
    await cancel_unfinished_jobs(api.db, api.organization_id)
