"""Round trip of generated clients through the openapi-core oracle, for any spec.

For each operation a generated client has, ``round_trip`` (1) synthesises valid arguments
from the spec's parameter and body schemas (deterministic, seeded by the operation), (2) calls
the generated sync and async method against the oracle server (``tests/_oracle_server.py``),
(3) compares what openapi-core decoded from the request with the arguments given, and (4)
has the oracle answer with a response synthesised from the operation's response schema
(which openapi-core validates too), comparing the client's parsed result with it.

Which Python argument carries which parameter is read from the generated method itself (the
``_request`` call names the wire names), and which operation a method is from its docstring
(``GET /path``), so the harness needs nothing from the generator's internals.
"""

from __future__ import annotations

import ast
import asyncio
import base64
import dataclasses
import datetime
import inspect
import json
import random
import re
import sys
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast, get_type_hints
from urllib.parse import quote

import httpx
import pydantic

from ._oracle import Answer

_DOC_LINE = re.compile(r"`([A-Z]+) ([^`]+)`(?: \(operationId `([^`]+)`\))?")
_LOCATIONS = {"path_params": "path", "query": "query", "headers": "header", "cookies": "cookie"}
_BODIES = ("json", "content", "form", "multipart")


@dataclass
class Method:
    """One generated method and how its arguments reach the wire."""

    name: str
    http_method: str
    path: str
    params: dict[str, tuple[str, str]] = field(default_factory=dict[str, tuple[str, str]])
    """Python argument -> (location, wire name)."""
    body: tuple[str, str] | None = None
    """(Python argument, runtime keyword: json, content, form or multipart)."""
    endpoint: str = ""
    """The module-level ``Endpoint`` the method sends to."""


def _literal_str(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def read_methods(source: str, class_name: str) -> dict[str, Method]:
    """The methods of ``class_name`` in a generated client module, by Python name."""
    tree = ast.parse(source)
    methods: dict[str, Method] = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ClassDef) and node.name == class_name):
            continue
        for item in node.body:
            if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            doc = ast.get_docstring(item) or ""
            found = _DOC_LINE.findall(doc)
            call = next(
                (
                    sub
                    for sub in ast.walk(item)
                    if isinstance(sub, ast.Call)
                    and isinstance(sub.func, ast.Attribute)
                    and sub.func.attr == "_request"
                ),
                None,
            )
            if not found or call is None:
                continue
            http_method, path, _ = found[-1]
            method = Method(item.name, http_method, path)
            if call.args and isinstance(call.args[0], ast.Name):
                method.endpoint = call.args[0].id
            for keyword in call.keywords:
                if keyword.arg in _LOCATIONS and isinstance(keyword.value, ast.Dict):
                    for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
                        wire = _literal_str(key) if key is not None else None
                        if wire is not None and isinstance(value, ast.Name):
                            method.params[value.id] = (_LOCATIONS[keyword.arg], wire)
                elif keyword.arg in _BODIES and isinstance(keyword.value, ast.Name):
                    method.body = (keyword.value.id, keyword.arg)
            methods[item.name] = method
    return methods


# -- synthesis from JSON Schema ---------------------------------------------------------------


class Unsupported(Exception):
    """A schema the synthesiser cannot satisfy (the operation is reported, not failed)."""


