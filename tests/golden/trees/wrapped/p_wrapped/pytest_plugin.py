"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_wrapped`: a `p_wrapped.wrapped.testing.FakeWrapped`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .wrapped.testing import FakeWrapped

__all__ = [
    "fake_wrapped",
]


@pytest.fixture
def fake_wrapped() -> Iterator[FakeWrapped]:
    """A fresh `FakeWrapped`; fails the test when a request broke the spec."""
    from .wrapped.testing import FakeWrapped

    with FakeWrapped() as fake:
        yield fake
