"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_disc`: a `p_disc.disc.testing.FakeDisc`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .disc.testing import FakeDisc

__all__ = [
    "fake_disc",
]


@pytest.fixture
def fake_disc() -> Iterator[FakeDisc]:
    """A fresh `FakeDisc`; fails the test when a request broke the spec."""
    from .disc.testing import FakeDisc

    with FakeDisc() as fake:
        yield fake