@dataclass
class Synth:
    spec: Mapping[str, Any]
    rng: random.Random
    for_request: bool = True
    depth: int = 0

    def resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        seen = 0
        while "$ref" in schema:
            ref = str(schema["$ref"])
            if not ref.startswith("#/"):
                raise Unsupported(f"external $ref {ref}")
            node: Any = self.spec
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            schema = node
            seen += 1
            if seen > 50:
                raise Unsupported("$ref loop")
        return schema

    def value(self, schema: Mapping[str, Any]) -> Any:
        schema = self.resolve(schema)
        if self.depth > 6:
            raise Unsupported("schema nested too deep")
        for key in ("const",):
            if key in schema:
                return schema[key]
        if schema.get("enum"):
            choices = [v for v in schema["enum"] if v is not None] or [None]
            return self.rng.choice(choices)
        if "example" in schema and not isinstance(schema["example"], dict | list):
            return schema["example"]
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for member in schema["allOf"]:
                part = self.value(member)
                if isinstance(part, dict):
                    merged.update(cast(dict[str, Any], part))
            own = {k: v for k, v in schema.items() if k != "allOf"}
            if own.get("properties"):
                merged.update(self.value(own))
            return merged
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                return self.value(schema[key][0])
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind is None:
            kind = "object" if "properties" in schema else "string"
        self.depth += 1
        try:
            return self._typed(str(kind), schema)
        finally:
            self.depth -= 1

    def _typed(self, kind: str, schema: Mapping[str, Any]) -> Any:
        if kind == "boolean":
            return self.rng.choice([True, False])
        if kind == "integer":
            low = int(schema.get("minimum", 0))
            high = int(schema.get("maximum", low + 100))
            return self.rng.randint(low, max(low, high))
        if kind == "number":
            low = float(schema.get("minimum", 0))
            high = float(schema.get("maximum", low + 100))
            return round(self.rng.uniform(low, max(low, high)), 2)
        if kind == "string":
            return self._string(schema)
        if kind == "array":
            count = max(int(schema.get("minItems", 1)), min(2, int(schema.get("maxItems", 2))))
            return [self.value(schema.get("items", {})) for _ in range(count)]
        if kind == "object":
            result: dict[str, Any] = {}
            required = set(schema.get("required", []))
            for name, sub in (schema.get("properties") or {}).items():
                resolved = self.resolve(sub)
                if self.for_request and resolved.get("readOnly"):
                    continue
                if not self.for_request and resolved.get("writeOnly"):
                    continue
                # Every property while shallow; past that, the required ones (recursive schemas).
                if name in required or self.depth <= 3:
                    result[name] = self.value(sub)
            if not result and schema.get("properties"):  # an empty object says little
                name, sub = next(iter(schema["properties"].items()))
                if not self.resolve(sub).get("readOnly" if self.for_request else "writeOnly"):
                    result[name] = self.value(sub)
            return result
        if kind == "null":
            return None
        raise Unsupported(f"type {kind}")

    def _string(self, schema: Mapping[str, Any]) -> str:
        fmt = schema.get("format")
        if fmt == "date":
            return datetime.date(2024, 1, 1 + self.rng.randrange(28)).isoformat()
        if fmt == "date-time":
            return datetime.datetime(
                2024, 2, 1 + self.rng.randrange(28), 12, self.rng.randrange(60), tzinfo=datetime.UTC
            ).isoformat()
        if fmt == "uuid":
            return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        if fmt == "email":
            return f"user{self.rng.randrange(1000)}@example.com"
        if fmt in ("uri", "url"):
            return f"https://example.com/r{self.rng.randrange(1000)}"
        if fmt in ("binary", "byte"):
            raise Unsupported(f"string format {fmt}")
        if "pattern" in schema:
            raise Unsupported(f"pattern {schema['pattern']} without an example")
        length = max(int(schema.get("minLength", 1)), min(8, int(schema.get("maxLength", 8))))
        alphabet = "abcdefghijkmnopqrstuvwxyz"
        text = "".join(self.rng.choice(alphabet) for _ in range(length))
        return text


# -- comparing --------------------------------------------------------------------------------


def normalise(value: Any) -> Any:
    """JSON values made comparable: date-time texts as aware datetimes, numbers as floats."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in cast(dict[str, Any], value).items()}
    if isinstance(value, list):
        return [normalise(v) for v in cast(list[Any], value)]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)?", value):
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)
    return value


# -- running ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    operation: str
    mode: str
    status: str
    """``ok``, ``unsupported`` (the harness cannot synthesise it) or ``failed``."""
    detail: str = ""
    unserialized: tuple[str, ...] = ()
    """Parameters whose spec serialization (style, explode, content...) differs from their
    location's default but that the generated ``Endpoint`` does not declare."""


