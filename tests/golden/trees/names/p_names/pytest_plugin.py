"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_names`: a `p_names.names.testing.FakeNames`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .names.testing import FakeNames

__all__ = [
    "fake_names",
]


@pytest.fixture
def fake_names() -> Iterator[FakeNames]:
    """A fresh `FakeNames`; fails the test when a request broke the spec."""
    from .names.testing import FakeNames

    with FakeNames() as fake:
        yield fake
