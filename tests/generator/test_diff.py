"""Spec diffing: each rule on a small pair of specs, the version bump, the report, and the
project's own specs."""

from __future__ import annotations

import copy
import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator._diff import Change, Kind, diff_specs, format_report, suggest_bump
from generator._load import load_spec

ROOT = Path(__file__).resolve().parents[2]
REAL_SPECS = sorted((ROOT / "specs").glob("*.yaml"))


# --- building small specs ------------------------------------------------------------


def _yaml(text: str) -> Any:
    return yaml.safe_load(textwrap.dedent(text)) or {}


def doc(text: str) -> dict[str, Any]:
    """A spec from a YAML text of its `paths`, `components`, ... (`openapi`/`info` added)."""
    return {"openapi": "3.1.0", "info": {"title": "Test", "version": "1.0.0"}, **_yaml(text)}


def op(text: str = "", components: str = "", top: str = "") -> dict[str, Any]:
    """A spec with one operation, GET /items (`listItems`, 200 without a body), whose fields
    are overridden by the YAML `text`; `components` and `top` (more top-level keys) are YAML
    too."""
    fields = {"operationId": "listItems", "responses": {"200": {"description": "ok"}}}
    fields.update(_yaml(text))
    spec = doc(top)
    spec["paths"] = {"/items": {"get": fields}}
    if components:
        spec["components"] = _yaml(components)
    return spec


def item(schema: str, use: str = "response", extra: str = "") -> dict[str, Any]:
    """A spec whose component schema `Item` (YAML) is the response of GET /items, the body
    of POST /items, or both (`use`). `extra` adds more component schemas."""
    schemas = {"Item": _yaml(schema), **_yaml(extra)}
    ref = {"$ref": "#/components/schemas/Item"}
    paths: dict[str, Any] = {}
    if use in ("response", "both"):
        paths["get"] = {
            "operationId": "getItem",
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": ref}}}
            },
        }
    if use in ("request", "both"):
        paths["post"] = {
            "operationId": "putItem",
            "requestBody": {"required": True, "content": {"application/json": {"schema": ref}}},
            "responses": {"204": {"description": "done"}},
        }
    spec = doc("")
    spec["paths"] = {"/items": paths}
    spec["components"] = {"schemas": schemas}
    return spec


def many(count: int, first_tag: str = "a") -> dict[str, Any]:
    """A spec with `count` operations GET /r{i} (`op{i}`), tagged a and b in turn, except
    op0, tagged `first_tag`: above the resource threshold, the client groups them by tag."""
    spec = doc("")
    spec["paths"] = {
        f"/r{i}": {
            "get": {
                "operationId": f"op{i}",
                "tags": [first_tag if i == 0 else "ab"[i % 2]],
                "responses": {"200": {"description": "ok"}},
            }
        }
        for i in range(count)
    }
    return spec


def returning(schema: str) -> dict[str, Any]:
    """GET /items answering 200 with the inline JSON schema given as YAML."""
    return op(
        f"""
        responses:
          '200':
            description: ok
            content: {{application/json: {{schema: {schema}}}}}
        """
    )


def param(text: str) -> dict[str, Any]:
    """GET /items with the parameters given as a YAML list."""
    return op(f"parameters: {text}")


def body(schema: str, required: bool = True, components: str = "") -> dict[str, Any]:
    """A request body on GET /items, with an inline JSON schema given as YAML."""
    return op(
        f"""
        requestBody:
          required: {str(required).lower()}
          content: {{application/json: {{schema: {schema}}}}}
        """,
        components=components,
    )


SCHEMES = """
securitySchemes:
  ApiKey: {type: apiKey, in: header, name: x-api-key}
  Bearer: {type: http, scheme: bearer}
"""
PETS = "schemas: {Cat: {type: object}, Dog: {type: object}}"
ERROR = "schemas: {Error: {type: object, properties: {message: {type: string}}}}"
MULTIPART = (
    "requestBody: {required: true, content: {multipart/form-data: {schema: {type: object,"
    " required: [file], properties: {file: {type: string, format: binary}%s}}}}}"
)
OBJ = "{type: object, properties: {id: {type: string}, name: {type: string}}, required: [id]}"


@dataclass(frozen=True)
class Case:
    old: dict[str, Any]
    new: dict[str, Any]
    kinds: list[str]  # the kinds of the changes found, in the order diff_specs returns them
    names: tuple[str, ...]  # what the messages must name
    where: str | None = None  # the pointer of the first change, when checked


