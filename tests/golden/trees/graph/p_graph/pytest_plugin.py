"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_graph`: a `p_graph.graph.testing.FakeGraph`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .graph.testing import FakeGraph

__all__ = [
    "fake_graph",
]


@pytest.fixture
def fake_graph() -> Iterator[FakeGraph]:
    """A fresh `FakeGraph`; fails the test when a request broke the spec."""
    from .graph.testing import FakeGraph

    with FakeGraph() as fake:
        yield fake