def _operation(spec: Mapping[str, Any], method: Method) -> Mapping[str, Any]:
    item = spec["paths"][method.path]
    return cast(Mapping[str, Any], item[method.http_method.lower()])


def _parameters(
    spec: Mapping[str, Any], method: Method, synth: Synth
) -> dict[tuple[str, str], Any]:
    item = spec["paths"][method.path]
    declared: dict[tuple[str, str], Mapping[str, Any]] = {}
    for raw in [*item.get("parameters", []), *_operation(spec, method).get("parameters", [])]:
        param = synth.resolve(raw)
        declared[(str(param["in"]), str(param["name"]))] = param
    return cast(dict[tuple[str, str], Any], declared)


_BODY_MEDIA: dict[str, Callable[[str], bool]] = {
    "json": lambda media: media == "application/json" or media.endswith("+json"),
    "form": lambda media: media == "application/x-www-form-urlencoded",
}

_DEFAULT_STYLE = {"path": "simple", "header": "simple", "query": "form", "cookie": "form"}


def unserialized(
    spec: Mapping[str, Any], method: Method, endpoint: Any, synth: Synth
) -> tuple[str, ...]:
    """The operation's parameters whose serialization the generated endpoint leaves out."""
    declared = getattr(endpoint, "params", {}) or {}
    missing: list[str] = []
    for (location, name), param in _parameters(spec, method, synth).items():
        default_style = _DEFAULT_STYLE.get(location)
        if default_style is None:
            continue
        style = param.get("style", default_style)
        explode = param.get("explode", style == "form")
        special = (
            "content" in param
            or style != default_style
            or explode != (default_style == "form")
            or bool(param.get("allowReserved"))
        )
        if special and (location, name) not in declared:
            missing.append(f"{location} {name}")
    body = _operation(spec, method).get("requestBody")
    if body is not None:
        form = (synth.resolve(body).get("content") or {}).get("application/x-www-form-urlencoded")
        for name, encoding in ((form or {}).get("encoding") or {}).items():
            if set(encoding) & {"style", "explode", "allowReserved", "contentType"} and (
                ("form", name) not in declared
            ):
                missing.append(f"form {name}")
    return tuple(missing)


def declare_serialization(
    spec: Mapping[str, Any], client_class: type[Any], module_source: str
) -> None:
    """Give each generated ``Endpoint`` of ``client_class``'s module the ``ParamStyle`` of every
    parameter and form field the spec styles, as the generator is to write them (used to run
    the harness ahead of the generator)."""
    module = sys.modules[client_class.__module__]
    for method in read_methods(module_source, client_class.__name__).values():
        endpoint = getattr(module, method.endpoint)
        param_style = vars(sys.modules[type(endpoint).__module__])["ParamStyle"]
        synth = Synth(spec, random.Random(0))
        params: dict[tuple[str, str], Any] = {}
        for (location, name), param in _parameters(spec, method, synth).items():
            default = "simple" if location in ("path", "header") else "form"
            style = param.get("style", default)
            content = next(iter(param["content"]), None) if "content" in param else None
            params[(location, name)] = param_style(
                style,
                bool(param.get("explode", style == "form")),
                allow_reserved=bool(param.get("allowReserved")),
                allow_empty_value=bool(param.get("allowEmptyValue")),
                content_type=content,
            )
        body = _operation(spec, method).get("requestBody")
        form = (
            (synth.resolve(body).get("content") or {}).get("application/x-www-form-urlencoded")
            if body
            else None
        )
        for name, encoding in ((form or {}).get("encoding") or {}).items():
            style = encoding.get("style", "form")
            params[("form", name)] = param_style(
                style,
                bool(encoding.get("explode", style == "form")),
                allow_reserved=bool(encoding.get("allowReserved")),
                content_type=encoding.get("contentType"),
            )
        setattr(module, method.endpoint, dataclasses.replace(endpoint, params=params))