CASES: dict[str, Case] = {
    # --- breaking ----------------------------------------------------------------------
    "operation removed": Case(
        doc("""
            paths:
              /items: {get: {operationId: listItems, responses: {'200': {description: ok}}}}
              /users: {get: {operationId: listUsers, responses: {'200': {description: ok}}}}
            """),
        doc("""
            paths:
              /items: {get: {operationId: listItems, responses: {'200': {description: ok}}}}
            """),
        ["breaking"],
        ("listUsers", "GET /users", "removed"),
        "/paths/~1users/get",
    ),
    "operationId renamed": Case(
        op(),
        op("operationId: fetchItems"),
        ["breaking"],
        ("listItems", "fetchItems", "`list_items`", "`fetch_items`"),
        "/paths/~1items/get/operationId",
    ),
    # The client as generated, not as the spec reads (from the IR of both versions).
    "operation count crosses the resource threshold": Case(
        many(40),
        many(41),
        ["breaking"] * 40 + ["non-breaking"],
        ("the client method `op3` becomes `b.op3`", "new operation op40"),
        "/paths/~1r0/get",
    ),
    "operation count falls below the resource threshold": Case(
        many(41),
        many(40),
        ["breaking"] * 41,
        ("operation op40 (GET /r40) removed", "the client method `b.op3` becomes `op3`"),
    ),
    "first tag moves a method to another resource": Case(
        many(41),
        many(41, first_tag="b"),
        ["breaking", "docs"],
        ("the client method `a.op0` becomes `b.op0`",),
        "/paths/~1r0/get",
    ),
    "operationId renamed onto a client attribute": Case(
        op("operationId: closeIt"),
        op("operationId: close"),
        ["breaking"],
        ("the client method `close_it` becomes `close_`",),
    ),
    # Python names after the keyword and collision rules (the model generator's for fields).
    "property renamed onto a keyword": Case(
        item("{type: object, properties: {clazz: {type: string}}}"),
        item("{type: object, properties: {class: {type: string}}}"),
        ["breaking"],
        ("field `clazz` renamed to `class`; its attribute `clazz` becomes `class_`",),
        "/components/schemas/Item/properties/class",
    ),
    "new property takes an attribute name by snake-casing": Case(
        item("{type: object, properties: {foo_bar: {type: string}}}"),
        item("{type: object, properties: {fooBar: {type: integer}, foo_bar: {type: string}}}"),
        ["breaking", "non-breaking"],
        ("field `foo_bar` keeps its wire name; its attribute `foo_bar` becomes `foo_bar_1`",),
    ),
    "argument renamed by a collision": Case(
        param("[{name: foo_bar, in: query, schema: {type: string}}]"),
        param(
            "[{name: foo.bar, in: query, required: true, schema: {type: string}},"
            " {name: foo_bar, in: query, schema: {type: string}}]"
        ),
        ["breaking", "breaking"],
        ("new required parameter `foo.bar`", "the argument `foo_bar` becomes `foo_bar_`"),
    ),
    "positional arguments reordered": Case(
        doc("""
            paths:
              /items/{a}/{b}:
                get:
                  operationId: getItem
                  parameters:
                  - {name: a, in: path, required: true, schema: {type: string}}
                  - {name: b, in: path, required: true, schema: {type: string}}
                  responses: {'200': {description: ok}}
            """),
        doc("""
            paths:
              /items/{a}/{b}:
                get:
                  operationId: getItem
                  parameters:
                  - {name: b, in: path, required: true, schema: {type: string}}
                  - {name: a, in: path, required: true, schema: {type: string}}
                  responses: {'200': {description: ok}}
            """),
        ["breaking"],
        ("positional arguments reordered from (a, b) to (b, a)",),
    ),
    "return type changes from bytes to text": Case(
        op("responses: {'200': {description: ok, content: {application/octet-stream: {}}}}"),
        op("responses: {'200': {description: ok, content: {text/plain: {}}}}"),
        ["breaking"],
        ("return type changed from `bytes` to `str`",),
        "/paths/~1items/get/responses/200",
    ),
    "request body no longer JSON": Case(
        body("{type: string}"),
        op("requestBody: {required: true, content: {text/plain: {schema: {type: string}}}}"),
        ["breaking"],
        ("request body changed from application/json to text/plain",),
    ),
    "parameter moved to a header, its argument kept": Case(
        param("[{name: q, in: query, schema: {type: string}}]"),
        param("[{name: q, in: header, schema: {type: string}}]"),
        ["non-breaking"],
        ("parameter `q` moved from query to header `q`; the argument stays `q`",),
    ),
    "error body no longer JSON": Case(
        op(
            "responses: {'200': {description: ok}, '404': {description: no, content:"
            " {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}}",
            components=ERROR,
        ),
        op(
            "responses: {'200': {description: ok}, '404': {description: no, content:"
            " {text/plain: {schema: {type: string}}}}}",
            components=ERROR,
        ),
        ["breaking"],
        ("error 404 body is no longer read as `Error`",),
        "/paths/~1items/get/responses/404",
    ),
    "multipart field changes type": Case(
        op(MULTIPART % ", note: {type: string}"),
        op(MULTIPART % ", note: {type: integer}"),
        ["breaking"],
        ("multipart field `note` changed type from `str | None` to `int | None`",),
        "/paths/~1items/get/requestBody/content/multipart~1form-data/schema/properties/note",
    ),
    "parameter referenced from another operation changes type": Case(
        doc("""
            paths:
              /a: {get: {operationId: getA, parameters: [{name: q, in: query, schema: {type: string}}], responses: {'200': {description: ok}}}}
              /b: {get: {operationId: getB, parameters: [{$ref: '#/paths/~1a/get/parameters/0'}], responses: {'200': {description: ok}}}}
            """),
        doc("""
            paths:
              /a: {get: {operationId: getA, parameters: [{name: q, in: query, schema: {type: integer}}], responses: {'200': {description: ok}}}}
              /b: {get: {operationId: getB, parameters: [{$ref: '#/paths/~1a/get/parameters/0'}], responses: {'200': {description: ok}}}}
            """),
        ["breaking", "breaking"],
        ("operation getB: parameter `q` changed type from `string` to `integer`",),
        "/paths/~1a/get/parameters/q/schema/type",
    ),
    "operation the new client leaves out": Case(
        doc("""
            paths:
              /items/{id}: {get: {operationId: getItem, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok}}}}
            """),
        doc("""
            paths:
              /items/{id}: {get: {operationId: getItem, responses: {'200': {description: ok}}}}
            """),
        ["breaking"],
        (
            "operation getItem (GET /items/{id}) is left out of the new client: path parameter"
            " {id} is used in the path but not declared",
        ),
    ),
    "parameter removed": Case(
        param("[{name: status, in: query, schema: {type: string}}]"),
        param("[]"),
        ["breaking"],
        ("parameter `status` (query) removed",),
        "/paths/~1items/get/parameters/status",
    ),
    "parameter renamed": Case(
        param("[{name: status, in: query, schema: {type: string}}]"),
        param("[{name: state, in: query, schema: {type: string}}]"),
        ["breaking", "non-breaking"],
        ("`status` (query) removed", "new optional parameter `state`"),
    ),
    "parameter newly required": Case(
        param("[{name: status, in: query, schema: {type: string}}]"),
        param("[{name: status, in: query, required: true, schema: {type: string}}]"),
        ["breaking"],
        ("operation listItems: parameter `status` is now required",),
        "/paths/~1items/get/parameters/status",
    ),
    "new required parameter": Case(
        param("[]"),
        param("[{name: org, in: query, required: true, schema: {type: string}}]"),
        ["breaking"],
        ("new required parameter `org` (query)",),
    ),
    "parameter type changed": Case(
        param("[{name: limit, in: query, schema: {type: string}}]"),
        param("[{name: limit, in: query, schema: {type: integer}}]"),
        ["breaking"],
        ("parameter `limit`", "from `string` to `integer`"),
        "/paths/~1items/get/parameters/limit/schema/type",
    ),
    "parameter format changed": Case(
        param("[{name: since, in: query, schema: {type: string, format: date}}]"),
        param("[{name: since, in: query, schema: {type: string, format: date-time}}]"),
        ["breaking"],
        ("parameter `since`", "`date`", "`date-time`"),
    ),
    "parameter enum value removed": Case(
        param("[{name: status, in: query, schema: {type: string, enum: [open, closed]}}]"),
        param("[{name: status, in: query, schema: {type: string, enum: [open]}}]"),
        ["breaking"],
        ("parameter `status`", "dropped enum value `closed`"),
    ),
    "parameter constraint tightened": Case(
        param("[{name: q, in: query, schema: {type: string, maxLength: 100}}]"),
        param("[{name: q, in: query, schema: {type: string, maxLength: 10}}]"),
        ["breaking"],
        ("parameter `q`", "`maxLength` from 100 to 10"),
    ),
    "request field newly required": Case(
        item(OBJ, use="request"),
        item(OBJ.replace("required: [id]", "required: [id, name]"), use="request"),
        ["breaking"],
        ("schema Item: field `name` is now required",),
        "/components/schemas/Item/properties/name",
    ),
    "new required request field": Case(
        body("{type: object, properties: {a: {type: string}}}"),
        body("{type: object, properties: {a: {type: string}, b: {type: string}}, required: [b]}"),
        ["breaking"],
        ("operation listItems: new required request field `b`",),
    ),
    "request field removed": Case(
        item(OBJ, use="request"),
        item("{type: object, properties: {id: {type: string}}, required: [id]}", use="request"),
        ["breaking"],
        ("field `name` removed",),
        "/components/schemas/Item/properties/name",
    ),
    "request body newly required": Case(
        body("{type: object}", required=False),
        body("{type: object}", required=True),
        ["breaking"],
        ("request body is now required",),
    ),
    "request body removed": Case(
        body("{type: object}"),
        op(),
        ["breaking"],
        ("request body removed",),
    ),
    "request enum value removed": Case(
        body("{type: object, properties: {kind: {type: string, enum: [a, b]}}}"),
        body("{type: object, properties: {kind: {type: string, enum: [a]}}}"),
        ["breaking"],
        ("request field `kind`", "dropped enum value `b`"),
    ),
    "response field removed": Case(
        item(OBJ),
        item("{type: object, properties: {id: {type: string}}, required: [id]}"),
        ["breaking"],
        ("schema Item: field `name` removed",),
    ),
    "response field type changed": Case(
        item(OBJ),
        item(OBJ.replace("id: {type: string}", "id: {type: integer}")),
        ["breaking"],
        ("field `id`", "`string` to `integer`"),
    ),
    "response field format changed": Case(
        item("{type: object, properties: {at: {type: string, format: date-time}}}"),
        item("{type: object, properties: {at: {type: string, format: date}}}"),
        ["breaking"],
        ("field `at`", "format", "`date-time`", "`date`"),
    ),
    "response field points at another model": Case(
        item(
            "{type: object, properties: {owner: {$ref: '#/components/schemas/User'}}}",
            extra="{User: {type: object}, Account: {type: object, properties: {n: {type: string}}}}",
        ),
        item(
            "{type: object, properties: {owner: {$ref: '#/components/schemas/Account'}}}",
            extra="{User: {type: object}, Account: {type: object, properties: {n: {type: string}}}}",
        ),
        ["breaking"],
        ("field `owner`", "`User` to `Account`"),
    ),
    "response array item type changed": Case(
        item("{type: object, properties: {tags: {type: array, items: {type: string}}}}"),
        item("{type: object, properties: {tags: {type: array, items: {type: integer}}}}"),
        ["breaking"],
        ("field `tags[]`", "`string` to `integer`"),
    ),
    "response field becomes optional": Case(
        item(OBJ),
        item(OBJ.replace("required: [id]", "required: []")),
        ["breaking"],
        ("field `id` is now optional",),
    ),
    "response field becomes nullable (type list)": Case(
        item(OBJ),
        item(OBJ.replace("id: {type: string}", "id: {type: [string, 'null']}")),
        ["breaking"],
        ("field `id` is now nullable",),
    ),
    "response field becomes nullable (nullable: true)": Case(
        item(OBJ),
        item(OBJ.replace("id: {type: string}", "id: {type: string, nullable: true}")),
        ["breaking"],
        ("field `id` is now nullable",),
    ),
    "response field becomes nullable (anyOf null)": Case(
        item(OBJ),
        item(OBJ.replace("id: {type: string}", "id: {anyOf: [{type: string}, {type: 'null'}]}")),
        ["breaking"],
        ("field `id` is now nullable",),
    ),
    "response enum value removed": Case(
        item("{type: string, enum: [open, closed]}"),
        item("{type: string, enum: [open]}"),
        ["breaking"],
        ("schema Item", "dropped enum value `closed`"),
    ),
    "schema removed": Case(
        item(OBJ, extra="{Unused: {type: object}}"),
        item(OBJ),
        ["breaking"],
        ("schema Unused removed",),
        "/components/schemas/Unused",
    ),
    "schema renamed": Case(
        item(OBJ, extra="{Owner: {type: object, title: Owner, properties: {n: {type: string}}}}"),
        item(OBJ, extra="{Person: {type: object, title: Person, properties: {n: {type: string}}}}"),
        ["breaking"],
        ("schema Owner renamed to Person", "model class `Owner` becomes `Person`"),
    ),
    "schema renamed, its class name kept": Case(
        item(OBJ, extra="{pet_owner: {type: object, properties: {n: {type: string}}}}"),
        item(OBJ, extra="{PetOwner: {type: object, properties: {n: {type: string}}}}"),
        ["non-breaking"],
        ("schema pet_owner renamed to PetOwner; its model class stays `PetOwner`",),
    ),
    "security requirement changed": Case(
        op("security: [{ApiKey: []}]", components=SCHEMES),
        op("security: [{Bearer: []}]", components=SCHEMES),
        ["breaking"],
        ("operation listItems", "`ApiKey` to `Bearer`"),
        "/paths/~1items/get/security",
    ),
    "auth newly needed": Case(
        op(components=SCHEMES),
        op(components=SCHEMES, top="security: [{ApiKey: []}]"),
        ["breaking"],
        ("operation listItems", "`no auth` to `ApiKey`"),
        "/security",
    ),
    "security scheme header changed": Case(
        op("security: [{ApiKey: []}]", components=SCHEMES),
        op("security: [{ApiKey: []}]", components=SCHEMES.replace("x-api-key", "x-token")),
        ["breaking"],
        ("security scheme ApiKey", "`x-api-key`", "`x-token`"),
    ),
    "default server changed": Case(
        op(top="servers: [{url: 'https://api.example.com'}]"),
        op(
            top="servers: [{url: 'https://{region}.example.com', variables: {region: {default: eu}}}]"
        ),
        ["breaking"],
        ("default base URL", "https://api.example.com", "https://eu.example.com"),
        "/servers/0/url",
    ),
    "operation server changed": Case(
        op("servers: [{url: 'https://a.example.com'}]", top="servers: [{url: 'https://x.io'}]"),
        op(top="servers: [{url: 'https://x.io'}]"),
        ["breaking"],
        ("operation listItems: base URL", "https://a.example.com", "https://x.io"),
    ),
    "success status removed": Case(
        op("responses: {'200': {description: ok}, '202': {description: later}}"),
        op("responses: {'200': {description: ok}}"),
        ["breaking"],
        ("success response 202 removed",),
    ),
    "lowest success status changed": Case(
        op("responses: {'200': {description: ok}}"),
        op("responses: {'201': {description: created}}"),
        ["breaking"],
        ("success status changed from 200 to 201",),
    ),
    "success response type changed": Case(
        returning("{type: array, items: {type: string}}"),
        returning("{type: object, properties: {data: {type: string}}}"),
        ["breaking"],
        ("response body changed type from `array` to `object`",),
    ),
    "success response body dropped": Case(
        returning("{type: object}"),
        op(),
        ["breaking"],
        ("no longer returns a response body",),
    ),
    "response union gains a member": Case(
        returning("{anyOf: [{type: string}, {type: integer}]}"),
        returning("{anyOf: [{type: string}, {type: integer}, {type: boolean}]}"),
        ["breaking"],
        ("response body gained anyOf member `boolean`",),
    ),
    "new required field in a model used both ways": Case(
        item(OBJ, use="both"),
        item(
            OBJ.replace(
                "name: {type: string}}", "name: {type: string}, n: {type: integer}}"
            ).replace("required: [id]", "required: [id, n]"),
            use="both",
        ),
        ["breaking"],
        ("schema Item: new required field `n`",),
    ),
    # --- non-breaking --------------------------------------------------------------------
    "new operation": Case(
        op(),
        doc("""
            paths:
              /items: {get: {operationId: listItems, responses: {'200': {description: ok}}}}
              /users: {post: {operationId: addUser, responses: {'201': {description: ok}}}}
            """),
        ["non-breaking"],
        ("new operation addUser (POST /users)",),
    ),
    "new optional parameter": Case(
        param("[]"),
        param("[{name: page, in: query, schema: {type: integer}}]"),
        ["non-breaking"],
        ("new optional parameter `page` (query)",),
    ),
    "parameter becomes optional": Case(
        param("[{name: org, in: query, required: true, schema: {type: string}}]"),
        param("[{name: org, in: query, schema: {type: string}}]"),
        ["non-breaking"],
        ("parameter `org` is now optional",),
    ),
    "new optional multipart field": Case(
        op(MULTIPART % ""),
        op(MULTIPART % ", note: {type: string}"),
        ["non-breaking"],
        ("new optional multipart field `note`",),
    ),
    "property renamed on the wire, its attribute kept": Case(
        item("{type: object, properties: {fooBar: {type: string}}}"),
        item("{type: object, properties: {foo_bar: {type: string}}}"),
        ["non-breaking"],
        ("field `fooBar` renamed on the wire to `foo_bar`; its attribute stays `foo_bar`",),
    ),
    "parameter renamed on the wire only": Case(
        param("[{name: organizationId, in: query, schema: {type: string}}]"),
        param("[{name: organization_id, in: query, schema: {type: string}}]"),
        ["non-breaking"],
        ("`organizationId`", "`organization_id`", "argument stays"),
    ),
    "new request parameter enum value": Case(
        param("[{name: status, in: query, schema: {type: string, enum: [a, b]}}]"),
        param("[{name: status, in: query, schema: {type: string, enum: [a, b, c]}}]"),
        ["non-breaking"],
        ("parameter `status` gained enum value `c`",),
    ),
    "request union gains a member": Case(
        body("{oneOf: [{$ref: '#/components/schemas/Cat'}]}", components=PETS),
        body(
            "{oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]}",
            components=PETS,
        ),
        ["non-breaking"],
        ("request body gained oneOf member `Dog`",),
    ),
    "parameter type widened": Case(
        param("[{name: limit, in: query, schema: {type: integer}}]"),
        param("[{name: limit, in: query, schema: {type: number}}]"),
        ["non-breaking"],
        ("parameter `limit`", "`integer` to `number`"),
    ),
    "new optional request field": Case(
        item(OBJ, use="request"),
        item(
            OBJ.replace("name: {type: string}}", "name: {type: string}, x: {type: string}}"),
            use="request",
        ),
        ["non-breaking"],
        ("schema Item: new optional field `x`",),
    ),
    "new optional response field": Case(
        item(OBJ),
        item(OBJ.replace("name: {type: string}}", "name: {type: string}, x: {type: string}}")),
        ["non-breaking"],
        ("new optional field `x`",),
    ),
    "new required response field": Case(
        item(OBJ),
        item(
            OBJ.replace(
                "name: {type: string}}", "name: {type: string}, x: {type: string}}"
            ).replace("required: [id]", "required: [id, x]")
        ),
        ["non-breaking"],
        ("new required field `x`",),
    ),
    "new response enum value": Case(
        item("{type: string, enum: [open, closed]}"),
        item("{type: string, enum: [open, closed, archived]}"),
        ["non-breaking"],
        ("schema Item: gained enum value `archived`", "strict=True"),
    ),
    "response field no longer nullable": Case(
        item(OBJ.replace("id: {type: string}", "id: {type: [string, 'null']}")),
        item(OBJ),
        ["non-breaking"],
        ("field `id` is no longer nullable",),
    ),
    "new error response": Case(
        op("responses: {'200': {description: ok}}"),
        op(
            "responses: {'200': {description: ok}, '404': {description: missing, "
            "content: {application/json: {schema: {type: object}}}}}"
        ),
        ["non-breaking"],
        ("new error response 404",),
    ),
    "new schema": Case(
        item(OBJ),
        item(OBJ, extra="{Extra: {type: object}}"),
        ["non-breaking"],
        ("new schema Extra",),
    ),
    "new security alternative": Case(
        op("security: [{ApiKey: []}]", components=SCHEMES),
        op("security: [{ApiKey: []}, {Bearer: []}]", components=SCHEMES),
        ["non-breaking"],
        ("operation listItems: security now also accepts `Bearer`",),
    ),
    "security scheme renamed": Case(
        op("security: [{ApiKey: []}]", components=SCHEMES),
        op(
            "security: [{Key: []}]",
            components=SCHEMES.replace("ApiKey:", "Key:").replace("x-api-key", "X-Api-Key"),
        ),
        ["non-breaking"],
        ("security scheme ApiKey renamed to Key",),
    ),
    "operation deprecated": Case(
        op(),
        op("deprecated: true"),
        ["non-breaking"],
        ("operation listItems is now deprecated",),
    ),
    "parameter default changed": Case(
        param("[{name: size, in: query, schema: {type: integer, default: 10}}]"),
        param("[{name: size, in: query, schema: {type: integer, default: 20}}]"),
        ["non-breaking"],
        ("parameter `size` default changed from 10 to 20",),
    ),
    # --- docs ----------------------------------------------------------------------------
    "description changed": Case(
        op("description: Lists items."),
        op("description: Lists all the items."),
        ["docs"],
        ("operation listItems: description changed",),
        "/paths/~1items/get/description",
    ),
    "summary added": Case(
        op(),
        op("summary: List items"),
        ["docs"],
        ("operation listItems: summary added",),
    ),
    "schema title changed": Case(
        item(OBJ.replace("{type: object,", "{title: Item, type: object,")),
        item(OBJ.replace("{type: object,", "{title: An item, type: object,")),
        ["docs"],
        ("schema Item: title changed",),
    ),
    "field example changed": Case(
        item(OBJ.replace("id: {type: string}", "id: {type: string, example: a1}")),
        item(OBJ.replace("id: {type: string}", "id: {type: string, example: b2}")),
        ["docs"],
        ("schema Item field `id`: example changed",),
    ),
    "response examples changed": Case(
        op(
            "responses: {'200': {description: ok, content: {application/json: "
            "{schema: {type: string}, examples: {one: {value: a}}}}}}"
        ),
        op(
            "responses: {'200': {description: ok, content: {application/json: "
            "{schema: {type: string}, examples: {one: {value: b}}}}}}"
        ),
        ["docs"],
        ("operation listItems response 200: examples changed",),
    ),
    "externalDocs changed": Case(
        op("externalDocs: {url: 'https://docs.example.com/a'}"),
        op("externalDocs: {url: 'https://docs.example.com/b'}"),
        ["docs"],
        ("operation listItems: externalDocs changed",),
    ),
    "parameter description changed": Case(
        param("[{name: q, in: query, description: Search., schema: {type: string}}]"),
        param("[{name: q, in: query, description: Full-text search., schema: {type: string}}]"),
        ["docs"],
        ("operation listItems parameter `q`: description changed",),
        "/paths/~1items/get/parameters/q/description",
    ),
    "tag order changed": Case(
        op(top="tags: [{name: a}, {name: b}]"),
        op(top="tags: [{name: b}, {name: a}]"),
        ["docs"],
        ("tag order changed",),
    ),
    "tag description changed": Case(
        op(top="tags: [{name: a, description: First.}]"),
        op(top="tags: [{name: a, description: The first.}]"),
        ["docs"],
        ("tag `a`: description changed",),
    ),
    "API version label changed": Case(
        op(),
        {**op(), "info": {"title": "Test", "version": "1.1.0"}},
        ["docs"],
        ("API info: version changed from 1.0.0 to 1.1.0",),
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_rule(case: Case) -> None:
    changes = diff_specs(case.old, case.new)
    assert [c.kind for c in changes] == case.kinds, changes
    text = "\n".join(c.message for c in changes)
    for name in case.names:
        assert name in text, f"{name!r} not in:\n{text}"
    if case.where is not None:
        assert changes[0].where == case.where


def test_every_kind_has_cases() -> None:
    kinds = [kind for case in CASES.values() for kind in case.kinds]
    assert len(CASES) >= 24
    assert {"breaking", "non-breaking", "docs"} <= set(kinds)


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_a_spec_has_no_changes_from_itself(case: Case) -> None:
    assert diff_specs(case.old, copy.deepcopy(case.old)) == []
    assert diff_specs(case.new, copy.deepcopy(case.new)) == []


# --- equivalences, references and determinism -----------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("{type: [string, 'null']}", "{anyOf: [{type: string}, {type: 'null'}]}"),
        ("{type: string, nullable: true}", "{oneOf: [{type: 'null'}, {type: string}]}"),
        ("{type: string, enum: [a, null]}", "{type: [string, 'null'], enum: [a]}"),
    ],
)
def test_spellings_of_nullable_are_equal(before: str, after: str) -> None:
    wrap = "{{type: object, properties: {{v: {0}}}}}"
    assert diff_specs(item(wrap.format(before)), item(wrap.format(after))) == []


