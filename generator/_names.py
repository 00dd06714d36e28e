"""Every name that goes from a spec into generated code passes through here.

A spec may name things with any string: keywords, leading digits, punctuation, slashes, names
that differ only by case, or names of our own classes. These helpers turn such strings into
valid, readable Python identifiers and keep them unique within a scope.
"""

from __future__ import annotations

import functools
import keyword
import re
import sys
import unicodedata

# The error classes every API subpackage re-exports from the runtime.
ERROR_NAMES = (
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
)
# Names the generated models module imports or defines, builtins a model name would shadow,
# and our runtime's public names, so a schema never shadows them when re-exported.
_RESERVED_CLASS_NAMES = frozenset(
    {
        "Annotated", "Any", "AwareDatetime", "BaseModel", "ConfigDict", "Decimal", "Enum",
        "Field", "Literal", "NaiveDatetime", "Optional", "RootModel", "UUID", "Union",
        "date", "datetime", "time", "timedelta",
        "APIResponse", "Client", "AsyncClient", "Response", "RequestOptions", "NotGiven",
        *ERROR_NAMES,
    }
)  # fmt: skip
# Argument names a generated method uses itself, and the keys of the runtime's
# `RequestOptions` (`**options`): a parameter named `timeout` would overlap with them.
REQUEST_OPTIONS = frozenset({"extra_headers", "extra_query", "timeout", "max_retries"})
_RESERVED_ARGUMENTS = frozenset({"self", "options", "cls", "models"}) | REQUEST_OPTIONS

_WORD_SPLIT = re.compile(r"[^0-9A-Za-z]+")
_CAMEL_BOUNDARY_1 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL_BOUNDARY_2 = re.compile(r"([a-z0-9])([A-Z])")


def _ascii_words(text: str) -> list[str]:
    """Split any string into ASCII words, on punctuation and camelCase boundaries."""
    if text.isascii():  # NFKD leaves ASCII as it is
        folded = text
    else:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    if folded.lower() != folded:  # an upper-case letter: both boundaries need one
        folded = _CAMEL_BOUNDARY_1.sub(r"\1_\2", folded)
        folded = _CAMEL_BOUNDARY_2.sub(r"\1_\2", folded)
    return [w for w in _WORD_SPLIT.split(folded) if w]


# Names that are keywords only in some places (`type` since Python 3.12), on every version.
SOFT_KEYWORDS = frozenset({"match", "case", "type", "_"})


@functools.lru_cache(maxsize=8192)  # a large spec names the same parameters thousands of times
def snake_case(text: str, *, fallback: str = "value") -> str:
    """Return a snake_case Python identifier for `text`. Keywords, and the soft keywords
    (`match`, `case`, `type`, `_`), which are names only in some places, get a trailing
    underscore."""
    words = _ascii_words(text)
    name = "_".join(w.lower() for w in words) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or name in SOFT_KEYWORDS:
        name += "_"
    return name


# Module names the generated package uses itself, beside `__init__` and the `_`-prefixed ones.
_OWN_MODULES = frozenset({"models", "resources", "errors", "loader"})


def module_name(text: str, *, fallback: str = "module") -> str:
    """Return a module (or package) name for `text`: snake_case, with a trailing underscore
    when it would be a standard library module (a tag `typing` or `json`) or one of the
    package's own modules (`models`, `errors`)."""
    name = snake_case(text, fallback=fallback)
    if name in sys.stdlib_module_names or name in _OWN_MODULES:
        name += "_"
    return name


def shadows_standard_module(name: str) -> bool:
    """Whether a top-level package called `name` would hide a standard library module."""
    return name in sys.stdlib_module_names


@functools.lru_cache(maxsize=8192)
def pascal_case(text: str, *, fallback: str = "Model") -> str:
    """Return a PascalCase class name for `text`."""
    words = _ascii_words(text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    if keyword.iskeyword(name):  # None, True, False
        name += fallback
    return name


def constant_case(text: str) -> str:
    """Return an UPPER_SNAKE constant name for `text`."""
    return snake_case(text, fallback="item").rstrip("_").upper()


class NameScope:
    """Hands out unique names; names differing only by case count as the same.

    Case-insensitive uniqueness keeps `VLAN` and `Vlan` apart on case-insensitive file systems
    and in the reader's eye. A taken name gets the shortest distinguishing suffix from
    `suffixes`, then a number.
    """

    def __init__(self, reserved: frozenset[str] | set[str] = frozenset()) -> None:
        self._taken = {n.lower() for n in reserved}

    def claim(self, name: str, *suffixes: str) -> str:
        candidates = [name, *(f"{name}{s}" for s in suffixes)]
        for candidate in candidates:
            if candidate.lower() not in self._taken:
                self._taken.add(candidate.lower())
                return candidate
        base = candidates[-1]
        n = 2
        while f"{base}{n}".lower() in self._taken:
            n += 1
        self._taken.add(f"{base}{n}".lower())
        return f"{base}{n}"


def class_scope(*also_reserved: str) -> NameScope:
    """A scope for model class names in one vendor's models module."""
    return NameScope(_RESERVED_CLASS_NAMES | set(also_reserved))


def argument_scope() -> NameScope:
    """A scope for the keyword arguments of one generated method."""
    return NameScope(_RESERVED_ARGUMENTS)


# Names a method must not take: in a class body they would hide the builtins and the `models`
# module that the annotations of later methods refer to.
_SHADOWED_IN_ANNOTATIONS = frozenset(
    {
        "list",
        "dict",
        "set",
        "tuple",
        "type",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "object",
        "models",
    }
)


_METHOD_RESERVED = frozenset(
    {
        "api",
        "api_key",
        "base_url",
        "close",
        "aclose",
        "default_headers",
        "default_query",
        "is_closed",
        "max_retries",
        "retry_non_idempotent",
        "strict",
        "timeout",
        "with_options",
        "with_raw_response",
    }
    | _SHADOWED_IN_ANNOTATIONS
)


def claim_method(scope: NameScope, name: str, http_method: str) -> str:
    """A unique method name: a reserved one gets a trailing underscore (`list_`), a repeated
    one the HTTP method (`get_thing_post`)."""
    if name in _METHOD_RESERVED:
        return scope.claim(name + "_", f"_{http_method}")
    return scope.claim(name, f"_{http_method}")


def method_scope() -> NameScope:
    """A scope for the method names of one generated client or resource."""
    return NameScope(_METHOD_RESERVED)
