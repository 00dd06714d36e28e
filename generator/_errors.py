"""The one error type the generator raises for bad input."""

from __future__ import annotations

from dataclasses import dataclass


def pointer_from_parts(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """Return the JSON pointer (RFC 6901) for a sequence of keys."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts) or "/"


@dataclass
class SpecError(Exception):
    """A spec (or the settings) cannot be turned into a client.

    Carries where the fault is (file, line, JSON pointer), what is wrong and how to fix it.
    """

    file: str
    message: str
    pointer: str | None = None
    line: int | None = None
    hint: str | None = None
    rule: str | None = None  # the lint rule that found it
    severity: str | None = None  # a lint finding's configured severity: "error" or "warning"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.message}"
        if self.rule is not None:
            text += f" [{self.rule}]"
        if self.pointer is not None:
            text += f" (at {self.pointer})"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class SpecErrors(Exception):
    """Several spec errors found in one run, reported together."""

    def __init__(self, errors: list[SpecError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def error_list(exc: SpecError | SpecErrors) -> list[SpecError]:
    """The single errors inside either kind of spec error."""
    return exc.errors if isinstance(exc, SpecErrors) else [exc]


class OutputError(Exception):
    """Writing or formatting the generated package failed; the output was left as it was."""