def test_reordered_parameters_and_unquoted_status_codes_are_no_change() -> None:
    old = param("[{name: a, in: query, schema: {type: string}}, {name: b, in: query}]")
    new = param("[{name: b, in: query}, {name: a, in: query, schema: {type: string}}]")
    new["paths"]["/items"]["get"]["responses"] = {200: {"description": "ok"}}
    assert diff_specs(old, new) == []


def test_operations_without_an_operation_id_match_by_method_and_path() -> None:
    old = doc("paths: {/items: {get: {responses: {'200': {description: ok}}}}}")
    new = doc("paths: {/items: {get: {summary: List., responses: {'200': {description: ok}}}}}")
    assert [c.message for c in diff_specs(old, new)] == ["operation GET /items: summary added"]


def test_operation_id_change_keeping_the_method_name_is_not_breaking() -> None:
    changes = diff_specs(op(), op("operationId: list_items"))
    assert [c.kind for c in changes] == ["non-breaking"]
    assert "stays `list_items`" in changes[0].message


def test_referenced_parameters_and_responses_are_followed() -> None:
    components = """
    parameters:
      Status: {name: status, in: query, schema: {type: string, enum: [a, b]}}
    responses:
      Ok:
        description: ok
        content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
    """
    fields = """
    parameters: [{$ref: '#/components/parameters/Status'}]
    responses: {'200': {$ref: '#/components/responses/Ok'}}
    """
    old = op(fields, components=components)
    new = op(fields, components=components.replace("[a, b]", "[a]").replace("id:", "key:"))
    changes = diff_specs(old, new)
    assert [c.kind for c in changes] == ["breaking", "breaking", "non-breaking"]
    text = "\n".join(c.message for c in changes)
    assert "parameter `status` dropped enum value `b`" in text
    assert "response field `id` removed" in text
    assert "new optional response field `key`" in text


