"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_root`: a `p_root.root.testing.FakeRoot`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .root.testing import FakeRoot

__all__ = [
    "fake_root",
]


@pytest.fixture
def fake_root() -> Iterator[FakeRoot]:
    """A fresh `FakeRoot`; fails the test when a request broke the spec."""
    from .root.testing import FakeRoot

    with FakeRoot() as fake:
        yield fake
