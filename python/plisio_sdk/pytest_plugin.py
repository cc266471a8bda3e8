"""pytest plugin (registered through the ``pytest11`` entry point): the ``plisio_mock`` fixture."""

from __future__ import annotations

from typing import Iterator

import pytest

from .testing import MockServer


@pytest.fixture
def plisio_mock() -> Iterator[MockServer]:
    """A fresh in-process Plisio sandbox for one test, shut down afterwards.

    Use ``plisio_mock.client()`` / ``plisio_mock.async_client()`` (or ``plisio_mock.url`` and
    ``plisio_mock.api_key``) to talk to it.
    """
    server = MockServer()
    try:
        yield server
    finally:
        server.shutdown()
