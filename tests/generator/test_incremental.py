"""Incremental validation (generator/_incremental.py): the same answer as openapi-spec-validator
run on the whole document, cold and warm, after edits, and with a damaged cache.

The reference is always the whole run: `check_content` without `incremental`, which runs the
stock validator (with its visited lists indexed, tested in test_validation.py) on the whole
document. Warnings, or the raised errors, must be equal field by field (message, pointer,
line, hint, order)."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import _cache, _incremental, _store, _validate
from generator._errors import SpecError, SpecErrors, error_list
from generator._load import LoadedSpec, load_spec
from generator.parse import Diagnostics

from ..conftest import ROOT, SHARED
from ..golden.test_bad_specs import CASES

PEER = SHARED / "peer-specs" / "openapi-python-client"
OURS = sorted((ROOT / "specs").glob("*.yaml")) + sorted((ROOT / "tests" / "specs").glob("*.yaml"))


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", str(folder))
    return folder / "parts"


def _load(text: str, name: str = "spec.yaml") -> LoadedSpec:
    return load_spec(Path(name), name, text.encode())


def _text(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False)


Outcome = tuple[str, list[tuple[Any, ...]]]


def _outcome(
    text: str, *, incremental: bool, lenient: bool = False, name: str = "spec.yaml"
) -> Outcome:
    """What validating `text` gives: ("ok", warnings) or ("errors", errors), every field."""
    try:
        spec = _load(text, name)
        diagnostics = Diagnostics.for_policy(spec, lenient)
        left_out = _validate.check_document(spec, diagnostics)
        found = _validate.check_content(spec, left_out, diagnostics, incremental=incremental)
    except (SpecError, SpecErrors) as exc:
        return "errors", [_fields(e) for e in error_list(exc)]
    return "ok", [_fields(e) for e in found]


def _fields(e: SpecError) -> tuple[Any, ...]:
    return (e.file, e.message, e.pointer, e.line, e.hint, e.rule, e.severity)


def _same(text: str, *, lenient: bool = False, name: str = "spec.yaml") -> Outcome:
    """The whole run's outcome, after checking the incremental one equals it cold and warm."""
    whole = _outcome(text, incremental=False, lenient=lenient, name=name)
    assert _outcome(text, incremental=True, lenient=lenient, name=name) == whole  # cold
    assert _outcome(text, incremental=True, lenient=lenient, name=name) == whole  # warm
    return whole


# The name `_outcome` validates a document under by default, as the pipeline passes it on.
NAME = "spec.yaml"


def _proof(data: dict[str, Any]) -> _incremental.Stats:
    stats = _incremental.Stats()
    _incremental.prove(data, str(data["openapi"]), stats, NAME)
    return stats


def _entry(name: str = NAME) -> tuple[_store.Store, str]:
    """The store holding the verdicts on the document at `name`, and their entry's key."""
    return _store.Store("parts", _incremental.MAX_BYTES), _store.key(
        "parts", _incremental._FORMAT, name
    )


def _verdicts(name: str = NAME) -> dict[str, Any]:
    store, key = _entry(name)
    payload = store.get(key)
    return {} if payload is None else dict(json.loads(payload)["kept"])


def _forge(verdicts: dict[str, Any], name: str = NAME, run: Any = 1) -> None:
    store, key = _entry(name)
    store.put(key, json.dumps({"run": run, "kept": verdicts}).encode())


def _has_schema_findings(data: dict[str, Any]) -> bool:
    validator = _validate._validator_class(str(data["openapi"]))(data)
    return next(iter(validator.iter_errors()), None) is not None


