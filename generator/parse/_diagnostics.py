"""Problems found while building the IR, as values, and the policy that ranks them.

A `Diagnostics` owns the strict/lenient choice: every unsupported or wrong construct is
reported to it with `problem()`; strict makes it an error (the build fails, listing every
error), lenient a warning (the construct is left out and everything else is generated).
Findings that are never errors (notes about what was left out on purpose) use `warn()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .._errors import SpecError, SpecErrors
from .._load import LoadedSpec

Parts = list[str | int]
Level = Literal["error", "warning"]
Policy = Literal["strict", "lenient"]

_DEFAULT_HINT = "fix it in the spec, or run with --lenient to generate everything else without it"


class Unsupported(Exception):
    """Raised inside the parse package for a construct it cannot turn into a client; the
    caller that can leave the construct out catches it and reports it as a problem."""

    def __init__(self, parts: Parts, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.parts = parts
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Diagnostic:
    level: Level
    error: SpecError

    def __str__(self) -> str:
        return str(self.error)


@dataclass
class Diagnostics:
    """The findings of one build, for one spec."""

    spec: LoadedSpec
    policy: Policy = "strict"
    found: list[Diagnostic] = field(default_factory=list[Diagnostic])

    @classmethod
    def strict(cls, spec: LoadedSpec) -> Diagnostics:
        """Problems are errors: the build fails, listing them all."""
        return cls(spec, "strict")

    @classmethod
    def lenient(cls, spec: LoadedSpec) -> Diagnostics:
        """Problems are warnings: what they concern is left out."""
        return cls(spec, "lenient")

    @classmethod
    def for_policy(cls, spec: LoadedSpec, lenient: bool) -> Diagnostics:
        """The diagnostics of the CLI's `--lenient` choice."""
        return cls(spec, "lenient" if lenient else "strict")

    @property
    def is_lenient(self) -> bool:
        return self.policy == "lenient"

    def problem(self, parts: Parts, message: str, hint: str | None = None) -> None:
        """An unsupported or wrong construct: an error, or a warning when lenient."""
        level: Level = "warning" if self.is_lenient else "error"
        self.found.append(Diagnostic(level, self.spec.error(parts, message, hint or _DEFAULT_HINT)))

    def unsupported(self, exc: Unsupported, prefix: str = "") -> None:
        self.problem(exc.parts, prefix + exc.message, exc.hint)

    def warn(self, parts: Parts, message: str, hint: str | None = None) -> None:
        """A warning whatever the policy."""
        self.found.append(Diagnostic("warning", self.spec.error(parts, message, hint)))

    def settle(self, problems: list[SpecError], limit: int) -> list[SpecError]:
        """Problems found before the parser runs (validation): strict raises SpecErrors
        listing the first `limit` of them; lenient hands them back, to be shown as warnings."""
        if problems and not self.is_lenient:
            raise SpecErrors(problems[:limit])
        return problems

    @property
    def errors(self) -> list[SpecError]:
        return [d.error for d in self.found if d.level == "error"]

    @property
    def warnings(self) -> list[str]:
        return [str(d) for d in self.found if d.level == "warning"]

    def raise_errors(self) -> None:
        """Raise SpecErrors listing every error found so far, if there is any."""
        if self.errors:
            raise SpecErrors(self.errors)
