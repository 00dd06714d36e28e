"""Test doubles: fake vendors for the tests of code that uses the clients.

Each vendor subpackage has a ``testing`` module with a ``Fake<Vendor>`` built on this module.
A fake answers through ``httpx.MockTransport``, so the real client code (URL building, auth,
retries, error mapping, parsing) runs end to end without a network:

* every operation answers with the spec's example, or a value synthesised from its response
  schema, until a stub says otherwise;
* ``fake.<operation>`` is a typed stub: ``returns(value)``, ``fails(status, body)``,
  ``network_error(kind)``, or ``answers(...)`` for a sequence (retries, pagination). A value
  the vendor could not send (it does not validate against the response schema) is refused
  when it is set, with the path of the field at fault;
* every request is recorded (``stub.calls``, typed; ``stub.requests``, the HTTP requests) and
  checked against the spec: method and path, path, query and header parameters, and the JSON
  body against its schema. A request the spec does not allow fails the test with
  ``SpecMismatch``; the fake also keeps it, so ``fake.verify()`` (called when the fake is
  used as a context manager or through the pytest fixtures) fails even if the code under
  test swallowed the error.

The JSON-schema check here is small and covers what specs use: types (``nullable`` too),
``enum``, ``const``, ``properties``, ``required``, ``additionalProperties``, ``items``,
``allOf``, ``anyOf``, ``oneOf`` (checked as ``anyOf``), string lengths and patterns, the
``date-time``, ``date`` and ``uuid`` formats, numeric bounds and array sizes.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, Literal, TypeVar, cast
from urllib.parse import parse_qsl, unquote

import httpx
import pydantic
from typing_extensions import Self

from ._api import ApiInfo
from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = [
    "ErrorAnswer",
    "Fake",
    "FakeSpec",
    "NetworkFailure",
    "OperationStub",
    "RecordedCall",
    "SpecMismatch",
    "StubRejected",
    "load_fake_spec",
    "schema_errors",
    "synthesize",
]

R = TypeVar("R")
C = TypeVar("C")
E = TypeVar("E")
S = TypeVar("S", bound=SyncAPIClient)
A = TypeVar("A", bound=AsyncAPIClient)

_REF = "#/components/schemas/"
_MAX_DEPTH = 40
_FAKE_API_KEY = "test-key"
NetworkKind = Literal["connect", "timeout", "read"]


class SpecMismatch(AssertionError):
    """The code under test sent a request its vendor's spec does not allow."""


class StubRejected(ValueError):
    """A stubbed answer the vendor could not send: it does not fit the spec's schema."""


# -- the spec data ------------------------------------------------------------------


@dataclass(frozen=True)
class FakeSpec:
    """What a fake needs from one spec, as the generator wrote it (``_testing_spec.json``)."""

    api: str
    components: Mapping[str, Any]
    operations: Mapping[str, Mapping[str, Any]]
    """By method name: method, path, base_url, params, body, responses."""


