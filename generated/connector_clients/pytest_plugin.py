"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_agentdrop`: a `connector_clients.agentdrop.testing.FakeAgentDrop`
* `fake_aitronos`: a `connector_clients.aitronos.testing.FakeAitronos`
* `fake_feather`: a `connector_clients.feather.testing.FakeFeather`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .agentdrop.testing import FakeAgentDrop
    from .aitronos.testing import FakeAitronos
    from .feather.testing import FakeFeather

__all__ = [
    "fake_agentdrop",
    "fake_aitronos",
    "fake_feather",
]


@pytest.fixture
def fake_agentdrop() -> Iterator[FakeAgentDrop]:
    """A fresh `FakeAgentDrop`; fails the test when a request broke the spec."""
    from .agentdrop.testing import FakeAgentDrop

    with FakeAgentDrop() as fake:
        yield fake


@pytest.fixture
def fake_aitronos() -> Iterator[FakeAitronos]:
    """A fresh `FakeAitronos`; fails the test when a request broke the spec."""
    from .aitronos.testing import FakeAitronos

    with FakeAitronos() as fake:
        yield fake


@pytest.fixture
def fake_feather() -> Iterator[FakeFeather]:
    """A fresh `FakeFeather`; fails the test when a request broke the spec."""
    from .feather.testing import FakeFeather

    with FakeFeather() as fake:
        yield fake