def test_recursive_schemas_terminate() -> None:
    node = """
    type: object
    properties:
      children: {type: array, items: {$ref: '#/components/schemas/Item'}}
      parent: {$ref: '#/components/schemas/Item/properties/children/items'}
      loop: {$ref: '#/components/schemas/Loop'}
    """
    extra = (
        "{Loop: {$ref: '#/components/schemas/Loop2'}, Loop2: {$ref: '#/components/schemas/Loop'}}"
    )
    old = item(node, use="both", extra=extra)
    grown = node.replace("type: object", "type: object\n    required: [children]")
    new = item(grown, use="both", extra=extra)
    changes = diff_specs(old, new)
    assert [(c.kind, c.message) for c in changes] == [
        ("breaking", "schema Item: field `children` is now required")
    ]


def test_self_referencing_deep_ref_terminates() -> None:
    spec = item("{type: object, properties: {a: {$ref: '#/components/schemas/Item/properties/a'}}}")
    assert diff_specs(spec, copy.deepcopy(spec)) == []


def test_a_model_only_sent_follows_the_request_rules() -> None:
    # The same edit is non-breaking for a model only received, breaking for one sent.
    grown = OBJ.replace("required: [id]", "required: [id, name]")
    assert [c.kind for c in diff_specs(item(OBJ), item(grown))] == ["non-breaking"]
    assert [c.kind for c in diff_specs(item(OBJ, "request"), item(grown, "request"))] == [
        "breaking"
    ]


