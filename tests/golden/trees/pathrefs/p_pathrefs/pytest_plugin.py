"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_pathrefs`: a `p_pathrefs.pathrefs.testing.FakePathrefs`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .pathrefs.testing import FakePathrefs

__all__ = [
    "fake_pathrefs",
]


@pytest.fixture
def fake_pathrefs() -> Iterator[FakePathrefs]:
    """A fresh `FakePathrefs`; fails the test when a request broke the spec."""
    from .pathrefs.testing import FakePathrefs

    with FakePathrefs() as fake:
        yield fake
