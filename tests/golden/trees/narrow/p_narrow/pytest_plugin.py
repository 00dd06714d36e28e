"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_narrow`: a `p_narrow.narrow.testing.FakeNarrow`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .narrow.testing import FakeNarrow

__all__ = [
    "fake_narrow",
]


@pytest.fixture
def fake_narrow() -> Iterator[FakeNarrow]:
    """A fresh `FakeNarrow`; fails the test when a request broke the spec."""
    from .narrow.testing import FakeNarrow

    with FakeNarrow() as fake:
        yield fake
