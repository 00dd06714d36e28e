"""Small types shared by the runtime and the generated clients.

``NOT_GIVEN`` marks an argument the caller left out, which is different from an
explicit ``None`` (``timeout=None`` means "no timeout"). ``RequestOptions`` are
the per-call overrides every generated method accepts as keyword arguments.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Final, Generic, Literal, TypeAlias, TypeVar, cast, final

import httpx
from typing_extensions import TypedDict, override

__all__ = [
    "NOT_GIVEN",
    "FileContent",
    "FileTypes",
    "NotGiven",
    "RequestOptions",
    "TimeoutTypes",
]

TimeoutTypes: TypeAlias = float | httpx.Timeout | None
"""A timeout as callers may give it: seconds for every phase, an ``httpx.Timeout``, or none."""


@final
class NotGiven:
    """Type of the ``NOT_GIVEN`` sentinel.

    It is falsy, so ``if value:`` treats it like a missing value, and it keeps its
    identity through ``copy`` and ``pickle``.
    """

    def __bool__(self) -> Literal[False]:
        return False

    @override
    def __repr__(self) -> str:
        return "NOT_GIVEN"

    @override
    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

T = TypeVar("T")


@final
class TypeForm(Generic[T]):
    """A return type that is not a class (``str | None``, ``tuple[int] | tuple[int, str]``),
    given as ``cast_to``: type checkers take only classes for ``type[T]``, so the generated
    methods write ``TypeForm[str | None](str | None)``."""

    __slots__ = ("form",)

    def __init__(self, form: object) -> None:
        self.form = form

    @override
    def __repr__(self) -> str:
        return f"TypeForm({self.form!r})"


def as_type(cast_to: type[T] | TypeForm[T]) -> type[T]:
    """The type a ``cast_to`` names (a ``TypeForm``'s form), as pydantic is handed it."""
    return cast("type[T]", cast_to.form) if isinstance(cast_to, TypeForm) else cast_to


class RequestOptions(TypedDict, total=False):
    """Per-call overrides accepted by every generated method (``**options``)."""

    extra_headers: Mapping[str, str]
    """Headers added to this request; they win over every other header, auth included."""

    extra_query: Mapping[str, object]
    """Query parameters added to this request; they replace parameters of the same name."""

    timeout: TimeoutTypes
    """Timeout of each attempt of this request (``None`` disables it)."""

    max_retries: int
    """How many times this request may be retried."""


FileContent: TypeAlias = bytes | IO[bytes] | os.PathLike[str]
"""A file's content: bytes, a binary file object, or a path to read."""

FileTypes: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)
"""A file to upload: its content, or ``(filename, content)``, or
``(filename, content, content_type)``."""
