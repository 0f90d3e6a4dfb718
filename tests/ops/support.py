"""Helpers for the operations tests: reading a Prometheus scrape, apps with broken dependencies."""

from __future__ import annotations

from contextlib import asynccontextmanager

import httpx
from prometheus_client.parser import text_string_to_metric_families

from layers_server.app import create_app
from layers_server.settings import Settings

# Nothing listens on port 1: connections are refused at once.
CLOSED_POSTGRES_URL = "postgresql://postgres@127.0.0.1:1/layers"


def samples(scrape: str) -> dict[tuple[str, frozenset], float]:
    """Every sample of a text-format scrape, keyed by (name, labels)."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(scrape)
        for sample in family.samples
    }


def value(scrape: str | dict, name: str, **labels: str) -> float:
    """One sample's value; 0 when the series does not exist (yet)."""
    parsed = samples(scrape) if isinstance(scrape, str) else scrape
    return parsed.get((name, frozenset(labels.items())), 0.0)


@asynccontextmanager
async def app_client(settings: Settings):
    """An app of its own (e.g. with a dependency pointing nowhere) and a client for it."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            yield app, http
