"""Ingestion extractors: pure async functions that turn a website or an app store listing
into a brandContext fragment. They touch no database; the job engine stores what they return."""

from layers_server.ingest.appstore import (
    AppRef,
    AppStoreConfig,
    fetch_android_app,
    fetch_ios_app,
    parse_app_store_url,
)
from layers_server.ingest.website import ingest_website

__all__ = [
    "AppRef",
    "AppStoreConfig",
    "fetch_android_app",
    "fetch_ios_app",
    "ingest_website",
    "parse_app_store_url",
]
