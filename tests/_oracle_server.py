"""A loopback HTTP server that checks each request with openapi-core, an OpenAPI
implementation this project did not write, and answers with what it decoded.

Run with the oracle's own interpreter (``make oracle`` builds it in ``.venv-oracle``,
apart from the project's, whose openapi-spec-validator release openapi-core does not
accept):

    .venv-oracle/bin/python tests/_oracle_server.py SPEC

It prints the port it listens on (on 127.0.0.1) as its first line, then serves until
killed. Every request, whatever its method and path, gets a 200 JSON answer:

    {"valid": true, "operation": "<operationId>",
     "path": {...}, "query": {...}, "header": {...}, "cookie": {...}, "body": ...,
     "raw": {"method", "target", "headers", "body"}}

with the values openapi-core validated and unmarshalled, or ``{"valid": false,
"errors": [...], "error_groups": [[...], ...], "raw": {...}}`` (``error_groups``: the
lines of each error openapi-core found, apart; ``raw.target`` is the request target as sent,
``raw.body`` the body in base64). Bytes (uploaded files) come back as
``{"$bytes": "<base64>"}``, dates and date-times as ISO 8601 text. This file imports
nothing from the project, so it runs in the oracle's environment only.

A request may instead ask for a response of its own (the round-trip harness does): with the
headers ``X-Oracle-Id: <id>`` and ``X-Oracle-Respond: <base64 of {"status", "body",
"content_type"}>`` the server answers with that status and JSON body, validates that response
against the operation with openapi-core too (``response_valid``, ``response_errors``), and
keeps the answer above for ``GET /__oracle__/answers/<id>``.
"""

from __future__ import annotations

import base64
import datetime
import json
import sys
import traceback
import uuid
from collections.abc import Iterable, Mapping
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest
from openapi_core.deserializing.media_types import json_loads, media_type_deserializers
from openapi_core.unmarshalling.schemas import (
    oas30_format_unmarshallers,
    oas31_format_unmarshallers,
)
from openapi_schema_validator import OAS30Validator, OAS31Validator
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from werkzeug.datastructures import Headers
from werkzeug.wrappers import Request


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes | bytearray):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if hasattr(value, "__dict__"):  # a model object openapi-core built
        return {k: _jsonable(v) for k, v in vars(value).items() if not k.startswith("_")}
    return repr(value)


def _errors(exc: BaseException) -> list[str]:
    found = [f"{type(exc).__name__}: {exc}"]
    for inner in getattr(exc, "errors", None) or []:
        found.extend(_errors(inner))
    if exc.__cause__ is not None:
        found.extend(_errors(exc.__cause__))
    schema_errors = getattr(exc, "schema_errors", None) or []
    found.extend(f"schema: {error.message}" for error in schema_errors)
    return found


class _Handler(WSGIRequestHandler):
    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        environ["RAW_TARGET"] = self.path  # PATH_INFO is percent-decoded
        # The header names as sent: CGI variables write `_` and `-` alike (`HTTP_API_KEY`),
        # so a header named `api_key` would reach openapi-core as `Api-Key`.
        environ["RAW_HEADERS"] = list(self.headers.items())
        return environ

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


# The round-trip tests (tests/e2e/roundtrip/) script the answer of one request: they POST
# {"status": ..., "body": ...} to /__oracle__/<id>, send the request with an `X-Oracle-Id: <id>`
# header, get that answer instead of the decoded values, and GET /__oracle__/<id> for them.
_CONTROL = "/__oracle__/"


