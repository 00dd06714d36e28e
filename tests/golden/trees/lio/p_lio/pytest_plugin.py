"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_lio`: a `p_lio.lio.testing.FakeLio`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .lio.testing import FakeLio

__all__ = [
    "fake_lio",
]


@pytest.fixture
def fake_lio() -> Iterator[FakeLio]:
    """A fresh `FakeLio`; fails the test when a request broke the spec."""
    from .lio.testing import FakeLio

    with FakeLio() as fake:
        yield fake
