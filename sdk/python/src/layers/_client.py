"""The public clients: :class:`Layers` (blocking) and :class:`AsyncLayers` (asyncio)."""

from __future__ import annotations

from typing import Any, Self

from ._base_client import AsyncAPIClient, BaseClient, SyncAPIClient
from ._operation import Operation
from ._resource import endpoint
from .models import Whoami
from .resources import (
    ApiKeys,
    GitHub,
    Hooks,
    Influencers,
    Ingest,
    Jobs,
    Keywords,
    Projects,
    Webhooks,
)


class _Surface(BaseClient[Any]):
    """The API surface, declared once for both clients."""

    @property
    def projects(self) -> Projects[Self]:
        """Projects: ``create``, ``list``, ``retrieve``, ``update``, ``archive``."""
        return Projects(self)

    @property
    def keywords(self) -> Keywords[Self]:
        """A project's hashtag bank: ``retrieve``, ``refresh``."""
        return Keywords(self)

    @property
    def influencers(self) -> Influencers[Self]:
        """Influencers: ``list``, ``create``, ``retrieve``, ``update``, ``delete``."""
        return Influencers(self)

    @property
    def hooks(self) -> Hooks[Self]:
        """Hook banks: ``retrieve``."""
        return Hooks(self)

    @property
    def ingest(self) -> Ingest[Self]:
        """Brand ingestion jobs: ``website``, ``appstore``, ``github``."""
        return Ingest(self)

    @property
    def github(self) -> GitHub[Self]:
        """The GitHub App installation: ``install_url``, ``register_installation``,
        ``installation``."""
        return GitHub(self)

    @property
    def jobs(self) -> Jobs[Self]:
        """Background jobs: ``retrieve``, ``wait``, ``cancel``."""
        return Jobs(self)

    @property
    def api_keys(self) -> ApiKeys[Self]:
        """Your organization's API keys: ``kill``, ``rotate``, ``delete``."""
        return ApiKeys(self)

    @property
    def webhooks(self) -> Webhooks[Self]:
        """Webhooks: endpoint ``create``, ``list``, ``retrieve``, ``update``, ``delete``,
        ``rotate_secret``, ``test``; ``list_deliveries``, ``retrieve_delivery``, ``replay``; and
        ``verify`` for the receiving side."""
        return Webhooks(self)

    @endpoint
    def whoami(self) -> Operation[Whoami]:
        """The organization, scopes and rate-limit tier of the key in use (``GET /v1/whoami``)."""
        return self._request(Whoami, "GET", "/v1/whoami")


class Layers(SyncAPIClient, _Surface):
    """Blocking client of the Layers Partner API.

    >>> layers = Layers()  # reads LAYERS_API_KEY (and LAYERS_BASE_URL)
    >>> project = layers.projects.retrieve("prj_...")

    Args:
        api_key: The partner key (``lp_live_…``). Defaults to ``$LAYERS_API_KEY``; a missing
            key raises :class:`~layers.LayersError` here rather than a 401 on the first call.
        base_url: The API's root. Defaults to ``$LAYERS_BASE_URL``, else
            ``https://api.layers.com``; point it at your self-hosted server.
        timeout: Seconds per attempt (or an ``httpx.Timeout``; ``None`` for no limit).
            Default: 5 s to connect, 60 s for each read, write, pool wait.
        max_retries: Retries after the first attempt for retryable failures. Default 2.
        default_headers: Extra headers sent with every request.
        http_client: Your own ``httpx.Client`` (proxies, transports, limits). It stays yours:
            :meth:`close` does not close it.

    Use it as a context manager, or call :meth:`close`, to release its connections.
    """


class AsyncLayers(AsyncAPIClient, _Surface):
    """Asyncio client of the Layers Partner API: the surface of :class:`Layers`, awaited.

    >>> async with AsyncLayers() as layers:
    ...     project = await layers.projects.retrieve("prj_...")
    ...     async for project in layers.projects.list(status="active"):
    ...         print(project.name)

    Takes the same arguments as :class:`Layers`, with an ``httpx.AsyncClient`` as
    ``http_client``. Methods are awaited, except ``list`` methods, whose paginators are
    iterated with ``async for``.
    """
