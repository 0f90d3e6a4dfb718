"""One Layers server and one local website for the whole session (see ``support``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support import LayersAPI, layers_api, website


@pytest.fixture(scope="session")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LayersAPI]:
    with layers_api(tmp_path_factory.mktemp("layers")) as running:
        yield running


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    with website() as url:
        yield url
