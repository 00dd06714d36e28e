"""The round trip of one spec: generate its client, call every operation with synthesised
arguments through the sync and the async client against the openapi-core oracle, and check
what the oracle decoded and what the client parsed from a synthesised answer.

The generated client's own servers are kept: a transport sends every request to the oracle,
whose copy of the spec has each server reduced to its path (openapi-core matches servers by
host). Path and query styles openapi-core 0.23 does not decode (`label`, `matrix`,
`spaceDelimited`, and an object sent as exploded `form`) are read back from the raw request
target by the OpenAPI specification's style examples table, compared with the values given
and validated with jsonschema; tests/runtime/test_wire.py pins their exact text.

openapi-core 0.23 reads every item of an array with `items`, whatever `prefixItems` says (and
stops on `items: false`): a JSON body whose schema has positional arrays is checked with
jsonschema's Draft 2020-12 validator instead (valid for its schema, and the JSON sent equal to
the value given), and openapi-core's errors about the body are set aside. A multipart body
openapi-core 0.23 misreads (text parts checked as strings or bytes against numbers and enums,
array fields refused) is read back with werkzeug's multipart parser and compared instead.

Where openapi-core 0.23 stops short of the spec, the oracle is given what it lacks rather than
skipped: the oracle server reads a `+json` vendor media type as JSON, lets a format it does
not know pass (an annotation, as JSON Schema says), and hands openapi-core the header names
as sent (`api_key`); the oracle's copy of the spec has a parameter's `type: [X, "null"]` as
`X` (a stricter check: OpenAPI's styles give null no text form) and no `default` on a
read-only or write-only schema (an annotation openapi-core would fill into a request and then
refuse); cookie objects, which openapi-core does not decode, are read back from the raw
`Cookie` header by the OpenAPI style table and validated with jsonschema
(test_oracle_fallbacks.py checks that each of these still refuses what the spec refuses).
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import io
import itertools
import json
import re
import subprocess
import sys
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
import jsonschema
import pydantic
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator._config import ApiSettings, Settings
from generator._ir import Api, Operation
from generator._load import load_spec
from generator._typesource import annotation
from generator.parse import Diagnostics, build_api
from generator.parse._spec import HTTP_METHODS

from ..._oracle import oracle_server
from ._synth import NoValidValue, Synth, Unsynthesisable

ROOT = Path(__file__).resolve().parents[3]
_UNDECODED = {"label", "matrix", "spaceDelimited"}
_NO_BODY: Any = object()  # an optional body no value satisfies: not sent
_counter = itertools.count()


@dataclass
class Outcome:
    """What happened to each operation of a spec."""

    passed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # not synthesisable: the reason
    # Operations the spec allows no call of: no valid request, or no valid answer, exists
    # (proven from the schema by the synthesiser; the reason says how). Not round-tripped,
    # and not a failure of the client.
    impossible: dict[str, str] = field(default_factory=dict)
    # Operations of the spec the generator left out (lenient), with its warning: the share
    # is of the operations it emits, and these are reported beside it.
    left_out: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.passed) + len(self.failed) + len(self.skipped) + len(self.impossible)

    def summary(self, name: str) -> str:
        out = f"{name}: {len(self.passed)}/{self.total} operations round-trip"
        if self.impossible:
            out += f" ({len(self.impossible)} with no valid request or answer)"
        if self.left_out:
            out += f" ({len(self.left_out)} left out by the generator)"
        return out


def oracle_copy(doc: dict[str, Any], dest: Path) -> Path:
    """The spec with every server reduced to its path, for openapi-core."""
    copy = json.loads(json.dumps(doc))

    def local(servers: Any) -> list[dict[str, str]]:
        url = servers[0].get("url", "/") if isinstance(servers, list) and servers else "/"
        for name, var in (servers[0].get("variables") or {}).items() if servers else ():
            url = url.replace("{" + name + "}", str(var.get("default", "")))
        return [{"url": urlsplit(url).path.rstrip("/") or "/"}]

    copy["servers"] = local(copy.get("servers"))
    _drop_one_sided_defaults(copy)
    for item in (copy.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        if "servers" in item:
            item["servers"] = local(item["servers"])
        for param in item.get("parameters") or []:
            _narrow_parameter(copy, param)
        for op in item.values():
            if isinstance(op, dict) and "servers" in op:
                op["servers"] = local(op["servers"])
            for param in (op.get("parameters") or []) if isinstance(op, dict) else []:
                _narrow_parameter(copy, param)
    for param in ((copy.get("components") or {}).get("parameters") or {}).values():
        _narrow_parameter(copy, param)
    _mapping_refs(copy)
    # Not ASCII-escaped: openapi-core reads the file as YAML, whose reader refuses the
    # escaped surrogate pairs JSON writes for characters beyond the BMP (emoji).
    dest.write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")
    return dest


def _drop_one_sided_defaults(node: Any) -> None:
    """No `default` for a `readOnly` or `writeOnly` schema, in the oracle's copy: openapi-core
    0.23 fills a read-only property's default into a request body the client sent without
    it, then refuses the body for writing a read-only property. `default` is an annotation
    in JSON Schema: which values are valid does not change."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            one_sided = item.get("readOnly") is True or item.get("writeOnly") is True
            if one_sided and "default" in item:
                del item["default"]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _mapping_refs(node: Any) -> None:
    """Discriminator mapping values that are a schema's bare name (`Cat`), which OpenAPI
    allows, written as the reference they mean (`#/components/schemas/Cat`): openapi-core 0.23
    reads every value as a reference and cannot resolve a bare name."""
    schemas = (node.get("components") or {}).get("schemas") or {}
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            disc = item.get("discriminator")
            mapping = disc.get("mapping") if isinstance(disc, dict) else None
            for tag, target in mapping.items() if isinstance(mapping, dict) else ():
                if isinstance(target, str) and target in schemas:
                    mapping[tag] = "#/components/schemas/" + _escape(target)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _narrow_parameter(doc: dict[str, Any], param: Any) -> None:
    """A parameter's schema whose `type` is a list of one type and `null` (`[string, "null"]`,
    OpenAPI 3.1) with that one type only, in the oracle's copy: openapi-core 0.23 reads a
    parameter's `type` as one string and stops on a list (`TypeError: Expected a string
    value`). OpenAPI's styles give null no text form, so no request that could be sent is
    lost, and the check is stricter than the spec's, never looser: openapi-core still decodes
    the value by its style and validates it against the rest of the schema."""
    if not isinstance(param, dict) or not isinstance(param.get("schema"), dict):
        return
    schema = Synth(doc, 0).resolve(param["schema"])
    narrowed = _one_type(schema)
    if isinstance(narrowed.get("items"), dict):
        narrowed = {**narrowed, "items": _one_type(Synth(doc, 0).resolve(narrowed["items"]))}
    if narrowed is not schema:
        param["schema"] = narrowed


