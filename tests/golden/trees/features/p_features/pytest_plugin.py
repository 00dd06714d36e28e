"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_features`: a `p_features.features.testing.FakeFeatures`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .features.testing import FakeFeatures

__all__ = [
    "fake_features",
]


@pytest.fixture
def fake_features() -> Iterator[FakeFeatures]:
    """A fresh `FakeFeatures`; fails the test when a request broke the spec."""
    from .features.testing import FakeFeatures

    with FakeFeatures() as fake:
        yield fake
