"""Base classes for the generated models and enums, and response validation.

Responses are validated leniently by default, so that a vendor adding a field or
an enum value does not break clients already in use:

* unknown fields are kept on the model (``model.model_extra``, attribute access);
* an unknown enum value becomes a pseudo-member of the enum that compares equal
  to the raw value and serializes back to it.

In strict mode (``strict=True`` on a client) both are validation errors instead,
which is what tests of a client against a vendor's real API want. Strictness is
held in a context variable that ``validate_response`` sets for the duration of
one validation, so models and enums need no extra arguments.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar, cast

import pydantic
from pydantic_core import InitErrorDetails, PydanticCustomError

__all__ = ["BaseModel", "Enum", "is_strict", "validate_response"]

T = TypeVar("T")

_strict: ContextVar[bool] = ContextVar("connector_clients_strict", default=False)


def is_strict() -> bool:
    """Whether the validation running in this context is strict."""
    return _strict.get()


class BaseModel(pydantic.BaseModel):
    """Base of every generated model.

    Models accept both Python field names and wire names when built by hand,
    keep unknown fields from responses, and dump with wire names. In strict mode
    ``validate_response`` rejects unknown fields after validation (a check per
    model instance during validation would slow every response down).
    """

    model_config = pydantic.ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        # Build each model's validator on first use, not at import: importing a package with
        # thousands of models stays fast, and a client pays only for the models it uses.
        defer_build=True,
    )


class Enum(enum.Enum):
    """Base of every generated enum; tolerates values the spec does not list.

    Generated enums mix in the value type first (``class Kind(str, Enum)``). An
    unknown value of that type becomes a pseudo-member: an instance of the enum
    whose ``value`` and ``name`` are the raw value, equal to the raw value (for
    ``str`` and ``int`` mixins), and serialized as the raw value. Pseudo-members
    are not added to the enum: iteration and ``len()`` see the declared members
    only. In strict mode unknown values are rejected.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if _strict.get():
            return None
        member_type: type[Any] = getattr(cls, "_member_type_", object)
        if not isinstance(value, member_type) or (
            isinstance(value, bool) and not issubclass(member_type, bool)
        ):
            return None
        new = cast("Callable[..., Enum]", member_type.__new__)
        pseudo = new(cls) if member_type is object else new(cls, value)
        pseudo._name_ = str(value)
        pseudo._value_ = value
        return pseudo


@functools.lru_cache(maxsize=512)
def _cached_adapter(tp: object) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter[Any](cast(Any, tp))


def _adapter(tp: object) -> pydantic.TypeAdapter[Any]:
    try:
        return _cached_adapter(tp)
    except TypeError:  # an unhashable type expression: build it each time
        return pydantic.TypeAdapter[Any](cast(Any, tp))


def _unknown_fields(
    value: object, loc: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], BaseModel]]:
    """Every model instance inside ``value`` that kept fields its class does not declare."""
    if isinstance(value, BaseModel):
        if value.__pydantic_extra__:
            yield loc, value
        for name in type(value).model_fields:
            yield from _unknown_fields(getattr(value, name), (*loc, name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(cast("list[object]", value)):
            yield from _unknown_fields(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in cast("dict[object, object]", value).items():
            yield from _unknown_fields(item, (*loc, str(key)))


def _reject_unknown_fields(value: T, cast_to: object) -> T:
    errors: list[InitErrorDetails] = []
    for loc, model in _unknown_fields(value, ()):
        extra = model.__pydantic_extra__ or {}
        errors.append(
            InitErrorDetails(
                type=PydanticCustomError(
                    "unknown_fields",
                    "{model} has no field(s) named {fields}",
                    {"model": type(model).__name__, "fields": ", ".join(sorted(extra))},
                ),
                loc=loc,
                input=dict(extra),
            )
        )
    if errors:
        title = getattr(cast_to, "__name__", str(cast_to))
        raise pydantic.ValidationError.from_exception_data(title, errors)
    return value


def validate_response_json(cast_to: type[T], content: bytes, *, strict: bool) -> T:
    """Validate a JSON body, still encoded, as ``cast_to``.

    Parsing and validating in one pass (in pydantic-core) is about twice as fast as
    ``json.loads`` followed by validation. Raises ``pydantic.ValidationError``; invalid
    JSON is an error of type ``json_invalid``.
    """
    return _validate(cast_to, strict, lambda adapter: adapter.validate_json(content))


def validate_response(cast_to: type[T], data: object, *, strict: bool) -> T:
    """Validate parsed JSON ``data`` as ``cast_to``.

    ``cast_to`` is any type pydantic accepts: a model class, ``list[Model]``,
    ``dict[str, Model]``, ``str``, ``object``, ``type(None)`` and so on. Raises
    ``pydantic.ValidationError``.
    """
    return _validate(cast_to, strict, lambda adapter: adapter.validate_python(data))


def _validate(
    cast_to: type[T], strict: bool, run: Callable[[pydantic.TypeAdapter[Any]], object]
) -> T:
    """Run one validation with the strictness set for its duration."""
    token = _strict.set(strict)
    try:
        value = cast(T, run(_adapter(cast_to)))
    finally:
        _strict.reset(token)
    return _reject_unknown_fields(value, cast_to) if strict else value