def _one_type(schema: Any) -> Any:
    kind = schema.get("type") if isinstance(schema, dict) else None
    if not isinstance(kind, list):
        return schema
    kinds = [k for k in kind if k != "null"]
    return {**schema, "type": kinds[0]} if len(kinds) == 1 else schema


class _ToOracle(httpx.BaseTransport):
    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        request.headers["Host"] = f"127.0.0.1:{self.port}"
        return self.inner.handle_request(request)


class _AsyncToOracle(httpx.AsyncBaseTransport):
    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        request.headers["Host"] = f"127.0.0.1:{self.port}"
        return await self.inner.handle_async_request(request)


def generate(spec: Path, out: Path, package: str) -> tuple[Api, ModuleType]:
    """Generate the client of `spec` into `out` and import its API module; the IR beside it."""
    lenient: list[str] = []
    try:
        api = build_api(load_spec(spec, spec.name, spec.read_bytes()), _settings(spec, package))
    except Exception:
        loaded = load_spec(spec, spec.name, spec.read_bytes())
        api = build_api(loaded, _settings(spec, package), diagnostics=Diagnostics.lenient(loaded))
        lenient = ["--lenient"]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            str(spec.resolve()),
            "--output",
            str(out),
            "--package",
            package,
            *lenient,
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=out.parent,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    sys.path.insert(0, str(out))
    try:  # one spec: the package is the API
        module = importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
    return api, module


def _settings(spec: Path, package: str) -> ApiSettings:
    """The API's settings as `generate SPEC --package PACKAGE` makes them."""
    return Settings(
        root=spec.parent,
        specs_dir=spec.parent,
        output_dir=spec.parent,
        import_name=package,
        single_spec=spec,
    ).vendor(spec)


def _pointer_validator(doc: dict[str, Any], pointer: str) -> jsonschema.Draft202012Validator:
    registry: Registry[Any] = Registry().with_resource(
        "urn:spec", Resource.from_contents(doc, default_specification=DRAFT202012)
    )
    return jsonschema.Draft202012Validator({"$ref": "urn:spec#" + pointer}, registry=registry)


def _schema_errors(doc: dict[str, Any], pointer: str, value: Any) -> list[Any]:
    """The JSON Schema errors of `value` for the schema at `pointer`, but for a `oneOf` with
    a discriminator that several options accept: the discriminator picks one of them."""
    return [
        e
        for e in _pointer_validator(doc, pointer).iter_errors(value)
        if not (
            e.validator == "oneOf"
            and "is valid under each of" in e.message
            and isinstance(e.schema, dict)
            and "discriminator" in e.schema
        )
    ]


def _object_form(p: Any) -> bool:
    """A query object sent as exploded `form` (one parameter per property): openapi-core
    0.23 does not read it back."""
    s = p.serialization
    return bool(
        p.location == "query"
        and s.style == "form"
        and s.explode
        and s.content_type is None
        and _is_object(p.schema)
    )


def _is_object(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("type") == "object" or "properties" in schema or "$ref" in schema
    )


