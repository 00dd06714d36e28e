"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_wire`: a `p_wire.wire.testing.FakeWire`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .wire.testing import FakeWire

__all__ = [
    "fake_wire",
]


@pytest.fixture
def fake_wire() -> Iterator[FakeWire]:
    """A fresh `FakeWire`; fails the test when a request broke the spec."""
    from .wire.testing import FakeWire

    with FakeWire() as fake:
        yield fake