def test_request_enum_value_has_no_strict_note() -> None:
    old = body("{type: object, properties: {k: {type: string, enum: [a]}}}")
    new = body("{type: object, properties: {k: {type: string, enum: [a, b]}}}")
    (change,) = diff_specs(old, new)
    assert change.kind == "non-breaking"
    assert "strict" not in change.message


def test_result_is_sorted_and_independent_of_key_order() -> None:
    old = item(OBJ, extra="{A: {type: object}, B: {type: string, enum: [x, y]}}")
    new = item(
        OBJ.replace("required: [id]", "required: []").replace(
            "{type: string}}", "{type: integer}}"
        ),
        extra="{B: {type: string, enum: [y, z]}, C: {type: object}}",
    )
    changes = diff_specs(old, new)
    order = {"breaking": 0, "non-breaking": 1, "docs": 2}
    assert changes == sorted(changes, key=lambda c: (order[c.kind], c.where, c.message))
    reversed_new = json.loads(json.dumps(new), object_pairs_hook=lambda pairs: dict(pairs[::-1]))
    reversed_old = json.loads(json.dumps(old), object_pairs_hook=lambda pairs: dict(pairs[::-1]))
    assert diff_specs(reversed_old, reversed_new) == changes


# --- the project's own specs ----------------------------------------------------------


