"""Auto-paginating list results.

A ``list(...)`` call sends nothing by itself: it returns a paginator. Iterating it walks every
page, following ``nextCursor``, and yields items; :meth:`~SyncPaginator.pages` yields whole
pages; :meth:`~SyncPaginator.first_page` fetches just one (pass ``cursor=`` to ``list`` to
resume from a saved cursor).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._operation import Operation
from .models import Page

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

ItemT = TypeVar("ItemT")


@dataclass(frozen=True)
class ListQuery(Generic[ItemT]):
    """What a list endpoint fetches: its path, page model and query (without the cursor)."""

    path: str
    page_type: type[Page[ItemT]]
    params: Mapping[str, Any]
    cursor: str | None = None


class _Paginator(Generic[ItemT]):
    def __init__(self, client: SyncAPIClient | AsyncAPIClient, query: ListQuery[ItemT]) -> None:
        self._client = client
        self._query = query

    def _fetch(self, cursor: str | None) -> Operation[Page[ItemT]]:
        params = {**self._query.params, "cursor": cursor} if cursor else self._query.params
        return self._client._request(self._query.page_type, "GET", self._query.path, params=params)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._query.path!r}, {dict(self._query.params)!r})"


class SyncPaginator(_Paginator[ItemT]):
    """Every item of a list, fetched page by page as iteration needs them.

    ``for item in paginator`` walks all pages; ``pages()`` yields :class:`Page` objects;
    ``first_page()`` returns the first page only. Iterating again starts over.
    """

    _client: SyncAPIClient

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from page.items

    def pages(self) -> Iterator[Page[ItemT]]:
        """Yield each page in turn, following ``next_cursor`` until the last one."""
        cursor = self._query.cursor
        while True:
            page = self._client._drive(self._fetch(cursor))
            yield page
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def first_page(self) -> Page[ItemT]:
        """Fetch only the first page (or the page at the ``cursor`` given to ``list``)."""
        return self._client._drive(self._fetch(self._query.cursor))


class AsyncPaginator(_Paginator[ItemT]):
    """Every item of a list, fetched page by page: ``async for item in paginator``.

    ``pages()`` is an async iterator of :class:`Page` objects; ``await first_page()`` returns the
    first page only. Iterating again starts over.
    """

    _client: AsyncAPIClient

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[ItemT]]:
        """Yield each page in turn, following ``next_cursor`` until the last one."""
        cursor = self._query.cursor
        while True:
            page = await self._client._drive(self._fetch(cursor))
            yield page
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    async def first_page(self) -> Page[ItemT]:
        """Fetch only the first page (or the page at the ``cursor`` given to ``list``)."""
        return await self._client._drive(self._fetch(self._query.cursor))
