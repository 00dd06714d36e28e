"""pytest fixtures with a fake of each vendor, registered as a pytest plugin on install.

* `fake_p_returns`: a `p_returns.testing.FakeClient`

Each fixture is a new fake per test; after the test it closes the clients it made and fails
the test if any request broke the spec (even one whose error the code under test caught).
The vendor modules are imported only when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .testing import FakeClient

__all__ = [
    "fake_p_returns",
]


@pytest.fixture
def fake_p_returns() -> Iterator[FakeClient]:
    """A fresh `FakeClient`; fails the test when a request broke the spec."""
    from .testing import FakeClient

    with FakeClient() as fake:
        yield fake