def _walk(node: Any) -> Iterable[tuple[str, Any]]:
    """Every (key, value) pair of a document, at any depth."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                yield str(key), value
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


# Formats openapi-core 0.23 knows: it refuses any other with "Formatter not found" (its
# issue 515) where JSON Schema says an unknown format is only an annotation.
_KNOWN_FORMATS = {
    *OAS30Validator.FORMAT_CHECKER.checkers,
    *OAS31Validator.FORMAT_CHECKER.checkers,
    *oas30_format_unmarshallers,
    *oas31_format_unmarshallers,
}


def _config(doc: Any, **options: Any) -> Config:
    """openapi-core's settings for one document: the unknown formats it uses pass (an
    annotation only, as JSON Schema says), and a JSON media type openapi-core has no reader
    for (`application/vnd.x+json`, any `+json` suffix: RFC 6839) is read as JSON, so that
    openapi-core validates and decodes its body like an `application/json` one."""
    formats = {v for k, v in _walk(doc) if k == "format" and isinstance(v, str)}
    media = {
        str(name).split(";")[0].strip().lower()
        for k, v in _walk(doc)
        if k == "content" and isinstance(v, dict)
        for name in v
    }
    return Config(
        extra_format_validators={f: lambda _: True for f in formats - _KNOWN_FORMATS},
        extra_media_type_deserializers={
            m: json_loads
            for m in media
            if m.endswith("+json") and m not in media_type_deserializers
        },
        **options,
    )


def make_app(spec_path: str) -> Any:
    with open(spec_path, encoding="utf-8") as handle:
        doc = yaml.safe_load(handle)
    try:
        openapi = OpenAPI.from_file_path(spec_path, config=_config(doc))
    except OpenAPIValidationError:
        # A document openapi-spec-validator refuses (the peer corpus has a few, such as a
        # 3.0 document using `const`) is still read: requests are checked all the same.
        openapi = OpenAPI.from_file_path(spec_path, config=_config(doc, spec_validator_cls=None))
    scripted: dict[str, Any] = {}
    seen: dict[str, Any] = {}

    def control(request: Request, start_response: Any) -> Iterable[bytes]:
        key = request.path[len(_CONTROL) :]
        if request.method == "POST":
            scripted[key] = json.loads(request.get_data())
            payload = b"{}"
        else:
            payload = json.dumps(seen.pop(key, None)).encode("utf-8")
        start_response(
            "200 OK",
            [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
        )
        return [payload]

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        if request.path.startswith(_CONTROL):
            return control(request, start_response)
        body = request.get_data(cache=True)
        headers = Headers(environ["RAW_HEADERS"])
        raw = {
            "method": request.method,
            "target": environ["RAW_TARGET"],
            "headers": [[k, v] for k, v in headers.items()],
            "body": base64.b64encode(body).decode("ascii"),
        }
        answer: dict[str, Any]
        try:
            checked = WerkzeugOpenAPIRequest(request)
            checked.parameters.header = headers  # the names as sent (above)
            result = openapi.unmarshal_request(checked)
        except Exception as exc:
            answer = {"valid": False, "errors": _errors(exc), "raw": raw}
        else:
            if result.errors:
                groups = [_errors(error) for error in result.errors]
                errors = [line for group in groups for line in group]
                answer = {"valid": False, "errors": errors, "error_groups": groups, "raw": raw}
            else:
                params = result.parameters
                answer = {
                    "valid": True,
                    "path": _jsonable(params.path),
                    "query": _jsonable(params.query),
                    "header": _jsonable(params.header),
                    "cookie": _jsonable(params.cookie),
                    "body": _jsonable(result.body),
                    "raw": raw,
                }
        try:
            payload = json.dumps(answer).encode("utf-8")
        except (TypeError, ValueError):
            payload = json.dumps(
                {"valid": False, "errors": [traceback.format_exc()], "raw": raw}
            ).encode("utf-8")
        key = request.headers.get("X-Oracle-Id")
        if key is not None and key in scripted:
            seen[key] = answer
            reply = scripted.pop(key)
            status = int(reply["status"])
            payload = b"" if reply["body"] is None else json.dumps(reply["body"]).encode("utf-8")
            headers = [("Content-Length", str(len(payload)))]
            if reply["body"] is not None:
                headers.append(("Content-Type", "application/json"))
            start_response(f"{status} Scripted", headers)
            return [payload]
        start_response(
            "200 OK",
            [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
        )
        return [payload]

    return app


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: _oracle_server.py SPEC", file=sys.stderr)
        return 2
    server = make_server(
        "127.0.0.1", 0, make_app(argv[1]), server_class=_Server, handler_class=_Handler
    )
    print(server.server_port, flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