@pytest.mark.parametrize("path", REAL_SPECS, ids=[p.stem for p in REAL_SPECS])
def test_real_spec_against_itself_has_no_changes(path: Path) -> None:
    data = load_spec(path).data
    assert diff_specs(data, copy.deepcopy(data)) == []


def test_editing_a_description_in_feather_is_one_docs_change(tmp_path: Path) -> None:
    source = ROOT / "specs" / "feather.yaml"
    text = source.read_text(encoding="utf-8")
    needle = "description: Standard error response returned by all API error handlers."
    assert text.count(needle) == 1
    edited = tmp_path / "feather.yaml"
    edited.write_text(text.replace(needle, needle[:-1] + ", with a code."), encoding="utf-8")
    changes = diff_specs(load_spec(source).data, load_spec(edited).data)
    assert changes == [
        Change(
            "docs",
            "/components/schemas/ErrorResponse/description",
            "schema ErrorResponse: description changed",
        )
    ]


# --- version bumps ----------------------------------------------------------------------


def _changes(*kinds: Kind) -> list[Change]:
    return [Change(kind, "/", f"change {i}") for i, kind in enumerate(kinds)]


@pytest.mark.parametrize(
    ("kinds", "current", "expected"),
    [
        (("breaking", "docs"), "1.4.2", ("major", "2.0.0")),
        (("non-breaking", "docs"), "1.4.2", ("minor", "1.5.0")),
        (("docs",), "1.4.2", ("patch", "1.4.3")),
        ((), "1.4.2", ("none", "1.4.2")),
        (("breaking",), "0.3.1", ("minor", "0.4.0")),
        (("non-breaking",), "0.3.1", ("patch", "0.3.2")),
        (("docs",), "0.3.1", ("patch", "0.3.2")),
        ((), "0.3.1rc1", ("none", "0.3.1rc1")),
        (("breaking",), "2.0.0-rc.1", ("major", "3.0.0")),
        (("non-breaking",), "1.2.3.dev4", ("minor", "1.3.0")),
        (("docs",), "1.2.3+local.7", ("patch", "1.2.4")),
        (("docs",), "v1.2.3", ("patch", "v1.2.4")),
    ],
)
def test_suggest_bump(kinds: tuple[Kind, ...], current: str, expected: tuple[str, str]) -> None:
    assert suggest_bump(_changes(*kinds), current) == expected