# -- the specs we have ------------------------------------------------------------------------


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name)
def test_our_specs(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _same(text, name=path.name)
    spec = _load(text, path.name)
    _validate.check_document(spec)
    stats = _proof(spec.data)
    # The fast path is taken on every valid spec without a reference it cannot follow.
    assert stats.outcome == "proven" or stats.outcome.startswith("uncertain"), stats
    if path.name not in ("pathrefs.yaml",):
        assert stats.outcome == "proven", stats


def _peer_documents() -> list[Path]:
    if not PEER.is_dir():
        return []
    return sorted(
        p
        for p in [*PEER.glob("*"), *(PEER / "documents_with_errors").glob("*")]
        if p.suffix in (".yaml", ".json")
    )


@pytest.mark.parametrize("lenient", [False, True])
def test_peer_documents(lenient: bool) -> None:
    documents = _peer_documents()
    if not documents:
        pytest.skip("../shared is not present")
    outcomes = [
        _same(p.read_text(encoding="utf-8"), lenient=lenient, name=p.name) for p in documents
    ]
    assert any(kind == "errors" or found for kind, found in outcomes)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_spec_corpus(case: str) -> None:
    name, content, _ = CASES[case]
    if isinstance(content, bytes) or len(content) > 100_000:
        pytest.skip("not text the loader reads")
    _same(content, name=name)


# -- documents made here ----------------------------------------------------------------------


def _document(version: str = "3.0.3", size: int = 6) -> dict[str, Any]:
    """Schemas referring to one another (one, `User`, referenced by most), operations using
    them through responses, parameters and request bodies, and the other component kinds."""
    schemas: dict[str, Any] = {
        "User": {
            "type": "object",
            "description": "referenced by most",
            "required": ["id"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string", "default": "x"}},
        },
        "Leaf": {"type": "string", "description": "referenced by one", "default": "a"},
    }
    for i in range(size):
        schemas[f"Thing{i}"] = {
            "type": "object",
            "properties": {
                "owner": {"$ref": "#/components/schemas/User"},
                "next": {"$ref": f"#/components/schemas/Thing{(i + 1) % size}"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "both": {"allOf": [{"$ref": "#/components/schemas/User"}, {"type": "object"}]},
            },
        }
    schemas["Thing0"]["properties"]["leaf"] = {"$ref": "#/components/schemas/Leaf"}
    # Its `required` is checked against the property names of what its allOf reaches.
    schemas["Derived"] = {"allOf": [{"$ref": "#/components/schemas/User"}], "required": ["id"]}
    schemas["Code"] = {"type": "string"}
    # Reached by a pointer into it only: its `inner` is first met as a media type's schema.
    schemas["Holder"] = {
        "type": "object",
        "properties": {
            "inner": {
                "allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}],
                "required": ["a"],
            }
        },
    }
    paths: dict[str, Any] = {}
    for i in range(size):
        paths[f"/things{i}/{{id}}"] = {
            "parameters": [{"$ref": "#/components/parameters/Id"}],
            "get": {
                "operationId": f"getThing{i}",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/Thing{i}"}
                            }
                        },
                    },
                    "404": {"$ref": "#/components/responses/NotFound"},
                },
            },
            "put": {
                "operationId": f"putThing{i}",
                "requestBody": {"$ref": "#/components/requestBodies/Body"},
                "responses": {"204": {"description": "done"}},
            },
        }
    # A path item reading what it references: an inline schema's `required` checked against
    # an allOf's members, a default validated against a union of references.
    user, code = {"$ref": "#/components/schemas/User"}, {"$ref": "#/components/schemas/Code"}
    paths["/inline"] = {
        "get": {
            "operationId": "inline",
            "parameters": [
                {"name": "c", "in": "query", "schema": {"anyOf": [code], "default": "a"}}
            ],
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {"schema": {"allOf": [user], "required": ["id"]}}
                    },
                },
                "201": {
                    "description": "made",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Derived"}}
                    },
                },
                "202": {
                    "description": "accepted",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Holder/properties/inner"}
                        }
                    },
                },
            },
        }
    }
    paths["/plain"] = {
        "get": {
            "operationId": "plain",
            "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "integer", "default": 3}}
            ],
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    return {
        "openapi": version,
        "info": {"title": "made", "version": "1"},
        "tags": [{"name": "things"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "Id": {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            },
            "responses": {
                "NotFound": {
                    "description": "missing",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/User"}}
                    },
                }
            },
            "requestBodies": {
                "Body": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Thing0"}}
                    }
                }
            },
        },
    }


VERSIONS = ["3.0.3", "3.1.0"]


def _rename(data: dict[str, Any], old: str, new: str) -> None:
    schemas = data["components"]["schemas"]
    data["components"]["schemas"] = {new if k == old else k: v for k, v in schemas.items()}
    text = json.dumps(data).replace(
        f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"'
    )
    data.clear()
    data.update(json.loads(text))


def _edit_description(data: dict[str, Any]) -> None:
    data["components"]["schemas"]["Leaf"]["description"] = "changed"


def _edit_operation(data: dict[str, Any]) -> None:
    data["paths"]["/things3/{id}"]["get"]["description"] = "changed"


def _add_property(data: dict[str, Any]) -> None:
    data["components"]["schemas"]["User"]["properties"]["email"] = {"type": "string"}


def _rename_schema(data: dict[str, Any]) -> None:
    _rename(data, "Thing2", "Renamed")


def _add_operation(data: dict[str, Any]) -> None:
    data["paths"]["/new"] = {
        "post": {"operationId": "newOne", "responses": {"201": {"description": "made"}}}
    }


# Edits that make an unchanged part invalid through what it references, or add a finding.
def _bad_default_through_ref(data: dict[str, Any]) -> None:
    data["components"]["schemas"]["User"]["properties"]["name"]["default"] = 7


def _required_without_property(data: dict[str, Any]) -> None:
    """Not a finding of the whole run: `User` is first reached inside another schema, where
    the validator does not compare `required` with the properties; checked alone, it is one
    (the incremental run then goes whole, and agrees)."""
    data["components"]["schemas"]["User"]["allOf"] = [{"type": "object"}]
    data["components"]["schemas"]["User"]["required"] = ["id", "ghost"]


def _required_without_property_inline(data: dict[str, Any]) -> None:
    media = data["paths"]["/plain"]["get"]["responses"]["200"]["content"]["application/json"]
    media["schema"] = {"allOf": [{"$ref": "#/components/schemas/User"}], "required": ["ghost"]}


def _property_an_all_of_requires_taken_away(data: dict[str, Any]) -> None:
    """`User` itself stays valid; `Derived` and `/inline` require the `id` it loses."""
    del data["components"]["schemas"]["User"]["properties"]["id"]


