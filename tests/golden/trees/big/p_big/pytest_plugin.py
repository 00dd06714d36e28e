"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_big`: a `p_big.big.testing.FakeBig`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .big.testing import FakeBig

__all__ = [
    "fake_big",
]


@pytest.fixture
def fake_big() -> Iterator[FakeBig]:
    """A fresh `FakeBig`; fails the test when a request broke the spec."""
    from .big.testing import FakeBig

    with FakeBig() as fake:
        yield fake