def test_suggest_bump_takes_any_iterable() -> None:
    assert suggest_bump(iter(_changes("docs", "non-breaking")), "1.0.0") == ("minor", "1.1.0")


@pytest.mark.parametrize("bad", ["1.2", "one", "1.2.3.4", ""])
def test_suggest_bump_refuses_other_versions(bad: str) -> None:
    with pytest.raises(ValueError, match=r"MAJOR\.MINOR\.PATCH"):
        suggest_bump(_changes("docs"), bad)


# --- the report -------------------------------------------------------------------------


def test_format_report_groups_by_kind() -> None:
    changes = [
        Change("docs", "/info/description", "API info: description changed"),
        Change("breaking", "/paths/~1a/get", "operation a (GET /a) removed"),
        Change("breaking", "/components/schemas/X", "schema X removed"),
    ]
    assert format_report(changes, "feather") == textwrap.dedent(
        """\
        feather: 3 changes
        breaking (2):
          - schema X removed (at /components/schemas/X)
          - operation a (GET /a) removed (at /paths/~1a/get)
        docs (1):
          - API info: description changed (at /info/description)"""
    )


def test_format_report_without_changes() -> None:
    assert format_report([], "agentdrop") == "agentdrop: no changes"


def test_tuples_cover_position_by_position() -> None:
    """A tuple argument widened to a list of a wider item, or a position widened, accepts
    what it did; a position narrowed, or a length changed, does not."""
    from generator._diff import _type_covers
    from generator._ir import ListOf, Primitive, TupleOf, UnionOf

    s, i, f = Primitive("str"), Primitive("int"), Primitive("float")
    assert _type_covers(TupleOf((s, f)), TupleOf((s, i)))
    assert not _type_covers(TupleOf((s, i)), TupleOf((s, f)))
    assert not _type_covers(TupleOf((s, i)), TupleOf((s,)))
    assert _type_covers(ListOf(UnionOf((s, i))), TupleOf((s, i)))
    assert not _type_covers(ListOf(s), TupleOf((s, i)))
    assert _type_covers(UnionOf((TupleOf((s,)), TupleOf((s, i)))), TupleOf((s,)))
