"""Resources, and the two decorators that give one method definition both a sync and an async face.

A resource method is written once and *builds* the call: it returns an operation (see
``_operation``) or, for lists, a :class:`~layers._pagination.ListQuery`. The decorators run what
it built on the client the resource hangs off, so the same method returns a ``Project`` on
:class:`~layers.Layers` and an awaitable of one on :class:`~layers.AsyncLayers`, and type
checkers see both (the ``__get__`` overloads below).
"""

from __future__ import annotations

import functools
import types
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, Self, TypeVar, overload
from urllib.parse import quote

from pydantic.alias_generators import to_camel

from ._operation import Operation
from ._pagination import AsyncPaginator, ListQuery, SyncPaginator
from ._types import NotGiven

if TYPE_CHECKING:
    from typing import TypeAlias

    from ._base_client import AsyncAPIClient, BaseClient, SyncAPIClient

P = ParamSpec("P")
T = TypeVar("T")
ClientT = TypeVar("ClientT", bound="BaseClient[Any]", covariant=True)


class Resource(Generic[ClientT]):
    """A group of related API methods, bound to one client."""

    def __init__(self, client: ClientT) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client.base_url}>"


if TYPE_CHECKING:
    # What a decorated method is looked up on: a resource of, or else, a client of each kind.
    _Sync: TypeAlias = Resource[SyncAPIClient] | SyncAPIClient
    _Async: TypeAlias = Resource[AsyncAPIClient] | AsyncAPIClient


class _Method:
    """Shared binding logic: ``host.method(...)`` hands what the method built to the client."""

    def __init__(self, build: Callable[..., Any]) -> None:
        self._build = build
        functools.update_wrapper(self, build)  # type: ignore[arg-type]  # docs for help(Class)

    def _run(self, client: Any, built: Any) -> Any:
        raise NotImplementedError

    def _bind(self, host: Any) -> Callable[..., Any]:
        client = host._client if isinstance(host, Resource) else host
        build = types.MethodType(self._build, host)

        @functools.wraps(build)  # keeps the docstring and signature for help() and IDEs
        def call(*args: Any, **kwargs: Any) -> Any:
            return self._run(client, build(*args, **kwargs))

        return call


class endpoint(_Method, Generic[P, T]):  # noqa: N801 - used as a decorator, like property
    """Decorator for a method that builds an :data:`Operation`; calling it runs the operation."""

    def __init__(self, build: Callable[Concatenate[Any, P], Operation[T]]) -> None:
        super().__init__(build)

    def _run(self, client: Any, built: Any) -> Any:
        return client._drive(built)

    @overload
    def __get__(self, host: None, owner: type) -> Self: ...
    @overload
    def __get__(self, host: _Sync, owner: type) -> Callable[P, T]: ...
    @overload
    def __get__(self, host: _Async, owner: type) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, host: Any, owner: type) -> Any:
        return self if host is None else self._bind(host)


class paginated(_Method, Generic[P, T]):  # noqa: N801 - used as a decorator, like property
    """Decorator for a list method that builds a :class:`ListQuery`; calling it returns a
    paginator (nothing is fetched until it is iterated)."""

    def __init__(self, build: Callable[Concatenate[Any, P], ListQuery[T]]) -> None:
        super().__init__(build)

    def _run(self, client: Any, built: Any) -> Any:
        return client._paginate(built)

    @overload
    def __get__(self, host: None, owner: type) -> Self: ...
    @overload
    def __get__(self, host: _Sync, owner: type) -> Callable[P, SyncPaginator[T]]: ...
    @overload
    def __get__(self, host: _Async, owner: type) -> Callable[P, AsyncPaginator[T]]: ...
    def __get__(self, host: Any, owner: type) -> Any:
        return self if host is None else self._bind(host)


def body(**fields: Any) -> dict[str, Any]:
    """A JSON body from snake_case keyword arguments: camelCase keys, ``NOT_GIVEN`` left out.

    ``None`` stays, and is sent as JSON ``null``: on PATCH that clears the field.
    """
    return {to_camel(k): v for k, v in fields.items() if not isinstance(v, NotGiven)}


def query(**params: Any) -> dict[str, Any]:
    """Query parameters from snake_case keyword arguments: camelCase keys, ``None`` left out."""
    return {to_camel(k): v for k, v in params.items() if v is not None}


def segment(value: str, name: str) -> str:
    """An id made safe as one path segment; an empty id fails here, not as a confusing 404."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return quote(value, safe="")