def _success(
    operation: Mapping[str, Any], synth: Synth
) -> tuple[int, Mapping[str, Any] | None, str | None]:
    """The first 2xx response: status, JSON schema (if any) and media type."""
    for status, response in (operation.get("responses") or {}).items():
        if str(status).startswith("2"):
            content = synth.resolve(response).get("content") or {}
            for media, entry in content.items():
                if media == "application/json" or media.endswith("+json"):
                    return int(status), entry.get("schema", {}), media
            return int(status), None, None
    return 200, None, None


def round_trip(
    spec: Mapping[str, Any],
    oracle_url: str,
    client_classes: Mapping[str, type[Any]],
    module_source: str,
    *,
    seed: int = 0,
) -> list[Outcome]:
    """Every operation of the generated clients (``{"sync": cls, "async": cls}``) through the
    oracle; one outcome per operation and mode."""
    methods = read_methods(module_source, client_classes["sync"].__name__)
    outcomes: list[Outcome] = []
    for name, method in sorted(methods.items()):
        for mode, client_class in client_classes.items():
            rng = random.Random(f"{seed}:{name}")
            module = sys.modules[client_class.__module__]
            missing = unserialized(
                spec, method, getattr(module, method.endpoint, None), Synth(spec, rng)
            )
            try:
                outcome = _one(spec, oracle_url, client_class, method, mode, rng)
            except Unsupported as exc:
                outcome = Outcome(name, mode, "unsupported", str(exc))
            except Exception as exc:  # a crash is a failed round trip, reported with the rest
                outcome = Outcome(name, mode, "failed", f"{type(exc).__name__}: {exc}")
            outcome.unserialized = missing
            outcomes.append(outcome)
    return outcomes


def _one(
    spec: Mapping[str, Any],
    oracle_url: str,
    client_class: type[Any],
    method: Method,
    mode: str,
    rng: random.Random,
) -> Outcome:
    synth = Synth(spec, rng)
    declared = _parameters(spec, method, synth)
    operation = _operation(spec, method)
    function = getattr(client_class, method.name)
    hints = get_type_hints(function, globalns=inspect.getmodule(function).__dict__)  # type: ignore[union-attr]
    signature = inspect.signature(function)
    kwargs: dict[str, Any] = {}
    given: dict[tuple[str, str], Any] = {}
    for argument, (location, wire) in method.params.items():
        param = declared.get((location, wire))
        if param is None:
            raise Unsupported(f"parameter {wire} not found in the spec")
        if "schema" in param:
            value = synth.value(param["schema"])
        else:
            value = synth.value(next(iter(param["content"].values())).get("schema", {}))
        given[(location, wire)] = value
        kwargs[argument] = pydantic.TypeAdapter(hints[argument]).validate_python(value)
    body_value: Any = None
    if method.body is not None:
        argument, kind = method.body
        if kind not in _BODY_MEDIA:
            raise Unsupported(f"{kind} body")
        content = synth.resolve(operation["requestBody"])["content"]
        media = next(m for m in content if _BODY_MEDIA[kind](m))
        body_value = synth.value(content[media].get("schema", {}))
        kwargs[argument] = pydantic.TypeAdapter(hints[argument]).validate_python(body_value)
    for argument, parameter in signature.parameters.items():
        if (
            argument not in kwargs
            and parameter.default is inspect.Parameter.empty
            and argument not in ("self", "options")
        ) and parameter.kind is not inspect.Parameter.VAR_KEYWORD:
            raise Unsupported(f"required argument {argument} not synthesised")

    status, schema, media = _success(operation, synth)
    response_body = (
        Synth(spec, rng, for_request=False).value(schema) if schema is not None else None
    )
    exchange = uuid.uuid4().hex
    plan = {"status": status, "body": response_body, "content_type": media}
    kwargs["extra_headers"] = {
        "X-Oracle-Id": exchange,
        "X-Oracle-Respond": base64.b64encode(json.dumps(plan).encode()).decode("ascii"),
    }
    result = _invoke(client_class, oracle_url, method.name, kwargs, mode)
    answer = Answer(httpx.get(f"{oracle_url}/__oracle__/answers/{exchange}", timeout=10).json())
    name = method.name
    blind = {
        key: expansion
        for key, value in given.items()
        if (expansion := _blind_expansion(key, declared[key], value, synth)) is not None
    }
    for (location, wire), expansion in blind.items():
        if expansion not in answer.target:
            return Outcome(
                name, mode, "failed", f"{location} {wire}: {expansion!r} not in {answer.target!r}"
            )
    errors = [
        error
        for error in answer.errors
        if not any(error.endswith(f"parameter: {wire}") for _, wire in blind)
    ]
    if errors:
        return Outcome(name, mode, "failed", f"request invalid: {errors}")
    for (location, wire), value in given.items():
        if (location, wire) in blind:
            continue
        decoded = answer.data.get(location, {}).get(wire)
        if normalise(decoded) != normalise(value):
            return Outcome(
                name, mode, "failed", f"{location} {wire}: sent {value!r}, decoded {decoded!r}"
            )
    if method.body is not None and normalise(answer.decoded("body")) != normalise(body_value):
        return Outcome(
            name, mode, "failed", f"body: sent {body_value!r}, decoded {answer.decoded('body')!r}"
        )
    if not answer.data.get("response_valid", False):
        return Outcome(
            name, mode, "failed", f"response invalid: {answer.data.get('response_errors')}"
        )
    if schema is not None:
        returned = pydantic.TypeAdapter(hints["return"]).dump_python(
            result, mode="json", by_alias=True, exclude_unset=True
        )
        if normalise(returned) != normalise(response_body):
            return Outcome(
                name, mode, "failed", f"response: sent {response_body!r}, parsed {returned!r}"
            )
    return Outcome(name, mode, "ok")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return quote(str(value), safe="")