def _default_no_longer_valid_through_refs(data: dict[str, Any]) -> None:
    """`Code` itself stays valid; the default `/inline` gives a union of it no longer is."""
    data["components"]["schemas"]["Code"].update(enum=["b"])


def _required_inside_a_schema_a_path_item_points_into(data: dict[str, Any]) -> None:
    """`Holder`'s own walk meets `inner` nested, where `required` is not compared with the
    properties; `/inline` meets it first, as a media type's schema, where it is."""
    data["components"]["schemas"]["Holder"]["properties"]["inner"]["required"] = ["a", "ghost"]


def _duplicate_operation_id(data: dict[str, Any]) -> None:
    data["paths"]["/plain"]["get"]["operationId"] = "getThing4"


def _meta_schema_error(data: dict[str, Any]) -> None:
    del data["paths"]["/things5/{id}"]["put"]["responses"]["204"]["description"]


def _bad_schema_keyword(data: dict[str, Any]) -> None:
    data["components"]["schemas"]["Leaf"]["minLength"] = "three"


def _undeclared_path_parameter(data: dict[str, Any]) -> None:
    data["paths"]["/plain/{x}"] = data["paths"].pop("/plain")


GOOD_EDITS: list[Callable[[dict[str, Any]], None]] = [
    _edit_description,
    _edit_operation,
    _add_property,
    _rename_schema,
    _add_operation,
]
BAD_EDITS: list[Callable[[dict[str, Any]], None]] = [
    _bad_default_through_ref,
    _required_without_property_inline,
    _property_an_all_of_requires_taken_away,
    _default_no_longer_valid_through_refs,
    _required_inside_a_schema_a_path_item_points_into,
    _duplicate_operation_id,
    _meta_schema_error,
    _bad_schema_keyword,
    _undeclared_path_parameter,
]


@pytest.mark.parametrize("version", VERSIONS)
def test_edits_keep_the_answer_and_recheck_little(version: str) -> None:
    data = _document(version)
    assert _same(_text(data)) == ("ok", [])
    parts = _proof(data).parts
    for edit in GOOD_EDITS:
        edit(data)
        assert _same(_text(data)) == ("ok", []), edit.__name__
    # Each edit above re-checked a few parts only; a repeat checks nothing.
    edited = copy.deepcopy(data)
    _edit_operation(edited)
    edited["paths"]["/things3/{id}"]["get"]["description"] = "again"
    stats = _proof(edited)
    assert stats.outcome == "proven" and stats.meta_checked == 1 and stats.walked == 1, stats
    again = _proof(edited)
    assert (again.meta_checked, again.walked, again.parts) == (0, 0, parts + 1)
    # A new property of `User`, which every path item reaches: the walk runs again on `User`
    # and on what reads it (`Derived`, the six things through their allOf, `/inline`), not on
    # the path items that reach it by reference only.
    edited["components"]["schemas"]["User"]["properties"]["nick"] = {"type": "string"}
    stats = _proof(edited)
    assert stats.outcome == "proven" and stats.walked == 9, stats


