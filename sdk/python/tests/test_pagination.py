"""List methods return paginators that follow ``nextCursor`` across pages, lazily."""

from __future__ import annotations

import httpx
import pytest

import samples
from harness import Client, ScriptedAPI, collect, resolve
from layers import AsyncPaginator, Page, Project, SyncPaginator

# Three pages of projects, keyed by the cursor that fetches them.
PAGES: dict[str | None, tuple[list[str], str | None]] = {
    None: (["prj_1", "prj_2"], "c2"),
    "c2": (["prj_3", "prj_4"], "c3"),
    "c3": (["prj_5"], None),
}


def serve_pages(request: httpx.Request) -> httpx.Response:
    ids, next_cursor = PAGES[request.url.params.get("cursor")]
    items = [{**samples.PROJECT, "id": id_} for id_ in ids]
    return httpx.Response(200, json=samples.page(items, next_cursor))


@pytest.fixture(autouse=True)
def three_pages(api: ScriptedAPI) -> None:
    api.default = serve_pages


async def test_iterating_walks_every_page(client: Client, api: ScriptedAPI) -> None:
    projects = await collect(client.projects.list(status="active", limit=2))

    assert [p.id for p in projects] == ["prj_1", "prj_2", "prj_3", "prj_4", "prj_5"]
    assert all(isinstance(p, Project) for p in projects)
    sent = [dict(r.url.params) for r in api.requests]
    assert sent == [
        {"status": "active", "limit": "2"},
        {"status": "active", "limit": "2", "cursor": "c2"},
        {"status": "active", "limit": "2", "cursor": "c3"},
    ]


async def test_pages_yields_each_page(client: Client) -> None:
    paginator = client.projects.list()
    if isinstance(paginator, AsyncPaginator):
        pages = [page async for page in paginator.pages()]
    else:
        pages = list(paginator.pages())

    assert [len(p.items) for p in pages] == [2, 2, 1]
    assert [p.next_cursor for p in pages] == ["c2", "c3", None]
    assert [p.has_more for p in pages] == [True, True, False]


async def test_first_page_fetches_one_page(client: Client, api: ScriptedAPI) -> None:
    page = await resolve(client.projects.list().first_page())

    assert isinstance(page, Page)
    assert [p.id for p in page.items] == ["prj_1", "prj_2"]
    assert page.next_cursor == "c2"
    assert len(api.requests) == 1


async def test_cursor_resumes_from_a_saved_page(client: Client, api: ScriptedAPI) -> None:
    projects = await collect(client.projects.list(cursor="c2"))

    assert [p.id for p in projects] == ["prj_3", "prj_4", "prj_5"]
    assert api.requests[0].url.params["cursor"] == "c2"


async def test_paginator_is_lazy_and_restartable(client: Client, api: ScriptedAPI) -> None:
    paginator = client.projects.list()
    assert isinstance(paginator, SyncPaginator | AsyncPaginator)
    assert api.requests == []  # nothing is sent until iteration

    first = await collect(paginator)
    second = await collect(paginator)
    assert [p.id for p in first] == [p.id for p in second]
    assert len(api.requests) == 6


async def test_influencers_paginate_too(client: Client, api: ScriptedAPI) -> None:
    def serve(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        items = [{**samples.INFLUENCER, "influencerId": f"inf_{cursor}"}]
        return httpx.Response(200, json=samples.page(items, None if cursor else "next"))

    api.default = serve
    influencers = await collect(client.influencers.list("prj_1"))
    assert [i.influencer_id for i in influencers] == ["inf_None", "inf_next"]


async def test_webhook_deliveries_keep_their_filter_on_every_page(
    client: Client, api: ScriptedAPI
) -> None:
    def serve(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        items = [{**samples.WEBHOOK_DELIVERY, "deliveryId": f"whd_{cursor}"}]
        return httpx.Response(200, json=samples.page(items, None if cursor else "next"))

    api.default = serve
    endpoint_id = samples.WEBHOOK_ENDPOINT["endpointId"]
    deliveries = await collect(client.webhooks.list_deliveries(endpoint_id, status="held"))
    assert [d.delivery_id for d in deliveries] == ["whd_None", "whd_next"]
    assert [dict(r.url.params) for r in api.requests] == [
        {"status": "held"},
        {"status": "held", "cursor": "next"},
    ]
