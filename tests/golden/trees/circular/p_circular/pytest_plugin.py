"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_circular`: a `p_circular.circular.testing.FakeCircular`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .circular.testing import FakeCircular

__all__ = [
    "fake_circular",
]


@pytest.fixture
def fake_circular() -> Iterator[FakeCircular]:
    """A fresh `FakeCircular`; fails the test when a request broke the spec."""
    from .circular.testing import FakeCircular

    with FakeCircular() as fake:
        yield fake