def _positional(schema: Any, synth: Synth, depth: int = 0) -> bool:
    """Whether a schema, or one it reaches (below a depth limit), has `prefixItems`."""
    schema = synth.resolve(schema)
    if depth > 12:
        return False
    if isinstance(schema, list):
        return any(_positional(s, synth, depth + 1) for s in schema)
    if not isinstance(schema, dict):
        return False
    if "prefixItems" in schema:
        return True
    return any(
        _positional(v, synth, depth + 1)
        for k, v in schema.items()
        if k not in ("enum", "const", "default", "example", "examples")
        and isinstance(v, dict | list)
    )


def _unwrapped(synth: Synth, schema: Any) -> dict[str, Any]:
    schema = synth.resolve(schema)
    while isinstance(schema, dict) and isinstance(schema.get("allOf"), list):
        schema = synth.merged(schema)
    return schema if isinstance(schema, dict) else {}


def _kind_of(schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind


def _from_text(schema: dict[str, Any], text: str) -> Any:
    """One multipart text part as the value it writes, by its schema."""
    kind = _kind_of(schema)
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return {"true": True, "false": False}[text]
    if kind in ("object", "array") or "properties" in schema:
        return json.loads(text)
    return text


def _cookie_pairs(raw: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (name, raw value) pairs of a request's `Cookie` header(s), in order."""
    pairs: list[tuple[str, str]] = []
    for key, value in raw["headers"]:
        if key.lower() != "cookie":
            continue
        for item in value.split(";"):
            name, sep, text = item.strip().partition("=")
            if sep:
                pairs.append((name, text))
    return pairs


def _read_text(schema: dict[str, Any], text: str) -> Any:
    """A text value by its schema, or the text itself when it does not read as that type
    (then it is not valid for the schema, and the check says so)."""
    try:
        return _from_text(schema, text)
    except (ValueError, KeyError):
        return text


def _split_pair(text: str, sep: str) -> tuple[str, str]:
    name, _, value = text.partition(sep)
    return name, value


def _alternating(pieces: list[str]) -> list[tuple[str, str]]:
    """`k1,v1,k2,v2` (split) as pairs; an odd count keeps its last key with no value."""
    return [
        (pieces[i], pieces[i + 1] if i + 1 < len(pieces) else "") for i in range(0, len(pieces), 2)
    ]


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _normal(value: Any) -> Any:
    """JSON values compared the way they mean: `Z` and `+00:00` are the same instant, 1 and
    1.0 the same number."""
    if isinstance(value, str) and value.endswith("+00:00"):
        return value[:-6] + "Z"
    if isinstance(value, Mapping):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class RoundTrip:
    def __init__(self, spec: Path, tmp: Path, seed: int = 12) -> None:
        self.spec = spec = spec.resolve()
        self.doc: dict[str, Any] = yaml.safe_load(spec.read_text(encoding="utf-8"))
        self.tmp = tmp
        self.seed = seed
        package = "rt_" + "".join(c if c.isalnum() else "_" for c in spec.stem.lower())
        self.api, self.module = generate(spec, tmp / "out", f"{package}_{next(_counter)}")
        self.models = importlib.import_module(self.module.__name__ + ".models")
        self.namespace: dict[str, Any] = {
            "models": self.models,
            "FileTypes": importlib.import_module(self.module.__name__ + "._types").FileTypes,
            **{name: getattr(typing, name) for name in ("Literal", "Any")},
            "Mapping": Mapping,
        }

    def clients(self) -> tuple[type[Any], type[Any]]:
        return getattr(self.module, self.api.client_name), getattr(
            self.module, self.api.async_client_name
        )

    def python_value(self, node: Any, value: Any) -> Any:
        source = annotation(node)
        return pydantic.TypeAdapter(eval(source, self.namespace)).validate_python(value)

    def run(self) -> Outcome:
        outcome = Outcome()
        oracle_spec = oracle_copy(self.doc, self.tmp / "oracle-spec.json")
        sync_cls, async_cls = self.clients()
        with oracle_server(oracle_spec) as base:
            port = int(base.rsplit(":", 1)[1])
            # A relative server ("/") needs a host; the transport sends it to the oracle.
            relative = not urlsplit(self.api.default_base_url).scheme
            where = (
                {"base_url": "http://api.invalid" + self.api.default_base_url} if relative else {}
            )
            sync = sync_cls(
                **where,
                api_key="k-roundtrip",
                http_client=httpx.Client(transport=_ToOracle(port)),
                max_retries=0,
            )

            def aclient() -> Any:  # one per event loop
                return async_cls(
                    **where,
                    api_key="k-roundtrip",
                    http_client=httpx.AsyncClient(transport=_AsyncToOracle(port)),
                    max_retries=0,
                )

            control = httpx.Client(base_url=base)
            owners = {op.operation_id: None for op in self.api.operations}
            for resource in self.api.resources:
                owners.update({op.operation_id: resource.attr for op in resource.operations})
            for index, op in enumerate(self.api.all_operations):
                key = f"{op.http_method} {op.path}"
                try:
                    case = self.case(op, index)
                except NoValidValue as exc:
                    outcome.impossible[key] = str(exc)
                    continue
                except Unsynthesisable as exc:
                    outcome.skipped[key] = str(exc)
                    continue
                except pydantic.ValidationError as exc:  # a value the client's types refuse
                    outcome.failed[key] = f"arguments: {exc}"[:1500]
                    continue
                except Exception as exc:
                    outcome.failed[key] = f"arguments: {type(exc).__name__}: {exc}"[:1500]
                    continue
                try:
                    for variant in ("sync", "async"):
                        self.check(
                            op, case, variant, sync, aclient, control, owners[op.operation_id]
                        )
                except AssertionError as exc:
                    outcome.failed[key] = str(exc)[:1500]
                except Exception as exc:
                    outcome.failed[key] = f"{type(exc).__name__}: {exc}"[:1500]
                else:
                    outcome.passed.append(key)
            sync.close()
            control.close()
        outcome.left_out = self.left_out()
        return outcome

    def left_out(self) -> dict[str, str]:
        """The spec's operations the client does not have, each with the generator's warning
        that says why."""
        emitted = {(op.http_method.upper(), op.path) for op in self.api.all_operations}
        found: dict[str, str] = {}
        for path, item in (self.doc.get("paths") or {}).items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict) and (method.upper(), path) not in emitted:
                    key = f"{method.upper()} {path}"
                    reasons = [w for w in self.api.warnings if f"{key}:" in w]
                    found[key] = reasons[0] if reasons else "left out without a warning"
        return found

    def raw_operation(self, op: Operation) -> tuple[dict[str, Any], str]:
        method = op.http_method.lower()
        for path, item in self.doc["paths"].items():
            pointer = f"/paths/{_escape(path)}/{method}"
            item = Synth(self.doc, 0).resolve(item)
            raw = item.get(method) if isinstance(item, dict) else None
            if isinstance(raw, dict) and (
                raw.get("operationId") == op.operation_id
                or (path == op.path and "operationId" not in raw)
            ):
                return raw, pointer
        raise Unsynthesisable(f"operation {op.operation_id} not found in the document")

    def case(self, op: Operation, index: int) -> dict[str, Any]:
        """Arguments, what the oracle should decode, and the scripted answer of one call."""
        synth = Synth(self.doc, self.seed * 1000 + index, self.fits)
        raw, pointer = self.raw_operation(op)
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        expect: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}, "cookie": {}}
        cookies: dict[str, Any] = {}  # each cookie parameter's value, by its name
        styled: dict[str, Any] = {}  # path and query values openapi-core does not decode
        for p in op.parameters:
            schema = p.schema if p.serialization.content_type is None else None
            try:
                value = synth.value(self.param_schema(raw, p.wire_name, p.location))
            except NoValidValue as exc:
                if p.required:
                    raise NoValidValue(
                        f"no valid request exists: {p.location} parameter {p.wire_name!r}: {exc}"
                    ) from exc
                continue  # optional, and no value satisfies it: not sent
            del schema
            python = self.python_value(p.type, value)
            if p.location == "path":
                args.append(python)
            else:
                kwargs[p.python_name] = python
            s = p.serialization
            object_form = (
                isinstance(value, dict)
                and s.style == "form"
                and s.explode
                and p.location == "query"
            )
            if p.location == "cookie" and s.content_type is None:
                cookies[p.wire_name] = value
            # a cookie object is read back from the raw header instead (in `check`)
            cookie_object = p.wire_name in cookies and isinstance(value, dict)
            if s.style not in _UNDECODED and not object_form and not cookie_object:
                expect[p.location][p.wire_name] = value
            elif not cookie_object and s.content_type is None:
                styled[p.wire_name] = value  # read back from the raw target (in `check`)
        body_expect: Any = None
        positional_body: str | None = None  # the body schema's pointer, when checked here
        multipart: dict[str, Any] | None = None  # a multipart body's property schemas
        if op.body is not None:
            media = self.body_media(raw, op.body.content_type)
            schema = media.get("schema", {})
            if op.body.kind == "multipart":
                body_expect = {}
                props = (
                    synth.merged(synth.resolve(schema))
                    if "allOf" in synth.resolve(schema)
                    else synth.resolve(schema)
                )
                multipart = props.get("properties") or {}
                for part in op.body.parts:
                    prop = (props.get("properties") or {}).get(part.wire_name, {})
                    if part.kind == "file":
                        files = [synth.file(part.wire_name) for _ in range(2 if part.many else 1)]
                        kwargs[part.python_name] = files if part.many else files[0]
                        encoded = [{"$bytes": base64.b64encode(f).decode()} for f in files]
                        body_expect[part.wire_name] = encoded if part.many else encoded[0]
                    else:
                        value = synth.value(prop)
                        kwargs[part.python_name] = self.python_value(part.type, value)
                        body_expect[part.wire_name] = value
            elif op.body.kind == "form":
                body_expect = synth.value(schema)
                kwargs[op.body.python_name] = body_expect
            elif op.body.kind == "content":
                text = op.body.content_type.startswith("text/")
                body_expect = "plain text body" if text else b"binary body"
                kwargs[op.body.python_name] = body_expect
                body_expect = None  # openapi-core hands back the raw content: checked as sent
            else:
                body_expect = self.json_body(synth, schema, op.body.required)
            if body_expect is _NO_BODY:  # optional, and no value satisfies it: not sent
                body_expect = None
            elif op.body.kind == "json":
                body_pointer = self.body_pointer(raw, pointer, op.body.content_type)
                invalid = _schema_errors(self.doc, body_pointer, body_expect)
                if invalid:  # a schema no value satisfies, or beyond the synthesiser
                    raise Unsynthesisable(f"body not valid for its schema: {invalid[0].message}")
                kwargs[op.body.python_name] = self.python_value(op.body.type, body_expect)
                if _positional(schema, synth):
                    positional_body = body_pointer
        status, answer_schema, answer_pointer = self.success(raw, pointer)
        answer = None
        if answer_schema is not None:
            try:
                answer = synth.value(answer_schema, "response")
            except NoValidValue as exc:
                raise NoValidValue(f"no valid answer exists: {exc}") from exc
            errors = _schema_errors(self.doc, answer_pointer, answer)
            if errors:
                raise Unsynthesisable(f"answer not valid for its schema: {errors[0].message}")
        return {
            "args": args,
            "kwargs": kwargs,
            "expect": expect,
            "body": body_expect,
            "positional_body": positional_body,
            "multipart": multipart,
            "cookies": cookies,
            "styled": styled,
            "status": status,
            "answer": answer,
            "json_answer": answer_schema is not None,
        }

    def json_body(self, synth: Synth, schema: Any, required: bool) -> Any:
        """A JSON body for `schema`; `_NO_BODY` when no value satisfies it and the body is
        optional (the request is then sent without one)."""
        try:
            return synth.value(schema)
        except NoValidValue as exc:
            if required:
                raise NoValidValue(f"no valid request exists: the body: {exc}") from exc
            return _NO_BODY

    def fits(self, schema: Any, value: Any) -> bool:
        """Whether `value` is valid for `schema`, a schema of this document (its references
        resolved against the document)."""
        wrapper = {**self.doc, "$id": "urn:spec-check", "allOf": [schema]}
        return jsonschema.Draft202012Validator(wrapper).is_valid(value)

    def param_schema(self, raw: dict[str, Any], name: str, location: str) -> Any:
        synth = Synth(self.doc, 0)
        item = self.doc["paths"]
        for param in [*(raw.get("parameters") or []), *self.item_params(raw)]:
            param = synth.resolve(param)
            if param.get("name") == name and param.get("in") == location:
                if "schema" in param:
                    return param["schema"]
                return next(iter(param["content"].values())).get("schema", {})
        del item
        raise Unsynthesisable(f"parameter {name} not found")

    def item_params(self, raw: dict[str, Any]) -> list[Any]:
        for item in self.doc["paths"].values():
            if isinstance(item, dict) and any(v is raw for v in item.values()):
                return list(item.get("parameters") or [])
        return []

    def multipart_decoded(self, raw: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
        """A multipart request as werkzeug parses it, each part decoded by its property's
        schema the way OpenAPI's defaults write it (text for primitives, one part per item of
        an array, JSON for objects and arrays of arrays), files as `{"$bytes": base64}`."""
        from werkzeug.datastructures import Headers
        from werkzeug.formparser import parse_form_data

        body = base64.b64decode(raw["body"])
        headers = Headers([(k, v) for k, v in raw["headers"]])
        environ = {
            "REQUEST_METHOD": "POST",
            "CONTENT_TYPE": headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
        }
        _, form, files = parse_form_data(environ)
        synth = Synth(self.doc, 0)
        out: dict[str, Any] = {}
        for name in files:
            found = [{"$bytes": base64.b64encode(f.read()).decode()} for f in files.getlist(name)]
            schema = synth.resolve(props.get(name, {}))
            out[name] = found if schema.get("type") == "array" else found[0]
        for name in form:
            texts = form.getlist(name)
            schema = _unwrapped(synth, props.get(name, {}))
            if _kind_of(schema) == "array":
                items = _unwrapped(synth, schema.get("items", {}))
                out[name] = [_from_text(items, t) for t in texts]
            else:
                out[name] = _from_text(schema, texts[0])
        return out

    def cookies_decoded(
        self, op: Operation, raw: Mapping[str, Any], schemas: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The cookie parameters of a request read back from its raw `Cookie` header, by
        the OpenAPI specification's style examples table for `form` (cookies are joined by
        `; `, not `&`): a primitive `name=value`; an array `name=a,b` or, exploded,
        `name=a; name=b`; an object `name=k1,v1,k2,v2` or, exploded, `k1=v1; k2=v2` (one
        cookie per property the schema declares). Values are percent-decoded after the
        split, each read by its schema."""
        synth = Synth(self.doc, 0)
        pairs = [(name, text) for name, text in _cookie_pairs(raw)]
        out: dict[str, Any] = {}
        for p in op.parameters:
            if p.location != "cookie" or p.wire_name not in schemas:
                continue
            schema = _unwrapped(synth, schemas[p.wire_name])
            kind = _kind_of(schema) or ("object" if "properties" in schema else None)
            explode = p.serialization.explode
            own = [text for name, text in pairs if name == p.wire_name]
            if kind == "object":
                props = schema.get("properties") or {}
                if explode:
                    found = [(n, unquote(t)) for n, t in pairs if n in props]
                else:
                    pieces = [unquote(t) for t in own[0].split(",")] if own else []
                    found = list(zip(pieces[::2], pieces[1::2], strict=True))
                if found:
                    out[p.wire_name] = {
                        n: _read_text(_unwrapped(synth, props.get(n, {})), t) for n, t in found
                    }
            elif kind == "array":
                items = _unwrapped(synth, schema.get("items", {}))
                texts = own if explode else (own[0].split(",") if own else [])
                if texts:
                    out[p.wire_name] = [_read_text(items, unquote(t)) for t in texts]
            elif own:
                out[p.wire_name] = _read_text(schema, unquote(own[0]))
        return out

    def styled_decoded(
        self, op: Operation, raw: Mapping[str, Any], schemas: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The path and query parameters named in `schemas` read back from the raw request
        target by the OpenAPI specification's style examples table (3.1.1, whose `label`
        rows with `explode: false` join with `,` as RFC 6570 does): path `label`
        (`.blue`, `.blue,black,brown`, `.blue.black.brown`, `.R,100,G,200`, `.R=100.G=200`)
        and `matrix` (`;color=blue`, `;color=blue,black`, `;color=blue;color=black`,
        `;color=R,100,G,200`, `;R=100;G=200`); query `spaceDelimited` (`blue%20black`,
        `R%20100%20G%20200`, exploded as `form`) and an exploded `form` object
        (`R=100&G=200`, a pair per property the schema declares). Values are
        percent-decoded after the split, each read by its schema."""
        synth = Synth(self.doc, 0)
        target = raw["target"]
        path, _, query = target.partition("?")
        pairs = [
            (unquote(name), text)
            for name, _, text in (item.partition("=") for item in query.split("&") if item)
        ]
        pattern = "".join(
            f"(?P<p{i}>[^/]*)" if piece.startswith("{") else re.escape(piece)
            for i, piece in enumerate(re.split(r"(\{[^}/]+\})", op.path))
        )
        names = {
            f"p{i}": piece[1:-1]
            for i, piece in enumerate(re.split(r"(\{[^}/]+\})", op.path))
            if piece.startswith("{")
        }
        found = re.search(pattern + "$", path)
        segments = {names[k]: v for k, v in found.groupdict().items()} if found else {}
        out: dict[str, Any] = {}
        taken: set[int] = set()  # query pairs read as an exploded object's
        for p in op.parameters:
            if p.wire_name not in schemas:
                continue
            schema = _unwrapped(synth, schemas[p.wire_name])
            kind = _kind_of(schema) or ("object" if "properties" in schema else None)
            props = schema.get("properties") or {}
            style, explode = p.serialization.style, p.serialization.explode
            texts: list[str] | None = None  # an array's or a primitive's pieces
            entries: list[tuple[str, str]] | None = None  # an object's
            if p.location == "path":
                segment = segments.get(p.wire_name)
                if segment is None:
                    continue
                if style == "label" and segment.startswith("."):
                    body = segment[1:]
                    if kind == "object" and explode:
                        entries = [_split_pair(e, "=") for e in body.split(".")]
                    elif kind == "object":
                        entries = _alternating(body.split(","))
                    elif kind == "array":
                        texts = body.split("." if explode else ",")
                    else:
                        texts = [body]
                elif style == "matrix" and segment.startswith(";"):
                    items = [_split_pair(e, "=") for e in segment[1:].split(";")]
                    mine = [t for n, t in items if n == p.wire_name]
                    if kind == "object" and explode:
                        entries = items
                    elif kind == "object":
                        entries = _alternating(mine[0].split(",")) if mine else []
                    elif kind == "array":
                        texts = mine if explode else (mine[0].split(",") if mine else [])
                    else:
                        texts = mine[:1]
            else:
                mine = [t for n, t in pairs if n == p.wire_name]
                if kind == "object" and explode:
                    # Two exploded objects declaring the same property cannot be told apart
                    # on the wire: the k-th pair of a name is the k-th such object's, in the
                    # order the operation lists them.
                    entries = []
                    for index, (n, t) in enumerate(pairs):
                        if n in props and index not in taken and n not in dict(entries):
                            entries.append((n, t))
                            taken.add(index)
                elif kind == "object" and style == "spaceDelimited":
                    entries = _alternating(re.split("%20|\\+", mine[0])) if mine else []
                elif kind == "array" and style == "spaceDelimited" and not explode:
                    texts = re.split("%20|\\+", mine[0]) if mine else []
                else:
                    texts = mine if kind == "array" else mine[:1]
            if entries is not None:
                out[p.wire_name] = {
                    unquote(n): _read_text(_unwrapped(synth, props.get(unquote(n), {})), unquote(t))
                    for n, t in entries
                }
            elif texts and kind == "array":
                items_schema = _unwrapped(synth, schema.get("items", {}))
                out[p.wire_name] = [_read_text(items_schema, unquote(t)) for t in texts]
            elif texts:
                out[p.wire_name] = _read_text(schema, unquote(texts[0]))
        return out

    def check_styled(
        self, op: Operation, sent: Mapping[str, Any], raw: Mapping[str, Any], variant: str
    ) -> None:
        """Each path and query value openapi-core 0.23 does not decode (`label`, `matrix`,
        `spaceDelimited`, an exploded `form` object), read back from the raw target (above),
        is the value given and valid for its parameter's schema (jsonschema, on the spec)."""
        raw_op, _ = self.raw_operation(op)
        located = {p.wire_name: p.location for p in op.parameters}
        schemas = {n: self.param_schema(raw_op, n, located[n]) for n in sent}
        decoded = self.styled_decoded(op, raw, schemas)
        assert _normal(decoded) == _normal(dict(sent)), (
            f"{variant}: parameters: sent {dict(sent)!r}, the request target"
            f" {raw['target']!r} holds {decoded!r}"
        )
        for name, value in decoded.items():
            assert self.fits(schemas[name], value), (
                f"{variant}: parameter {name!r}: {value!r} is not valid for its schema"
            )

    def check_cookies(
        self, op: Operation, sent: Mapping[str, Any], raw: Mapping[str, Any], variant: str
    ) -> None:
        """Every cookie parameter read back from the raw header (above) is the value given,
        and valid for its parameter's schema (jsonschema, against the spec)."""
        raw_op, _ = self.raw_operation(op)
        schemas = {name: self.param_schema(raw_op, name, "cookie") for name in sent}
        decoded = self.cookies_decoded(op, raw, schemas)
        assert _normal(decoded) == _normal(dict(sent)), (
            f"{variant}: cookies: sent {dict(sent)!r}, the Cookie header holds {decoded!r}"
        )
        for name, value in decoded.items():
            assert self.fits(schemas[name], value), (
                f"{variant}: cookie {name!r}: {value!r} is not valid for its schema"
            )

    def body_pointer(self, raw: dict[str, Any], pointer: str, content_type: str) -> str:
        node, base = raw["requestBody"], f"{pointer}/requestBody"
        for _ in range(50):  # a reference to a reference: the pointer of the last one
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str):
                break
            node, base = self.doc, ref[1:]
            for part in base.split("/")[1:]:  # one step, not the whole chain
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return f"{base}/content/{_escape(content_type)}/schema"

    def body_media(self, raw: dict[str, Any], content_type: str) -> dict[str, Any]:
        body = Synth(self.doc, 0).resolve(raw["requestBody"])
        media = body["content"][content_type]
        return media if isinstance(media, dict) else {}

    def success(self, raw: dict[str, Any], pointer: str) -> tuple[int, Any, str]:
        responses = raw.get("responses") or {}
        for code in sorted(responses, key=str):
            text = str(code)
            if not text.startswith("2"):
                continue
            status = int(text) if text.isdigit() else 200
            response = Synth(self.doc, 0).resolve(responses[code])
            content = response.get("content") or {}
            json_type = next((t for t in content if "json" in t), None)
            ref = responses[code].get("$ref") if isinstance(responses[code], dict) else None
            base = ref[1:] if isinstance(ref, str) else f"{pointer}/responses/{_escape(text)}"
            if json_type is None:
                return status, None, ""
            schema = (content[json_type] or {}).get("schema")
            if schema is None:
                return status, None, ""
            return status, schema, f"{base}/content/{_escape(json_type)}/schema"
        return 204, None, ""

    def check(
        self,
        op: Operation,
        case: dict[str, Any],
        variant: str,
        sync: Any,
        aclient: Any,
        control: httpx.Client,
        resource: str | None,
    ) -> None:
        key = f"{next(_counter)}"
        body = case["answer"] if case["json_answer"] else None
        status = (
            case["status"]
            if case["json_answer"]
            else 204
            if case["status"] == 204
            else case["status"]
        )
        control.post(f"/__oracle__/{key}", json={"status": status, "body": body})
        options = {"extra_headers": {"X-Oracle-Id": key}}

        def method(owner: Any) -> Any:
            return getattr(getattr(owner, resource) if resource else owner, op.method_name)

        async def call_async() -> Any:
            async with aclient() as client:
                return await method(client)(*case["args"], **case["kwargs"], **options)

        if variant == "sync":
            result = method(sync)(*case["args"], **case["kwargs"], **options)
        else:
            result = asyncio.run(call_async())
        seen = control.get(f"/__oracle__/{key}").json()
        assert seen is not None, f"{variant}: the request did not reach the oracle"
        undecoded = {
            f"MissingRequiredParameter: Missing required {p.location} parameter: {p.wire_name}"
            for p in op.parameters
            if p.serialization.style in _UNDECODED or _object_form(p)
        }
        if any(_object_form(p) for p in op.parameters):
            # openapi-core 0.23 reads an exploded form object as the list of its values
            undecoded.add("TypeError: Expected a string value, got <class 'list'>")
        errors = [e for e in seen.get("errors", []) if e not in undecoded]
        if case["styled"]:
            self.check_styled(op, case["styled"], seen["raw"], variant)
        objects = {name for name, value in case["cookies"].items() if isinstance(value, dict)}
        if objects:
            # openapi-core 0.23 does not decode an exploded cookie object (it looks for a
            # cookie named after the parameter), and a spec may tell operations apart by a
            # URL fragment the request does not carry (`/cookies#formNonExploded`), which
            # openapi-core then checks against the operation of `/cookies`: its errors about
            # cookie objects are set aside, and every cookie parameter is read back from the
            # raw `Cookie` header by this operation's styles, as the OpenAPI style table
            # writes `form`, compared with the values given and validated with jsonschema.
            refused = {
                line
                for group in seen.get("error_groups", [])
                if any(
                    group[0]
                    in (
                        f"ParameterValidationError: Cookie parameter error: {name}",
                        f"MissingRequiredParameter: Missing required cookie parameter: {name}",
                    )
                    for name in objects
                )
                for line in group
            }
            errors = [e for e in errors if e not in refused]
            self.check_cookies(op, case["cookies"], seen["raw"], variant)
        if op.body is not None and op.body.kind == "content":
            # openapi-core 0.23 checks a text or binary body, as bytes, against `type:
            # string` and refuses it: the body is compared as sent instead.
            errors = [e for e in errors if "is not of type 'string'" not in e]
            sent = case["kwargs"][op.body.python_name]
            raw_body = base64.b64decode(seen["raw"]["body"])
            assert raw_body == (sent.encode() if isinstance(sent, str) else sent), raw_body
        if case["positional_body"] is not None:
            # openapi-core 0.23 reads positional arrays item by item with `items`: the body
            # is checked here with jsonschema (Draft 2020-12) and compared as sent.
            errors = [e for e in errors if "parameter" in e.lower()]
            sent_body = json.loads(base64.b64decode(seen["raw"]["body"]))
            problems = list(
                _pointer_validator(self.doc, case["positional_body"]).iter_errors(sent_body)
            )
            assert not problems, f"{variant}: body not valid for its schema: {problems[0].message}"
            assert _normal(sent_body) == _normal(case["body"]), (
                f"{variant}: body: sent {case['body']!r}, the request holds {sent_body!r}"
            )
        body_errors = [e for e in errors if "parameter" not in e.lower()]
        if case["multipart"] is not None and body_errors and not seen["valid"]:
            # openapi-core 0.23 misreads multipart parts (below): the body is read back with
            # werkzeug's multipart parser, each part decoded by its property's schema.
            errors = [e for e in errors if e not in body_errors]
            decoded = self.multipart_decoded(seen["raw"], case["multipart"])
            assert _normal(decoded) == _normal(case["body"]), (
                f"{variant}: multipart body: sent {case['body']!r}, read back {decoded!r}"
            )
        assert seen["valid"] or not errors, f"{variant}: openapi-core rejects the request: {errors}"
        # When openapi-core stops at a path style it cannot read, it decodes nothing else.
        for location, values in case["expect"].items() if seen["valid"] else ():
            for name, value in values.items():
                decoded = seen[location].get(name)
                assert _normal(decoded) == _normal(value), (
                    f"{variant}: {location} parameter {name!r}: sent {value!r}, decoded {decoded!r}"
                )
        if case["body"] is not None and seen["valid"]:
            assert _normal(seen["body"]) == _normal(case["body"]), (
                f"{variant}: body: sent {case['body']!r}, decoded {seen['body']!r}"
            )
        if case["json_answer"] and op.pagination is not None:
            # A paginated method returns its first page: the page's body is the answer, and
            # its items parse as the declared item type.
            assert _normal(result.http_response.json()) == _normal(case["answer"]), variant
            item_type = eval(annotation(op.pagination.item), self.namespace)
            for item in result.items:
                pydantic.TypeAdapter(item_type).dump_python(item, mode="json", by_alias=True)
        elif case["json_answer"]:
            parsed = pydantic.TypeAdapter(eval(annotation(op.returns), self.namespace)).dump_python(
                result, mode="json", by_alias=True, exclude_unset=True
            )
            assert _normal(parsed) == _normal(case["answer"]), (
                f"{variant}: answer {case['answer']!r} parsed back as {parsed!r}"
            )
