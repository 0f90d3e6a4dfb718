"""Each built-in job kind's handler, run with fakes of what its `JobContext` carries alone.

No server, no worker, no jobs table: a throwaway SQLite database holding the domain tables, a
fixed clock, the offline brand engine (``llm=None``), a local website, and a progress recorder.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from layers_server.db.engine import Database
from layers_server.db.tables import influencers, keyword_banks, metadata, organizations, projects
from layers_server.db.unit_of_work import Reactions
from layers_server.influencers.service import KIND as INFLUENCER_KIND
from layers_server.influencers.service import train_influencer
from layers_server.ingest.jobs import WEBSITE_KIND, run_website_ingest
from layers_server.jobs.context import JobContext, JobError, JobInfo
from layers_server.jobs.queue import ProcessJobQueue
from layers_server.keywords.service import KIND as KEYWORDS_KIND
from layers_server.keywords.service import run_keyword_research
from layers_server.kit.clock import iso
from layers_server.settings import Settings
from tests.ingest.conftest import LocalServer
from tests.support.api import SEED_BODY

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ORG = uuid.uuid4()
PROJECT = uuid.uuid4()


class ProgressRecorder:
    def __init__(self) -> None:
        self.calls: list[tuple[float, str | None]] = []

    async def __call__(self, fraction: float, stage: str | None = None) -> None:
        self.calls.append((fraction, stage))

    @property
    def stages(self) -> list[str]:
        return [stage for _, stage in self.calls if stage is not None]


@pytest.fixture
async def db(tmp_path) -> AsyncIterator[Database]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'handlers.db'}")
    database = Database.from_settings(settings)
    async with database.write() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.execute(
            organizations.insert().values(id=ORG, name="Org", status="active", created_at=NOW)
        )
    yield database
    await database.dispose()


async def add_project(db: Database, **columns) -> None:
    values = {
        "id": PROJECT,
        "organization_id": ORG,
        "name": "Acme Coffee",
        "status": "active",
        "timezone": "UTC",
        "primary_language": "en",
        "brand_voice": "warm",
        "target_gender": "all",
        "ingest_state": {"github": None, "website": None, "appstore": None},
        "created_at": NOW,
        "updated_at": NOW,
        **columns,
    }
    async with db.write() as conn:
        await conn.execute(projects.insert().values(values))


def context(db: Database, kind: str, payload: dict | None = None, **settings) -> JobContext:
    return JobContext(
        info=JobInfo(
            job_id="01JOBTESTJOBTESTJOBTESTJOB",
            kind=kind,
            payload=payload or {},
            organization_id=ORG,
            project_id=PROJECT,
            request_id="req_handler_test",
            sandbox=False,
        ),
        attempt=1,
        max_attempts=1,
        db=db,
        settings=Settings(database_url="sqlite://", **settings),
        jobs=ProcessJobQueue(concurrent_jobs_per_org=1),
        reactions=Reactions(),
        llm=None,
        progress=ProgressRecorder(),
        clock=lambda: NOW,
    )


async def test_keyword_research_replaces_the_bank_at_the_clocks_time(db):
    await add_project(db, app_name="Acme Coffee", app_description=SEED_BODY["appDescription"])
    ctx = context(db, KEYWORDS_KIND)
    result = await run_keyword_research(ctx)
    async with db.read() as conn:
        bank = (await conn.execute(sa.select(keyword_banks))).one()
    assert bank.project_id == PROJECT
    assert bank.refreshed_at == NOW
    assert result == {"hashtagCount": len(bank.hashtags), "refreshedAt": iso(NOW)}
    assert bank.hashtags and all(tag["viewCount"] is None for tag in bank.hashtags)
    assert ctx.progress.stages == ["researching", "saving"]  # type: ignore[attr-defined]


async def test_keyword_research_without_a_description_fails_for_good(db):
    await add_project(db)
    with pytest.raises(JobError) as failure:
        await run_keyword_research(context(db, KEYWORDS_KIND))
    assert failure.value.code == "MISSING_DESCRIPTION"
    assert not failure.value.transient


async def test_influencer_training_names_the_persona_and_marks_it_ready(db):
    await add_project(db)
    influencer_id = uuid.uuid4()
    async with db.write() as conn:
        await conn.execute(
            influencers.insert().values(
                id=influencer_id,
                organization_id=ORG,
                project_id=PROJECT,
                gender="female",
                age_range="young_adult",
                language="en",
                brand_voice="warm",
                status="pending",
                has_image=False,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    ctx = context(db, INFLUENCER_KIND, {"influencerId": str(influencer_id)})
    first = await train_influencer(ctx)
    again = await train_influencer(ctx)  # a rerun after a crash yields the same persona
    async with db.read() as conn:
        row = (await conn.execute(sa.select(influencers))).one()
    assert row.status == "ready" and row.has_image
    assert first == again == {"influencerId": f"inf_{influencer_id}", "name": row.name}
    assert ctx.progress.stages[:2] == ["training", "rendering"]  # type: ignore[attr-defined]


async def test_website_ingest_merges_the_site_into_the_brand_context(db):
    await add_project(db)
    site = LocalServer()
    site.page(
        "/",
        "<html><head><title>Acme Coffee</title>"
        '<meta name="description" content="Fresh beans on your schedule."></head>'
        "<body><h1>Coffee that shows up before you run out</h1></body></html>",
    )
    site.start()
    try:
        ctx = context(
            db,
            WEBSITE_KIND,
            {"url": site.url("/"), "followLinks": False, "maxPages": 1},
            fetch_allow_private=True,
        )
        result = await run_website_ingest(ctx)
    finally:
        site.stop()
    assert site.hits == ["/"]
    async with db.read() as conn:
        project = (await conn.execute(sa.select(projects))).one()
    assert project.brand_context["sources"]["website"]["url"] == site.url("/")
    assert project.brand_context["updatedAt"] == result["completedAt"]
    assert project.ingest_state["website"]["jobId"] == "job_01JOBTESTJOBTESTJOBTESTJOB"
    assert project.updated_at == NOW
    assert ctx.progress.stages[0] == "fetching"  # type: ignore[attr-defined]
    assert ctx.progress.stages[-1] == "saving"  # type: ignore[attr-defined]