@pytest.mark.parametrize("quick", [False, True], ids=["jsonschema", "jsonschema-rs first"])
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("edit", BAD_EDITS, ids=lambda f: f.__name__)
def test_a_broken_part_is_never_hidden_by_the_cache(
    version: str, edit: Callable[..., None], quick: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if quick:  # the whole document's check first passed to jsonschema-rs, however small
        monkeypatch.setattr(_validate._DocumentCheck, "QUICK_ABOVE", 0)
    data = _document(version)
    assert _same(_text(data)) == ("ok", [])  # every part of the valid document cached
    assert _proof(data).outcome == "proven"
    edit(data)
    strict = _same(_text(data))
    lenient = _same(_text(data), lenient=True)
    assert strict[0] == "errors" and lenient[1], (strict, lenient)
    assert _proof(data).outcome != "proven"


@pytest.mark.parametrize("version", VERSIONS)
def test_errors_in_a_schema_many_reference(version: str) -> None:
    data = _document(version, size=16)
    _bad_default_through_ref(data)
    _required_without_property(data)
    assert _same(_text(data))[0] == "errors"
    assert _same(_text(data), lenient=True)[1]
    # Fixing it gives the valid answer again, from a cache that saw only the broken one.
    data["components"]["schemas"]["User"]["properties"]["name"]["default"] = "y"
    del data["components"]["schemas"]["User"]["allOf"]
    assert _same(_text(data)) == ("ok", [])


@pytest.mark.parametrize("version", VERSIONS)
def test_a_check_the_whole_run_does_not_make(version: str) -> None:
    data = _document(version)
    _same(_text(data))
    _required_without_property(data)
    assert _same(_text(data)) == ("ok", [])
    assert _proof(data).outcome != "proven"


def test_a_broken_document_changes_nothing_when_valid_again() -> None:
    """Verdicts are cached only from runs that found nothing: breaking a document and mending
    it leaves no trace but the valid parts."""
    data = _document("3.1.0")
    _same(_text(data))
    broken = copy.deepcopy(data)
    _bad_default_through_ref(broken)
    before = _proof(broken)
    assert before.outcome != "proven" and before.stored == 0


# -- the meta-schema check, part by part ------------------------------------------------------


def _meta_errors(data: dict[str, Any]) -> list[tuple[str, tuple[Any, ...]]]:
    meta = _validate._validator_class(str(data["openapi"])).schema_validator
    return sorted((e.message, tuple(e.absolute_path)) for e in meta.iter_errors(data))


def _part_meta_errors(data: dict[str, Any]) -> list[tuple[str, tuple[Any, ...]]]:
    """The errors of each part's own meta-schema check, as paths in the whole document."""
    meta = _validate._validator_class(str(data["openapi"])).schema_validator
    parts, _rest = _incremental._split(data)
    found = []
    for part in parts:
        if part.id == _incremental.REST:
            continue
        container = meta.schema["properties"][part.id[0]]
        for e in meta.descend(_incremental._alone(part.id, part.value), container):
            found.append((e.message, (part.id[0], *e.absolute_path)))
    return sorted(found)


def _inside_entries(errors: list[tuple[str, tuple[Any, ...]]], data: dict[str, Any]) -> list[Any]:
    depth = {"paths": 2, "webhooks": 2, "components": 3}
    return [e for e in errors if len(e[1]) >= depth.get(str(e[1][0]), 99)]


def _meta_broken(version: str) -> dict[str, Any]:
    data = _document(version)
    data["paths"]["/things1/{id}"]["get"]["responses"]["200"]["content"]["application/json"][
        "examples"
    ] = [1]
    data["paths"]["/things2/{id}"]["get"]["unknown"] = True
    data["components"]["responses"]["NotFound"]["headers"] = {"X": {"schema": 3}}
    data["components"]["parameters"]["Id"]["in"] = "body"
    data["components"]["schemas"]["Leaf"]["nullable"] = "yes"
    if version.startswith("3.1"):
        data["webhooks"] = {"ping": {"post": {"responses": {"200": {}}}}}
    return data


@pytest.mark.parametrize("version", VERSIONS)
def test_part_meta_checks_find_what_the_whole_check_finds(version: str) -> None:
    """The meta-schema errors inside each entry are the same found part by part as found on the
    whole document (so `$ref`/`$dynamicRef` resolve alike), and the rest with its stand-ins
    plus the entries is valid exactly when the whole is."""
    for data in [_document(version), _meta_broken(version), *map(_read, _peer_documents())]:
        if str(data.get("openapi", ""))[:3] != version[:3]:
            continue
        whole = _meta_errors(data)
        parts = _part_meta_errors(data)
        assert _inside_entries(whole, data) == _inside_entries(parts, data)
        meta = _validate._validator_class(str(data["openapi"])).schema_validator
        _parts, rest = _incremental._split(data)
        rest_errors = list(meta.iter_errors(rest))
        assert (not whole) == (not parts and not rest_errors)


def _read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


# -- what is uncertain goes whole -------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["components"]["schemas"]["User"].update({"$id": "urn:user"}),
        lambda d: d["paths"]["/plain"].update({"x-all": {"$ref": "#/components/schemas"}}),
        lambda d: d["paths"].update({"/alias": {"$ref": "#/paths/~1plain"}}),
        lambda d: d["info"].update({"x-when": __import__("datetime").date(2026, 1, 1)}),
    ],
    ids=["$id", "a whole container", "a path item by reference", "a date"],
)
def test_uncertain_documents_run_whole(change: Callable[[dict[str, Any]], None]) -> None:
    data = _document("3.1.0")
    change(data)
    stats = _proof(data)
    assert stats.outcome.startswith("uncertain") and stats.stored == 0, stats


# -- the cache ---------------------------------------------------------------------------------


