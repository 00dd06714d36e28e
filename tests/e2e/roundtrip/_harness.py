"""The round trip of one spec: generate its client, call every operation with synthesised
arguments through the sync and the async client against the openapi-core oracle, and check
what the oracle decoded and what the client parsed from a synthesised answer.

The generated client's own servers are kept: a transport sends every request to the oracle,
whose copy of the spec has each server reduced to its path (openapi-core matches servers by
host). Styles openapi-core 0.23 does not decode (`label`, `matrix`, `spaceDelimited`, and an
object sent as exploded `form`) are only checked for validity here; their exact text is
compared with the OpenAPI specification's style examples table in tests/runtime/test_wire.py.

openapi-core 0.23 reads every item of an array with `items`, whatever `prefixItems` says (and
stops on `items: false`): a JSON body whose schema has positional arrays is checked with
jsonschema's Draft 2020-12 validator instead (valid for its schema, and the JSON sent equal to
the value given), and openapi-core's errors about the body are set aside. A multipart body
openapi-core 0.23 misreads (text parts checked as strings or bytes against numbers and enums,
array fields refused) is read back with werkzeug's multipart parser and compared instead.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import io
import itertools
import json
import subprocess
import sys
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

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
    for item in (copy.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        if "servers" in item:
            item["servers"] = local(item["servers"])
        for op in item.values():
            if isinstance(op, dict) and "servers" in op:
                op["servers"] = local(op["servers"])
    _mapping_refs(copy)
    # Not ASCII-escaped: openapi-core reads the file as YAML, whose reader refuses the
    # escaped surrogate pairs JSON writes for characters beyond the BMP (emoji).
    dest.write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")
    return dest


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
            if s.style not in _UNDECODED and not object_form:
                expect[p.location][p.wire_name] = value
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