def _blind_expansion(
    key: tuple[str, str], param: Mapping[str, Any], value: Any, synth: Synth
) -> str | None:
    """For a parameter openapi-core 0.23 cannot decode (``label`` and ``matrix`` paths,
    ``spaceDelimited``, an object in exploded ``form``), its RFC 6570 expansion as the OpenAPI
    style examples table shows it, written here independently of the runtime; else None."""
    location, name = key
    default = "simple" if location in ("path", "header") else "form"
    style = param.get("style", default)
    explode = bool(param.get("explode", style == "form"))
    if isinstance(value, dict):
        items = cast(dict[str, Any], value)
        flat = [part for k, v in items.items() for part in (_text(k), _text(v))]
        pairs = [f"{_text(k)}={_text(v)}" for k, v in items.items()]
    else:
        flat = pairs = []
    values = [_text(v) for v in cast(list[Any], value)] if isinstance(value, list) else []
    one = _text(value) if not isinstance(value, dict | list) else ""
    if style == "label":
        if isinstance(value, dict):
            return "." + (".".join(pairs) if explode else ",".join(flat))
        if isinstance(value, list):
            return "." + ("." if explode else ",").join(values)
        return "." + one
    if style == "matrix":
        if isinstance(value, dict):
            return "".join(f";{p}" for p in pairs) if explode else f";{name}=" + ",".join(flat)
        if isinstance(value, list):
            if explode:
                return "".join(f";{name}={v}" for v in values)
            return f";{name}=" + ",".join(values)
        return f";{name}={one}"
    if style == "spaceDelimited" and not explode and isinstance(value, dict | list):
        return f"{name}=" + "%20".join(flat if isinstance(value, dict) else values)
    if style == "form" and explode and isinstance(value, dict) and location == "query":
        return "&".join(pairs)
    return None


def _invoke(
    client_class: type[Any], base_url: str, name: str, kwargs: dict[str, Any], mode: str
) -> Any:
    if mode == "sync":
        with client_class(base_url=base_url, api_key="oracle-key", max_retries=0) as client:
            return getattr(client, name)(**kwargs)

    async def run() -> Any:
        async with client_class(base_url=base_url, api_key="oracle-key", max_retries=0) as client:
            return await getattr(client, name)(**kwargs)

    return asyncio.run(run())


def load_spec(path: Path) -> Mapping[str, Any]:
    import yaml

    text = path.read_text(encoding="utf-8")
    return cast(
        Mapping[str, Any], json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    )


Runner = Callable[..., list[Outcome]]