def _keys_asked(data: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []
    real = _incremental.Kept.get

    def get(self: _incremental.Kept, key: str) -> str | None:
        asked.append(key)
        return real(self, key)

    monkeypatch.setattr(_incremental.Kept, "get", get)
    _proof(data)
    monkeypatch.setattr(_incremental.Kept, "get", real)
    return asked


def test_damaged_entries_are_never_trusted(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    data = _document("3.0.3")
    _bad_default_through_ref(data)
    assert _has_schema_findings(data)
    keys = _keys_asked(data, monkeypatch)
    every = {key: ["", 1] for key in keys}
    store, entry_key = _entry()

    def forge(damage: Callable[[bytes], bytes]) -> None:
        _forge(every)
        path = store._path(entry_key)
        path.write_bytes(damage(path.read_bytes()))

    # A whole entry saying "valid" for every question would be believed (the test can fail)...
    forge(lambda raw: raw)
    assert _proof(data).outcome == "proven"
    # ... but a truncated, edited, emptied or foreign one is not.
    _forge(every, name="another document")
    other_key = _entry("another document")[1]
    other = store._path(other_key).read_bytes()  # its header names its own key
    for damage in (
        lambda raw: raw[:-3],
        lambda raw: raw.replace(b'["", 1]', b'["", 2]'),
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"",
        lambda raw: other,
    ):
        shutil.rmtree(cache, ignore_errors=True)
        forge(damage)
        assert _proof(data).outcome != "proven"
        assert _same(_text(data))[0] == "errors"


@pytest.mark.parametrize("kept", ["[]", "not JSON", "[1]", '{"a": 1}'])
def test_the_references_a_part_reads_are_kept_and_checked(kept: str) -> None:
    """The references each part reads (under an allOf or a default) are kept beside the
    verdicts, under the part's digest: a kept answer is believed (an empty list hides what
    `/inline` and `Derived` read, and the test can fail), an answer that is not a list of
    references is worked out again."""
    data = _document("3.0.3")
    assert _proof(data).outcome == "proven"
    parts = _incremental.Document(data, "3.0.3", NAME).parts
    keys = {_store.key("read", _incremental._FORMAT, p.digest) for p in parts}
    verdicts = _verdicts()
    assert keys & verdicts.keys()
    _forge({k: [kept, 1] if k in keys else v for k, v in verdicts.items()})
    assert _proof(data).outcome == "proven"  # verdicts under what the answers say is read
    _property_an_all_of_requires_taken_away(data)
    assert (_proof(data).outcome == "proven") is (kept == "[]")


def test_an_entry_with_another_payload_is_not_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whole entries (their checksums right) that are not verdicts of the shape `Kept`
    writes: each is read as holding none, or the verdicts it holds as misses."""
    data = _document("3.0.3")
    _bad_default_through_ref(data)
    keys = _keys_asked(data, monkeypatch)
    for verdicts, run in (
        ({key: ["valid", 1] for key in keys}, 1),  # a verdict keeping something else
        ({key: [None, 1] for key in keys}, 1),
        ({key: ["", "1"] for key in keys}, 1),
        ({key: "" for key in keys}, 1),
        ({key: ["", 1] for key in keys}, "1"),
        (list(keys), 1),
    ):
        _forge(verdicts, run=run)  # type: ignore[arg-type]
        assert _proof(data).outcome != "proven", (verdicts, run)
    _forge({key: ["", 1] for key in keys})  # the shape it writes: believed
    assert _proof(data).outcome == "proven"


@pytest.mark.parametrize("after", [1, 2], ids=["the verdicts read", "the answers read"])
def test_deleting_the_cache_midway_is_safe(
    after: int, monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    data = _document("3.1.0")
    _same(_text(data))
    _edit_description(data)
    real = _store.Store.get
    read: list[str] = []

    def get(self: _store.Store, key: str) -> bytes | None:
        found = real(self, key)
        read.append(key)
        if len(read) == after:  # the run has read it, and will write it back
            shutil.rmtree(cache.parent, ignore_errors=True)
        return found

    monkeypatch.setattr(_store.Store, "get", get)
    assert _outcome(_text(data), incremental=True) == ("ok", [])
    monkeypatch.setattr(_store.Store, "get", real)
    assert len(read) >= after  # the cache really went midway
    assert _same(_text(data)) == ("ok", [])
    broken = copy.deepcopy(data)
    _bad_default_through_ref(broken)
    shutil.rmtree(cache.parent, ignore_errors=True)
    assert _same(_text(broken))[0] == "errors"


def test_no_cache_means_the_whole_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", "off")
    assert _proof(_document()).outcome == "no cache"
    assert _same(_text(_document())) == ("ok", [])


def test_the_validation_cache_validates_incrementally_above_its_threshold(
    monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    data = _document("3.1.0")
    _bad_default_through_ref(data)
    text = _text(data)
    monkeypatch.setattr(_cache, "INCREMENTAL_BYTES", 0)
    spec = _load(text)
    diagnostics = Diagnostics.for_policy(spec, True)
    found = [_fields(e) for e in _cache.validate(spec, diagnostics, lint=None)]
    spec = _load(text)
    expected = [
        _fields(e) for e in _validate.validate_spec(spec, Diagnostics.for_policy(spec, True))
    ]
    assert found == expected and found
    valid = _text(_document("3.1.0"))
    assert (
        _cache.validate(_load(valid), Diagnostics.for_policy(_load(valid), False), lint=None) == []
    )
    assert len(_verdicts()) > 10, "the verdicts of the valid document are cached"


# -- the lint rules' remembered answers -------------------------------------------------------


def _examples_document() -> dict[str, Any]:
    data = _document("3.1.0")
    schemas = data["components"]["schemas"]
    schemas["Price"] = {"type": "string"}
    schemas["Item"] = {
        "type": "object",
        "properties": {"price": {"$ref": "#/components/schemas/Price"}},
        "example": {"price": "1.00"},
    }
    media = data["paths"]["/plain"]["get"]["responses"]["200"]["content"]["application/json"]
    media["schema"] = {"$ref": "#/components/schemas/Item"}
    media["examples"] = {"one": {"value": {"price": "2.00"}}, "two": {"value": {"price": 3}}}
    return data


@pytest.mark.parametrize("lenient", [False, True])
def test_remembered_example_answers_follow_references(lenient: bool) -> None:
    data = _examples_document()
    first = _same(_text(data), lenient=lenient)
    assert any("the media type example 'two'" in str(f) for f in first[1])
    # The schema the examples are checked against changes through a reference only.
    data["components"]["schemas"]["Price"] = {"type": "integer"}
    second = _same(_text(data), lenient=lenient)
    assert second != first
    assert any("'1.00' is not of type 'integer'" in str(f) for f in second[1])
    # A description moved lines: the same findings, on their new lines.
    data["info"]["description"] = "one\ntwo\nthree\n"
    third = _same(_text(data), lenient=lenient)
    assert [f[3] for f in third[1]] != [f[3] for f in second[1]]


def test_damaged_example_answers_are_not_trusted(cache: Path) -> None:
    data = _examples_document()
    expected = _same(_text(data), lenient=True)
    entries = [p for p in (cache.parent / "examples").glob("*/*")]
    assert entries
    for path in entries:
        raw = path.read_bytes()
        path.write_bytes(raw.replace(b"is not of type", b"is fine as type"))
    assert _outcome(_text(data), incremental=True, lenient=True) == expected
    for path in entries:
        path.write_bytes(path.read_bytes()[:-5])
    assert _outcome(_text(data), incremental=True, lenient=True) == expected
    # Whole entries are believed (so the answers above really came from the cache).
    shutil.rmtree(cache.parent / "examples")
    _same(_text(data), lenient=True)
    store = _store.Store("examples", _incremental.MAX_BYTES)
    for path in (cache.parent / "examples").glob("*/*"):
        payload = store.get(path.name)
        assert payload is not None
        store.put(path.name, payload.replace(b"is not of type", b"is fine as type"))
    assert _outcome(_text(data), incremental=True, lenient=True) != expected


# -- in the pipeline ---------------------------------------------------------------------------


@pytest.mark.parametrize("parallel", [False, True], ids=["in process", "forked child"])
def test_generate_validates_incrementally(
    parallel: bool, project: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`clientgen generate` on specs above the threshold: the same package and messages, the
    parts' verdicts cached (in the forked validation child too), and a spec broken through a
    reference refused as the whole validator refuses it."""
    from generator import _pipeline

    from ..conftest import run_cli, tree_digest

    monkeypatch.setattr(_pipeline, "_PARALLEL", parallel)
    assert run_cli(project, "generate").exit_code == 0  # the manifest of this source
    before = tree_digest(project / "generated")
    whole = run_cli(project, "generate", "--force")
    assert whole.exit_code == 0, whole.output
    assert not cache.exists()
    monkeypatch.setattr(_cache, "INCREMENTAL_BYTES", 0)
    shutil.rmtree(cache.parent, ignore_errors=True)
    incremental = run_cli(project, "generate", "--force")
    assert incremental.exit_code == 0
    assert _untimed(incremental.output) == _untimed(whole.output)
    assert tree_digest(project / "generated") == before
    store = _store.Store("parts", _incremental.MAX_BYTES)
    cached = [json.loads(store.get(path.name) or b"{}") for path in cache.glob("*/*")]
    assert sum(len(entry.get("kept", ())) for entry in cached) > 10
    spec = project / "specs" / "feather.yaml"
    text = spec.read_text()
    line = "\n        is_enabled:\n          type: boolean\n"
    assert line in text
    spec.write_text(text.replace(line, line + "          default: 3\n", 1))
    broken = run_cli(project, "generate")
    monkeypatch.setattr(_cache, "INCREMENTAL_BYTES", 10**12)
    shutil.rmtree(cache.parent, ignore_errors=True)
    assert _untimed(run_cli(project, "generate").output) == _untimed(broken.output)
    assert broken.exit_code == 2 and "default" in broken.output


def _untimed(output: str) -> str:
    import re

    return re.sub(r"in [0-9.]+ s", "in ... s", output)


def _depth_checks(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[list[Any]]]:
    """From now on, for each depth check: how many places it started at (-1: the whole
    document), and the key of each."""
    checked: list[int] = []
    started: list[list[Any]] = []
    original = _incremental._check_depth

    def counting(
        data: Any, starts: Any = None, schemas: Any = None, known: Any = None
    ) -> dict[int, int]:
        checked.append(len(starts) if starts is not None else -1)
        started.append([key for _, key, _ in starts or []])
        return original(data, starts, schemas, known)

    monkeypatch.setattr(_incremental, "_check_depth", counting)
    return checked, started


def _chain(data: dict[str, Any], prefix: str, length: int, end: str) -> None:
    schemas = data["components"]["schemas"]
    for i in range(length):
        target = f"{prefix}{i + 1}" if i + 1 < length else end
        schemas[f"{prefix}{i}"] = {
            "type": "object",
            "properties": {"next": {"$ref": f"#/components/schemas/{target}"}},
        }


def test_a_chain_the_whole_run_may_not_survive_goes_whole() -> None:
    """The whole validator recurses once a schema along a chain of references, and stops
    with "refers to itself too deeply" past about 950; a part's walk skips what was proven
    before, so it could pass where the whole fails. Long chains are left to the whole run."""
    data = _document("3.0.3")
    _chain(data, "B", 30, "Leaf")
    data["paths"]["/plain"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/B0"
    }
    assert _same(_text(data)) == ("ok", [])
    assert _proof(data).outcome == "proven"
    _chain(data, "C", 30, "B0")  # C0 -> ... -> C29 -> B0 -> ... -> B29: 60 deep
    data["paths"]["/plain"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/C0"
    }
    assert _proof(data).outcome == "uncertain: a long chain of schemas"
    assert _same(_text(data)) == ("ok", [])
    deep = _document("3.1.0")
    nested: dict[str, Any] = {"type": "string"}
    for _ in range(40):
        nested = {"type": "object", "properties": {"a": nested}}
    deep["components"]["schemas"]["Deep"] = nested
    assert _proof(deep).outcome.startswith("uncertain: a deeply nested")
    assert _same(_text(deep))[0] == "ok"


def test_a_chain_grown_below_unchanged_parts_goes_whole() -> None:
    """The depth check's verdicts are kept per part under everything the part reaches: a
    path item left as it was, whose chain of schemas grows past the bound through an edit
    of the schema at its end, is checked again (cache warm) and the whole validator runs."""
    data = _document("3.0.3")
    _chain(data, "B", 30, "Leaf")
    data["components"]["schemas"]["Leaf"] = {"type": "string"}
    data["paths"]["/plain"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/B0"
    }
    assert _proof(data).outcome == "proven"
    assert _proof(data).outcome == "proven"  # every verdict from the cache
    _chain(data, "D", 30, "End")
    data["components"]["schemas"]["End"] = {"type": "string"}
    assert _proof(data).outcome == "proven"  # D is not reached by anything: 30 deep at most
    data["components"]["schemas"]["Leaf"] = {
        "type": "object",
        "properties": {"next": {"$ref": "#/components/schemas/D0"}},
    }
    assert _proof(data).outcome == "uncertain: a long chain of schemas"
    assert _same(_text(data)) == ("ok", [])


def test_depth_verdicts_are_reused_and_damaged_ones_ignored(
    monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    """A warm run checks the depth of no part again; a damaged, foreign or deleted verdict
    is a miss (the part is checked again), never a pass."""
    data = _document("3.0.3")
    _chain(data, "B", 60, "B0")  # a cycle of 60 schemas
    data["paths"]["/plain"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/B0"
    }
    assert _proof(data).outcome == "uncertain: a long chain of schemas"
    data = _document("3.0.3")
    checked, _ = _depth_checks(monkeypatch)
    assert _proof(data).outcome == "proven"
    assert checked == [-1]  # cold: the whole document at once
    assert _proof(data).outcome == "proven"
    assert checked == [-1]  # warm: nothing
    keys = _incremental.Document(data, "3.0.3", NAME).depth_keys
    code, holder, thing = (
        keys[("components", "schemas", name)] for name in ("Code", "Holder", "Thing2")
    )
    cold = _verdicts()
    assert {code, holder, thing} <= cold.keys()
    verdicts = copy.deepcopy(cold)
    verdicts[code][0] += "X"  # damaged
    verdicts["0" * 64] = verdicts.pop(holder)  # under another key
    del verdicts[thing]
    _forge(verdicts)
    assert _proof(data).outcome == "proven"
    # The three, `Thing2` with the other things on its cycle: counted from the lengths kept
    # for them, its chain would be too long (and the parts counting it checked again). Every
    # verdict is as the cold run left it.
    assert checked == [-1, 8]
    after = _verdicts()
    assert {k: after[k][0] for k in cold} == {k: v[0] for k, v in cold.items()}
    # A new property of `User`, which most schemas and parts reach: `User` is checked again,
    # then of the other parts only `/inline`, which reads it through an allOf; the rest count
    # the chain of `User`, or of the schemas that reach it, which are as long as before.
    data["components"]["schemas"]["User"]["properties"]["nick"] = {"type": "string"}
    assert _proof(data).outcome == "proven"
    assert checked == [-1, 8, 1, 1]


def test_a_proven_schema_ends_a_chain_with_its_length(monkeypatch: pytest.MonkeyPatch) -> None:
    """A component schema's depth verdict keeps the longest chain starting at it: a later
    check of the parts that reach it counts that length instead of following the chain again,
    and still finds a chain grown past the bound through it. A verdict whose length is
    damaged is a miss."""
    data = _document("3.0.3")
    _chain(data, "B", 30, "Leaf")  # B0 -> ... -> B29 -> Leaf: 31 schemas
    data["paths"]["/plain"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/B0"
    }
    assert _proof(data).outcome == "proven"
    calls: list[tuple[int, dict[int, int]]] = []
    original = _incremental._check_depth

    def spying(
        data: Any, starts: Any = None, schemas: Any = None, known: Any = None
    ) -> dict[int, int]:
        calls.append((len(starts) if starts is not None else -1, dict(known or {})))
        return original(data, starts, schemas, known)

    monkeypatch.setattr(_incremental, "_check_depth", spying)
    b0 = id(data["components"]["schemas"]["B0"])
    _chain(data, "C", 10, "B0")  # C0 -> ... -> C9 -> B0: 41 schemas, within the bound
    data["paths"]["/plain"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/C0"
    }
    assert _proof(data).outcome == "proven"
    assert calls[-1][1][b0] == 31  # B0's chain counted, not walked again
    assert _same(_text(data)) == ("ok", [])
    _chain(data, "C", 20, "B0")  # 51 schemas: past the bound, through the proven B0
    assert _proof(data).outcome == "uncertain: a long chain of schemas"
    assert calls[-1][1][b0] == 31
    assert _same(_text(data)) == ("ok", [])

    data = _document("3.0.3")
    _chain(data, "B", 30, "Leaf")
    assert _proof(data).outcome == "proven"
    calls.clear()
    document = _incremental.Document(data, "3.0.3", NAME)
    assert calls == []  # every part's depth proven before
    key = document.depth_keys[("components", "schemas", "B0")]
    verdicts = _verdicts()
    assert verdicts[key][0] == "31"
    verdicts[key][0] = "3x"  # a whole entry, a damaged verdict
    _forge(verdicts)
    assert _proof(data).outcome == "proven"
    b0 = id(data["components"]["schemas"]["B0"])
    assert calls and calls[-1][0] == 1 and b0 not in calls[-1][1]  # B0 checked again
    assert _verdicts()[key][0] == "31"


def test_a_schema_pointing_into_another_keeps_depth_verdicts_by_reach(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When a component schema refers below another's root, the schemas' depth verdicts are
    kept under all they reach: an edit at the end of a chain through the pointer checks
    every schema on it again, and a chain grown past the bound is found."""
    data = _document("3.0.3")
    schemas = data["components"]["schemas"]
    schemas["Via"] = {
        "type": "object",
        "properties": {"x": {"$ref": "#/components/schemas/Holder/properties/inner"}},
    }
    media = data["paths"]["/plain"]["get"]["responses"]["200"]["content"]["application/json"]
    media["schema"] = {"$ref": "#/components/schemas/Via"}
    _chain(data, "B", 30, "Leaf")
    schemas["Holder"]["properties"]["inner"]["properties"] = {
        "b": {"$ref": "#/components/schemas/B0"}
    }
    assert _same(_text(data)) == ("ok", [])
    checked, started = _depth_checks(monkeypatch)
    assert _proof(data).outcome == "proven"
    assert checked == []  # warm
    schemas["Leaf"] = {"type": "string", "description": "edited"}
    assert _proof(data).outcome == "proven"
    # `Leaf`, the 30 schemas of the chain, `Holder`, `Via` and the six things; then of the
    # other parts `/inline`, which points into `Holder`.
    assert checked == [39, 1]
    assert started[-1] == ["/inline"]
    _chain(data, "D", 20, "End")
    schemas["End"] = {"type": "string"}
    schemas["Leaf"] = {"type": "object", "properties": {"d": {"$ref": "#/components/schemas/D0"}}}
    assert _proof(data).outcome == "uncertain: a long chain of schemas"
    assert _same(_text(data)) == ("ok", [])


def test_verdicts_drop_the_least_recently_used_beyond_their_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A document's entry keeps at most `KEPT` verdicts: those asked for or added by the
    latest runs stay, the others go first."""
    monkeypatch.setattr(_incremental, "KEPT", 3)
    first = _incremental.Kept("parts", NAME)
    for key in ("a", "b", "c"):
        first.put(key)
    first.save()
    second = _incremental.Kept("parts", NAME)
    assert second.get("a") == "" and second.get("z") is None
    second.put("d", "7")
    second.save()
    third = _incremental.Kept("parts", NAME)
    assert [third.get(key) for key in ("a", "b", "c", "d")] == ["", "", None, "7"]
    assert len(_verdicts()) == 3


def test_an_edit_rechecks_only_the_examples_whose_schema_reaches_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each remembered answer is keyed by the schema the value is checked against and what
    that schema reaches, not by the whole part: after `Price` changes, the examples of a
    schema that does not reach it, in the same path item, are not checked again."""
    from generator import _lint

    data = _examples_document()
    data["components"]["schemas"]["Other"] = {
        "type": "object",
        "properties": {"n": {"type": "integer"}},
    }
    responses = data["paths"]["/plain"]["get"]["responses"]
    responses["201"] = {
        "description": "other",
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Other"},
                "examples": {"a": {"value": {"n": 1}}, "b": {"value": {"n": "x"}}},
            }
        },
    }
    before = _same(_text(data), lenient=True)
    assert any("the media type example 'b'" in str(f) for f in before[1])
    checked: list[tuple[str | int, ...]] = []
    real = _lint._ExampleChecker.problem

    def problem(self: Any, schema_parts: Any, value: Any) -> str | None:
        checked.append(tuple(schema_parts))
        return real(self, schema_parts, value)

    monkeypatch.setattr(_lint._ExampleChecker, "problem", problem)
    assert _outcome(_text(data), incremental=True, lenient=True) == before
    assert checked == []  # every answer remembered
    data["components"]["schemas"]["Price"] = {"type": "integer"}
    after = _outcome(_text(data), incremental=True, lenient=True)
    media = ("paths", "/plain", "get", "responses")
    assert sorted(set(checked), key=str) == sorted(
        {
            ("components", "schemas", "Item"),
            (*media, "200", "content", "application/json", "schema"),
        },
        key=str,
    )
    monkeypatch.setattr(_lint._ExampleChecker, "problem", real)
    assert after == _outcome(_text(data), incremental=False, lenient=True)