def load_fake_spec(path: Path) -> FakeSpec:
    """Read a vendor's ``_testing_spec.json``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return FakeSpec(
        api=str(data["api"]), components=data["components"], operations=data["operations"]
    )


# -- a small JSON-schema check -------------------------------------------------------

_FORMATS: dict[str, re.Pattern[str]] = {
    "date-time": re.compile(
        r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
    ),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "uuid": re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"),
}


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _is_type(value: object, name: str) -> bool:
    actual = _type_name(value)
    if name == "number":
        return actual in ("integer", "number")
    if name == "integer" and isinstance(value, float):
        return value.is_integer()
    return actual == name


def _resolve(schema: Any, components: Mapping[str, Any]) -> Any:
    for _ in range(_MAX_DEPTH):
        if not isinstance(schema, dict):
            return schema
        node = cast("dict[str, Any]", schema)
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return node
        if not ref.startswith(_REF):
            return True  # a reference the fake cannot follow: anything goes
        target = components.get(ref[len(_REF) :].replace("~1", "/").replace("~0", "~"))
        if target is None:
            return True
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        schema = {"allOf": [target, siblings]} if siblings else target
    return True


def _at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key)}]"


def _short(value: object) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def schema_errors(
    value: object, schema: Any, components: Mapping[str, Any], path: str = "$"
) -> list[str]:
    """Where ``value`` breaks ``schema``: one ``"<path>: <what>"`` line each, empty when it fits."""
    errors: list[str] = []
    _check(value, schema, components, path, errors, 0)
    return errors


def _check(
    value: object,
    schema: Any,
    components: Mapping[str, Any],
    path: str,
    errors: list[str],
    depth: int,
) -> None:
    schema = _resolve(schema, components)
    if schema is True or schema is None or depth > _MAX_DEPTH:
        return
    if schema is False:
        errors.append(f"{path}: no value is allowed here")
        return
    if not isinstance(schema, dict):
        return
    node = cast("dict[str, Any]", schema)
    if value is None and node.get("nullable") is True:
        return
    for member in node.get("allOf") or ():
        _check(value, member, components, path, errors, depth + 1)
    for key in ("anyOf", "oneOf"):
        options = node.get(key)
        if isinstance(options, list) and options:
            found = [
                schema_errors(value, o, components, path) for o in cast("list[object]", options)
            ]
            if all(found):
                best = min(found, key=len)
                errors.append(f"{path}: fits none of the {key} alternatives, e.g. {best[0]}")
    types = node.get("type")
    if isinstance(types, str):
        types = [types]
    if isinstance(types, list) and types:
        names = [str(t) for t in cast("list[object]", types)]
        if not any(_is_type(value, t) for t in names):
            wanted = " or ".join(names)
            errors.append(f"{path}: expected {wanted}, got {_type_name(value)} {_short(value)}")
            return
    if "enum" in node and isinstance(node["enum"], list):
        allowed = cast("list[object]", node["enum"])
        if not any(_type_name(a) == _type_name(value) and a == value for a in allowed):
            errors.append(f"{path}: {_short(value)} is not one of {_short(allowed)}")
    if "const" in node and not (
        _type_name(node["const"]) == _type_name(value) and node["const"] == value
    ):
        errors.append(f"{path}: must be {_short(node['const'])}, got {_short(value)}")
    if isinstance(value, str):
        _check_string(value, node, path, errors)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        _check_number(value, node, path, errors)
    elif isinstance(value, list):
        items = cast("list[object]", value)
        if isinstance(node.get("minItems"), int) and len(items) < node["minItems"]:
            errors.append(f"{path}: needs at least {node['minItems']} items, has {len(items)}")
        if isinstance(node.get("maxItems"), int) and len(items) > node["maxItems"]:
            errors.append(f"{path}: allows at most {node['maxItems']} items, has {len(items)}")
        if "items" in node:
            for i, item in enumerate(items):
                _check(item, node["items"], components, _at(path, i), errors, depth + 1)
    elif isinstance(value, dict):
        _check_object(cast("dict[str, Any]", value), node, components, path, errors, depth)


def _check_string(value: str, node: dict[str, Any], path: str, errors: list[str]) -> None:
    if isinstance(node.get("minLength"), int) and len(value) < node["minLength"]:
        errors.append(f"{path}: shorter than {node['minLength']} characters")
    if isinstance(node.get("maxLength"), int) and len(value) > node["maxLength"]:
        errors.append(f"{path}: longer than {node['maxLength']} characters")
    pattern = node.get("pattern")
    if isinstance(pattern, str):
        try:
            if re.search(pattern, value) is None:
                errors.append(f"{path}: {_short(value)} does not match {pattern!r}")
        except re.error:
            pass  # a pattern Python cannot read is not checked
    fmt = node.get("format")
    if isinstance(fmt, str) and fmt in _FORMATS and not _FORMATS[fmt].match(value):
        errors.append(f"{path}: {_short(value)} is not a {fmt}")


def _check_number(value: float, node: dict[str, Any], path: str, errors: list[str]) -> None:
    low, high = node.get("minimum"), node.get("maximum")
    low_x, high_x = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
    if low_x is True:  # OpenAPI 3.0: a flag on minimum
        low_x, low = low, None
    if high_x is True:
        high_x, high = high, None
    if isinstance(low, int | float) and value < low:
        errors.append(f"{path}: {value} is below the minimum {low}")
    if isinstance(high, int | float) and value > high:
        errors.append(f"{path}: {value} is above the maximum {high}")
    if isinstance(low_x, int | float) and not isinstance(low_x, bool) and value <= low_x:
        errors.append(f"{path}: {value} must be above {low_x}")
    if isinstance(high_x, int | float) and not isinstance(high_x, bool) and value >= high_x:
        errors.append(f"{path}: {value} must be below {high_x}")


def _check_object(
    value: dict[str, Any],
    node: dict[str, Any],
    components: Mapping[str, Any],
    path: str,
    errors: list[str],
    depth: int,
) -> None:
    properties = cast("dict[str, Any]", node.get("properties") or {})
    for name in node.get("required") or ():
        if name not in value:
            errors.append(f"{_at(path, str(name))}: required field missing")
    extra = node.get("additionalProperties", True)
    for key, item in value.items():
        where = _at(path, key)
        if key in properties:
            _check(item, properties[key], components, where, errors, depth + 1)
        elif extra is False:
            errors.append(f"{where}: field not in the schema")
        elif isinstance(extra, dict):
            _check(item, extra, components, where, errors, depth + 1)


# -- synthesised values --------------------------------------------------------------

_FORMAT_SAMPLES = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "email": "user@example.com",
}


def synthesize(schema: Any, components: Mapping[str, Any], depth: int = 0) -> Any:
    """A value that fits ``schema``: its example, default, const or first enum value, else the
    simplest value of its type (objects with their required fields)."""
    for key in ("example", "default", "const"):
        if isinstance(schema, dict) and key in schema:
            return cast("dict[str, Any]", schema)[key]
    schema = _resolve(schema, components)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return None
    node = cast("dict[str, Any]", schema)
    for key in ("example", "default", "const"):
        if key in node:
            return node[key]
    examples = node.get("examples")
    if isinstance(examples, list) and examples:
        return cast("list[object]", examples)[0]
    enum = node.get("enum")
    if isinstance(enum, list) and enum:
        return next((v for v in cast("list[object]", enum) if v is not None), None)
    if isinstance(node.get("allOf"), list):
        merged: dict[str, Any] = {}
        parts = [synthesize(m, components, depth + 1) for m in cast("list[object]", node["allOf"])]
        if not any(isinstance(part, dict) for part in parts):
            return next((part for part in parts if part is not None), None)
        for part in parts:
            if isinstance(part, dict):
                merged.update(cast("dict[str, Any]", part))
        own = {k: v for k, v in node.items() if k != "allOf"}
        if own.get("properties") or own.get("required"):
            merged.update(cast("dict[str, Any]", synthesize(own, components, depth + 1) or {}))
        return merged
    for key in ("oneOf", "anyOf"):
        options = node.get(key)
        if isinstance(options, list) and options:
            chosen = [
                o
                for o in cast("list[object]", options)
                if _resolve(o, components) != {"type": "null"}
            ]
            return synthesize((chosen or cast("list[object]", options))[0], components, depth + 1)
    types = node.get("type")
    if isinstance(types, list):
        types = next((t for t in cast("list[object]", types) if t != "null"), "null")
    if types is None:
        types = "object" if "properties" in node else "array" if "items" in node else None
    if types == "string":
        fmt = node.get("format")
        text = _FORMAT_SAMPLES.get(fmt, "string") if isinstance(fmt, str) else "string"
        low = node.get("minLength")
        return text + "x" * (low - len(text)) if isinstance(low, int) and low > len(text) else text
    if types in ("integer", "number"):
        low = node.get("minimum", node.get("exclusiveMinimum"))
        number = low if isinstance(low, int | float) and not isinstance(low, bool) else 0
        if node.get("exclusiveMinimum") is not None and number == low:
            number += 1
        return int(number) if types == "integer" else float(number)
    if types == "boolean":
        return True
    if types == "array":
        count = node.get("minItems", 1)
        if node.get("maxItems") == 0 or depth > 6:
            count = 0
        item = synthesize(node.get("items"), components, depth + 1)
        return [item for _ in range(count if isinstance(count, int) else 1)]
    if types == "object":
        properties = cast("dict[str, Any]", node.get("properties") or {})
        required = [str(n) for n in cast("list[object]", node.get("required") or [])]
        names = list(properties) if depth < 3 else [n for n in properties if n in required]
        names += [n for n in required if n not in names]
        return {n: synthesize(properties.get(n, True), components, depth + 1) for n in names}
    return None


# -- answers -----------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorAnswer:
    """An error status with its JSON body; make one with ``stub.error(...)``."""

    status: int
    body: Any
    headers: Mapping[str, str] = field(default_factory=dict[str, str])


@dataclass(frozen=True)
class NetworkFailure:
    """No answer at all: ``"connect"`` (refused), ``"timeout"`` (read timeout) or ``"read"``
    (connection reset while reading)."""

    kind: NetworkKind = "connect"


@dataclass(frozen=True)
class _Value:
    status: int
    body: bytes
    content_type: str | None


_Answer = _Value | ErrorAnswer | NetworkFailure


@dataclass(frozen=True)
class RecordedCall:
    """One request the fake received: which operation, its typed arguments, the request."""

    operation: str
    args: object
    request: httpx.Request


# -- one operation -------------------------------------------------------------------


class OperationStub(Generic[R, C, E]):
    """Stubs and records one operation of a fake.

    ``R`` is what the client method returns, ``C`` the record of one call's arguments, ``E``
    the operation's error model.
    """

    def __init__(
        self, fake: Fake[Any, Any], name: str, call_type: type[C], response_type: object
    ) -> None:
        self._fake = fake
        self.name = name
        self._spec = fake.spec.operations[name]
        self._call_type = call_type
        self._response_type = response_type
        self._answers: list[_Answer] = []
        self._sequence = False
        self._used = 0
        self.calls: list[C] = []
        """The arguments of every request, in order (a retried call once per attempt)."""
        self.requests: list[httpx.Request] = []
        """Every HTTP request, in order."""

    def __repr__(self) -> str:
        return f"<stub {self.name}: {len(self.calls)} calls>"

    @property
    def call_count(self) -> int:
        """How many requests the operation received (each retry counts)."""
        return len(self.calls)

    @property
    def last_call(self) -> C:
        """The arguments of the latest request; fails when there was none."""
        if not self.calls:
            raise AssertionError(f"{self.name} was never called")
        return self.calls[-1]

    # -- setting answers -

    def returns(self, value: R) -> None:
        """Answer every call with ``value`` (a model, list of models...), checked against the
        spec's success response first: ``StubRejected`` names the field that does not fit."""
        self._set([self._value(value)], sequence=False)

    def fails(
        self,
        status: int,
        body: E | Mapping[str, object] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Answer every call with an error status and the vendor's error body (``body``, else
        the spec's example for the status, else one made from the error schema)."""
        self._set([self.error(status, body, headers=headers)], sequence=False)

    def network_error(self, kind: NetworkKind = "connect") -> None:
        """Answer every call with a network failure (the client retries, then raises
        ``APIConnectionError`` or ``APITimeoutError``)."""
        self._set([NetworkFailure(kind)], sequence=False)

    def answers(self, *answers: R | ErrorAnswer | NetworkFailure) -> None:
        """Answer the next requests in order, one answer each (values as in ``returns``, errors
        from ``error()``, ``NetworkFailure``); a request after the last fails the test."""
        made: list[_Answer] = [
            a if isinstance(a, ErrorAnswer | NetworkFailure) else self._value(a) for a in answers
        ]
        self._set(made, sequence=True)

    def error(
        self,
        status: int,
        body: E | Mapping[str, object] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> ErrorAnswer:
        """An error answer for ``answers()``, checked like ``fails()``."""
        if not 400 <= status <= 599:
            raise StubRejected(f"{self.name}: an error status is 4xx or 5xx, not {status}")
        response = self._response_for(status) or self._fake.error_response
        schema = response.get("schema") if response else None
        if body is None:
            examples: list[Any] = (response.get("examples") or []) if response else []
            data = examples[0] if examples else self._fake.error_body(status, schema)
        else:
            data = _to_json(body)
        if schema is not None:
            self._refuse(data, schema, f"error {status}")
        return ErrorAnswer(status, data, dict(headers or {}))

    def reset(self) -> None:
        """Back to the spec's example, and forget the calls."""
        self._set([], sequence=False)
        self.calls.clear()
        self.requests.clear()

    def _set(self, answers: list[_Answer], *, sequence: bool) -> None:
        self._answers = answers
        self._sequence = sequence
        self._used = 0

    def _value(self, value: R) -> _Value:
        success = self._success()
        status = int(success["status"]) if success and success["status"].isdigit() else 200
        if value is None or self._response_type is type(None):
            return _Value(status, b"", None)
        if isinstance(value, bytes):
            return _Value(
                status, value, (success or {}).get("accept") or "application/octet-stream"
            )
        if isinstance(value, str) and self._response_type is str:
            return _Value(status, value.encode(), (success or {}).get("accept") or "text/plain")
        data = _to_json(value, self._response_type)
        if success is not None and success.get("schema") is not None:
            self._refuse(data, success["schema"], f"response {status}")
        return _Value(status, json.dumps(data).encode(), "application/json")

    def _refuse(self, data: object, schema: Any, what: str) -> None:
        errors = schema_errors(data, schema, self._fake.spec.components)
        if errors:
            listed = "\n  ".join(errors[:10])
            raise StubRejected(
                f"{self._fake.spec.api} could not send this {what} for {self.name}: "
                f"it does not fit the spec's schema:\n  {listed}"
            )

    def _success(self) -> dict[str, Any] | None:
        for response in self._spec["responses"]:
            if str(response["status"]).startswith("2"):
                return cast("dict[str, Any]", response)
        return None

    def _response_for(self, status: int) -> dict[str, Any] | None:
        by_status = {str(r["status"]).upper(): r for r in self._spec["responses"]}
        for key in (str(status), f"{str(status)[0]}XX", "DEFAULT"):
            if key in by_status and by_status[key].get("schema") is not None:
                return cast("dict[str, Any]", by_status[key])
        return None

    # -- answering -

    def _record(self, args: dict[str, Any], request: httpx.Request) -> None:
        call = self._fake.typed_args(self._call_type, args)
        self.calls.append(call)
        self.requests.append(request)
        self._fake.calls.append(RecordedCall(self.name, call, request))

    def _next(self) -> _Answer:
        if self._sequence:
            if self._used >= len(self._answers):
                raise SpecMismatch(
                    f"{self.name} was called {self._used + 1} times, but answers() gave "
                    f"{len(self._answers)} answers"
                )
            answer = self._answers[self._used]
            self._used += 1
            return answer
        if self._answers:
            return self._answers[0]
        return self._default()

    def _default(self) -> _Value:
        success = self._success()
        if success is None or success.get("media_type") is None:
            status = int(success["status"]) if success and success["status"].isdigit() else 200
            return _Value(status, b"", None)
        examples: list[Any] = success.get("examples") or []
        if examples:
            data = examples[0]
        else:
            data = synthesize(success.get("schema"), self._fake.spec.components)
        status = int(success["status"]) if success["status"].isdigit() else 200
        return _Value(status, json.dumps(data).encode(), str(success["media_type"]))


def _to_json(value: object, annotation: object = None) -> Any:
    """A stubbed value as the JSON the vendor would send (wire names, unset fields left out)."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in cast("Sequence[object]", value)]
    if isinstance(value, Mapping):
        items = cast("Mapping[object, object]", value)
        return {str(k): _to_json(v) for k, v in items.items()}
    if annotation is not None:
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(cast("type[Any]", annotation))
        return adapter.dump_python(value, mode="json", by_alias=True)
    return pydantic.TypeAdapter(object).dump_python(value, mode="json")


# -- the fake ------------------------------------------------------------------------


class Fake(Generic[S, A]):
    """A fake vendor: answers for every operation, and checks every request against the spec.

    Generated per vendor (``Fake<Vendor>`` in its ``testing`` module), with one typed
    ``OperationStub`` attribute per operation.
    """

    def __init__(
        self, api: ApiInfo, spec: FakeSpec, sync_client: type[S], async_client: type[A]
    ) -> None:
        self.api = api
        self.spec = spec
        self._sync_client = sync_client
        self._async_client = async_client
        self.transport = httpx.MockTransport(self._handle)
        """The transport to build your own ``httpx.Client``/``httpx.AsyncClient`` on."""
        self.calls: list[RecordedCall] = []
        """Every request any operation received, in order."""
        self.mismatches: list[SpecMismatch] = []
        """Every request that broke the spec (each also failed its call)."""
        self.sleeps: list[float] = []
        """The waits between retries of the clients made by ``client()``; never slept."""
        self._stubs: dict[str, OperationStub[Any, Any, Any]] = {}
        self._clients: list[SyncAPIClient | AsyncAPIClient] = []
        self._hints: dict[type[Any], dict[str, Any]] = {}
        self._adapters: dict[object, pydantic.TypeAdapter[Any]] = {}
        self.error_response = self._common_error_response()

    def __repr__(self) -> str:
        return f"<fake {self.spec.api}: {len(self.calls)} calls>"

    # -- clients -

    def client(
        self,
        *,
        api_key: str = _FAKE_API_KEY,
        max_retries: int | None = None,
        strict: bool = False,
        retry_non_idempotent: bool = False,
        default_headers: Mapping[str, str] | None = None,
    ) -> S:
        """A real synchronous client answered by this fake; retries wait for nothing."""
        options: dict[str, Any] = {} if max_retries is None else {"max_retries": max_retries}
        client = self._sync_client(
            api_key=api_key,
            strict=strict,
            retry_non_idempotent=retry_non_idempotent,
            default_headers=default_headers,
            http_client=self.http_client(),
            **options,
        )
        client._sleep = self.sleeps.append  # pyright: ignore[reportPrivateUsage]
        self._clients.append(client)
        return client

    def async_client(
        self,
        *,
        api_key: str = _FAKE_API_KEY,
        max_retries: int | None = None,
        strict: bool = False,
        retry_non_idempotent: bool = False,
        default_headers: Mapping[str, str] | None = None,
    ) -> A:
        """A real asynchronous client answered by this fake; retries wait for nothing."""
        options: dict[str, Any] = {} if max_retries is None else {"max_retries": max_retries}
        client = self._async_client(
            api_key=api_key,
            strict=strict,
            retry_non_idempotent=retry_non_idempotent,
            default_headers=default_headers,
            http_client=self.async_http_client(),
            **options,
        )

        async def no_wait(seconds: float) -> None:
            self.sleeps.append(seconds)

        client._sleep = no_wait  # pyright: ignore[reportPrivateUsage]
        self._clients.append(client)
        return client

    def http_client(self) -> httpx.Client:
        """An ``httpx.Client`` on this fake, for ``http_client=`` of a client you build."""
        return httpx.Client(transport=self.transport, follow_redirects=False)

    def async_http_client(self) -> httpx.AsyncClient:
        """An ``httpx.AsyncClient`` on this fake, for ``http_client=`` of a client you build."""
        return httpx.AsyncClient(transport=self.transport, follow_redirects=False)

    # -- checks -

    def verify(self) -> None:
        """Fail when any request broke the spec, even if the code under test caught the error."""
        if self.mismatches:
            raise SpecMismatch(
                f"{len(self.mismatches)} request(s) broke the {self.spec.api} spec; the first: "
                f"{self.mismatches[0]}"
            )

    def reset(self) -> None:
        """Every stub back to the spec's examples; calls and mismatches forgotten."""
        for stub in self._stubs.values():
            stub.reset()
        self.calls.clear()
        self.mismatches.clear()
        self.sleeps.clear()

    def close(self) -> None:
        """Close the synchronous clients made by ``client()`` (async ones: ``aclose()``)."""
        for client in self._clients:
            if isinstance(client, SyncAPIClient):
                client.close()

    async def aclose(self) -> None:
        """Close every client made by ``client()`` and ``async_client()``."""
        for client in self._clients:
            if isinstance(client, AsyncAPIClient):
                await client.close()
            else:
                client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
        if exc_type is None:
            self.verify()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
        if exc_type is None:
            self.verify()

    # -- for the stubs -

    def stub(self, stub: OperationStub[R, C, E]) -> OperationStub[R, C, E]:
        """Register a stub (done by the generated ``__init__``)."""
        self._stubs[stub.name] = stub
        return stub

    def typed_args(self, call_type: type[C], args: dict[str, Any]) -> C:
        """The call record: each argument converted to its annotated type where it fits."""
        hints = self._hints.get(call_type)
        if hints is None:
            hints = typing.get_type_hints(call_type)
            self._hints[call_type] = hints
        values: dict[str, Any] = {}
        for name, raw in args.items():
            annotation = hints.get(name, object)
            adapter = self._adapters.get(annotation)
            if adapter is None:
                adapter = pydantic.TypeAdapter(annotation)
                self._adapters[annotation] = adapter
            try:
                values[name] = adapter.validate_python(raw)
            except pydantic.ValidationError:
                values[name] = raw  # the spec check has already reported it
        return call_type(**values)

    def error_body(self, status: int, schema: Any) -> Any:
        """An error body in the vendor's envelope, made from its schema, naming the status."""
        body: Any = synthesize(schema, self.spec.components) if schema is not None else {}
        if not isinstance(body, dict):
            return body
        envelope = self.api.error_envelope
        reason = httpx.codes.get_reason_phrase(status) or f"Error {status}"
        for path, text in (
            (envelope.message, f"{reason} (from the fake {self.spec.api})"),
            (envelope.code, reason.lower().replace(" ", "_") or str(status)),
        ):
            if not path:
                continue
            node = cast("dict[str, Any]", body)
            for key in path[:-1]:
                child = node.get(key)
                if not isinstance(child, dict):
                    child = {}
                    node[key] = child
                node = cast("dict[str, Any]", child)
            if isinstance(node.get(path[-1]), str | None):
                node[path[-1]] = text
        return cast("dict[str, Any]", body)

    def _common_error_response(self) -> dict[str, Any] | None:
        """The error response most operations declare: the vendor's envelope, for statuses
        the spec does not list (429, 503...)."""
        counts: dict[str, tuple[int, dict[str, Any]]] = {}
        for spec in self.spec.operations.values():
            for response in spec["responses"]:
                status = str(response["status"])
                if status[0] in "45D" and response.get("schema") is not None:
                    key = json.dumps(response["schema"], sort_keys=True)
                    seen, _ = counts.get(key, (0, response))
                    counts[key] = (seen + 1, {**response, "examples": []})
        if not counts:
            return None
        return max(counts.values(), key=lambda pair: pair[0])[1]

    # -- the transport -

    def _handle(self, request: httpx.Request) -> httpx.Response:
        try:
            stub, args = self._match(request)
        except SpecMismatch as exc:
            self.mismatches.append(exc)
            raise
        stub._record(args, request)  # pyright: ignore[reportPrivateUsage]
        answer = stub._next()  # pyright: ignore[reportPrivateUsage]
        if isinstance(answer, NetworkFailure):
            message = f"simulated by the fake {self.spec.api}"
            if answer.kind == "timeout":
                raise httpx.ReadTimeout(f"read timeout, {message}", request=request)
            if answer.kind == "read":
                raise httpx.ReadError(f"connection reset, {message}", request=request)
            raise httpx.ConnectError(f"connection refused, {message}", request=request)
        if isinstance(answer, ErrorAnswer):
            return httpx.Response(
                answer.status, json=answer.body, headers=answer.headers, request=request
            )
        headers = {"content-type": answer.content_type} if answer.content_type else {}
        return httpx.Response(answer.status, content=answer.body, headers=headers, request=request)

    def _match(self, request: httpx.Request) -> tuple[OperationStub[Any, Any, Any], dict[str, Any]]:
        """The stub a request is for and its arguments; SpecMismatch when the spec forbids it."""
        path = request.url.path
        raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        same_path: list[str] = []
        for name, spec in self.spec.operations.items():
            values = _match_path(spec, raw_path)
            if values is None:
                continue
            if spec["method"] != request.method:
                same_path.append(str(spec["method"]))
                continue
            where = f"{request.method} {path} ({spec['operation_id']})"
            args = self._check(spec, request, values, where)
            return self._stubs[name], args
        if same_path:
            raise SpecMismatch(
                f"{request.method} {path}: the {self.spec.api} spec has no {request.method} "
                f"operation on this path, only {', '.join(sorted(same_path))}"
            )
        known = ", ".join(f"{s['method']} {s['path']}" for s in self.spec.operations.values())
        raise SpecMismatch(
            f"{request.method} {path}: no operation of the {self.spec.api} spec has this path "
            f"(it has: {known})"
        )

    def _check(
        self,
        spec: Mapping[str, Any],
        request: httpx.Request,
        path_values: dict[str, str],
        where: str,
    ) -> dict[str, Any]:
        components = self.spec.components
        problems: list[str] = []
        args: dict[str, Any] = {}
        query: dict[str, list[str]] = {}
        for key, value in parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True):
            query.setdefault(key, []).append(value)
        declared_query = {p["name"] for p in spec["params"] if p["in"] == "query"}
        allowed = declared_query | set(self._credential_query_names())
        for key in query:
            if key not in allowed:
                problems.append(f"query parameter {key!r} is not in the spec")
        for param in spec["params"]:
            name, location, schema = param["name"], param["in"], param.get("schema")
            raw: list[str] | None
            if location == "path":
                raw = [path_values[name]] if name in path_values else None
            elif location == "query":
                raw = query.get(name)
            elif location == "header":
                raw = [request.headers[name]] if name in request.headers else None
            elif location == "cookie":
                sent = _cookies(request)
                raw = [sent[name]] if name in sent else None
            else:
                continue
            if raw is None:
                if param["required"]:
                    problems.append(f"{location} parameter {name!r} is required but missing")
                args[param["python_name"]] = None
                continue
            value = _from_text(raw, schema, components)
            for error in schema_errors(value, schema, components, f"{location} parameter {name!r}"):
                problems.append(error)
            args[param["python_name"]] = value
        security: list[list[str]] = spec.get("security") or []
        if security and not any(all(self._sent(request, s) for s in g) for g in security):
            wanted = " or ".join(" and ".join(group) for group in security)
            problems.append(f"no credentials: the spec asks for {wanted}")
        body_spec = spec.get("body")
        if body_spec is not None and body_spec["kind"] == "multipart":
            args.update(_multipart_args(body_spec, request, problems))
        elif body_spec is not None:
            args[body_spec["python_name"]] = self._check_body(
                body_spec, request, problems, components
            )
        elif request.content:
            problems.append("the spec declares no request body, but one was sent")
        if problems:
            listed = "\n  ".join(problems)
            raise SpecMismatch(f"{where} does not match the {self.spec.api} spec:\n  {listed}")
        return args

    def _check_body(
        self,
        body_spec: Mapping[str, Any],
        request: httpx.Request,
        problems: list[str],
        components: Mapping[str, Any],
    ) -> Any:
        content = request.content
        if not content:
            if body_spec["required"]:
                problems.append("the request body is required but none was sent")
            return None
        media = str(body_spec["media_type"])
        sent = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if sent != media.split(";", 1)[0].strip().lower():
            problems.append(
                f"the body is sent as {sent or 'no content type'}, the spec says {media}"
            )
        if body_spec["kind"] == "form":
            return dict(parse_qsl(content.decode("utf-8"), keep_blank_values=True))
        if body_spec["kind"] == "content":
            return content.decode("utf-8") if media.startswith("text/") else content
        try:
            data = json.loads(content)
        except ValueError:
            problems.append("the body is not JSON")
            return None
        problems.extend(schema_errors(data, body_spec.get("schema"), components, "body"))
        return data

    def _sent(self, request: httpx.Request, scheme_name: str) -> bool:
        """Whether ``request`` carries the credential of the named security scheme."""
        scheme = self.api.security_schemes.get(scheme_name)
        if scheme is None:
            return True  # a scheme the client cannot send is not checked
        if scheme.kind in ("http", "oauth2"):
            prefix = "basic " if scheme.scheme.lower() == "basic" else "bearer "
            authorization = str(request.headers.get("authorization", ""))
            return authorization.lower().startswith(prefix)
        if scheme.location == "query":
            return bool(scheme.name in request.url.params)
        if scheme.location == "cookie":
            cookies = str(request.headers.get("cookie", ""))
            return any(c.strip().startswith(f"{scheme.name}=") for c in cookies.split(";"))
        return scheme.name in request.headers

    def _credential_query_names(self) -> list[str]:
        return [
            s.name
            for s in self.api.security_schemes.values()
            if s.kind == "api_key" and s.location == "query"
        ]


def _match_path(spec: Mapping[str, Any], path: str) -> dict[str, str] | None:
    """The path parameters when ``path`` is the operation's, else None."""
    prefix = httpx.URL(str(spec["base_url"] or "")).path.rstrip("/")
    pattern = "".join(
        f"(?P<p{i}>[^/]+)" if part.startswith("{") else re.escape(part)
        for i, part in enumerate(re.split(r"(\{[^}/]+\})", str(spec["path"])))
    )
    found = re.fullmatch(re.escape(prefix) + pattern, path)
    if found is None:
        return None
    names = re.split(r"(\{[^}/]+\})", str(spec["path"]))
    return {names[int(k[1:])][1:-1]: unquote(v) for k, v in found.groupdict().items()}


def _cookies(request: httpx.Request) -> dict[str, str]:
    """The cookies a request carries, by name (values as sent)."""
    found: dict[str, str] = {}
    for pair in request.headers.get("cookie", "").split(";"):
        name, sep, value = pair.strip().partition("=")
        if sep:
            found[name] = unquote(value)
    return found


def _multipart_args(
    body_spec: Mapping[str, Any], request: httpx.Request, problems: list[str]
) -> dict[str, Any]:
    """The arguments of a multipart body, by Python name: files as bytes (a list for a
    repeated part), text as text, JSON parts decoded."""
    sent = request.headers.get("content-type", "")
    if not sent.lower().startswith("multipart/form-data"):
        problems.append(f"the body is sent as {sent or 'no content type'}, not multipart")
        return {}
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {sent}\r\n\r\n".encode() + request.content
    )
    received: dict[str, list[Any]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(data, bytes):
            received.setdefault(name, []).append(data)
    args: dict[str, Any] = {}
    for declared in body_spec["parts"]:
        values = received.get(declared["name"])
        if values is None:
            args[declared["python_name"]] = None
            continue
        if declared["kind"] == "json":
            try:
                values = [json.loads(v) for v in values]
            except ValueError:
                problems.append(f"the part {declared['name']!r} is not JSON")
        elif declared["kind"] == "text":
            values = [v.decode("utf-8", "replace") for v in values]
        args[declared["python_name"]] = values if len(values) > 1 else values[0]
    return args


def _from_text(raw: list[str], schema: Any, components: Mapping[str, Any]) -> Any:
    """A parameter's value as its schema's type, from the strings on the wire."""
    node = _resolve(schema, components)
    kind = _kind_of(node, components)
    if kind == "array":
        items = cast("dict[str, Any]", node).get("items") if isinstance(node, dict) else None
        parts = raw if len(raw) > 1 else [p for p in raw[0].split(",")] if raw[0] else []
        return [_from_text([p], items, components) for p in parts]
    text = raw[-1]
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            return text
    if kind == "number":
        try:
            return float(text) if not text.lstrip("-").isdigit() else int(text)
        except ValueError:
            return text
    if kind == "boolean":
        return {"true": True, "false": False}.get(text, text)
    if kind == "null" and text == "":
        return None
    return text


def _kind_of(node: Any, components: Mapping[str, Any]) -> str | None:
    """The JSON type a parameter's schema wants (first non-null one)."""
    if not isinstance(node, dict):
        return None
    schema = cast("dict[str, Any]", node)
    types = schema.get("type")
    if isinstance(types, list):
        types = next((t for t in cast("list[object]", types) if t != "null"), None)
    if isinstance(types, str):
        return types
    for key in ("anyOf", "oneOf", "allOf"):
        for option in cast("list[object]", schema.get(key) or []):
            found = _kind_of(_resolve(option, components), components)
            if found and found != "null":
                return found
    if "enum" in schema:
        values = cast("list[object]", schema["enum"])
        return _type_name(next((v for v in values if v is not None), None))
    return None
