"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_fakes`: a `p_fakes.fakes.testing.FakeFakes`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .fakes.testing import FakeFakes

__all__ = [
    "fake_fakes",
]


@pytest.fixture
def fake_fakes() -> Iterator[FakeFakes]:
    """A fresh `FakeFakes`; fails the test when a request broke the spec."""
    from .fakes.testing import FakeFakes

    with FakeFakes() as fake:
        yield fake
