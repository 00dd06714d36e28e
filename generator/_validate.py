"""Check that a loaded spec is an OpenAPI 3.0/3.1 document we can read, before anything else."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ._errors import SpecError, SpecErrors
from ._refs import DATA_KEYWORDS, MISSING, node_at, resolve_ref
from ._shape import check_shapes, kind_of

if TYPE_CHECKING:
    from ._lint import Severity
    from ._load import LoadedSpec
    from .parse import Diagnostics

MAX_REPORTED = 20


def validate_spec(
    spec: LoadedSpec,
    diagnostics: Diagnostics | None = None,
    *,
    lint: Mapping[str, Severity] | None = None,
    incremental: bool = False,
) -> list[SpecError]:
    """Validate `spec` and run the lint rules (severities from `lint`, else each rule's default).

    Returns the warnings: lint findings of severity "warning", and in lenient mode every problem.
    Raises SpecErrors for errors otherwise. Structural faults that make the document unreadable
    (no `openapi`, an unsupported version, a list or null where an object belongs, a `$ref`
    that points nowhere or outside the document) are errors even in lenient mode.
    """
    left_out = check_document(spec, diagnostics)
    return check_content(spec, left_out, diagnostics, lint=lint, incremental=incremental)


def check_document(spec: LoadedSpec, diagnostics: Diagnostics | None = None) -> list[SpecError]:
    """The first, quick half of `validate_spec`: the version, the shape of every OpenAPI object
    and the references. Raises SpecErrors for what makes the document unreadable; returns the
    malformed keywords that lenient mode has left out of `spec` (it edits `spec.data`, so this
    half runs in the process that goes on to build the IR)."""
    _check_version(spec)
    fatal, left_out = check_shapes(spec, diagnostics)
    fatal = fatal or list(_check_refs(spec))
    if fatal:
        raise SpecErrors(fatal[:MAX_REPORTED])
    return left_out


def check_content(
    spec: LoadedSpec,
    left_out: list[SpecError],
    diagnostics: Diagnostics | None = None,
    *,
    lint: Mapping[str, Severity] | None = None,
    incremental: bool = False,
) -> list[SpecError]:
    """The second half of `validate_spec`, on a document `check_document` has passed: the
    schema of OpenAPI itself (openapi-spec-validator) and the lint rules.

    `incremental`: openapi-spec-validator runs on the whole document only when `_incremental`
    cannot prove it valid part by part (same findings either way)."""
    from .parse import Diagnostics

    policy = diagnostics if diagnostics is not None else Diagnostics.strict(spec)
    data = spec.data
    version = _check_version(spec)
    examples = None
    if incremental:
        from . import _incremental

        document = _incremental.analyse(data, version, name=spec.path.name)
        found = _incremental.schema_errors(spec, version, _schema_errors, document)
        examples = _incremental.ExampleMemo(document) if document is not None else None
    else:
        found = _schema_errors(spec, version)
    problems = policy.settle(left_out + found, MAX_REPORTED)
    if "paths" not in data and "webhooks" not in data and "components" not in data:
        raise SpecErrors([spec.error([], "the document has no `paths`", "add a `paths` object")])
    from ._lint import lint_spec

    findings = lint_spec(spec, lint, examples=examples)
    if examples is not None:
        examples.save()
    policy.settle([f for f in findings if f.severity == "error"], MAX_REPORTED)
    return problems + findings


def _check_version(spec: LoadedSpec) -> str:
    data = spec.data
    if "swagger" in data:
        raise spec.error(
            ["swagger"],
            f"this is a Swagger {data.get('swagger')} document; only OpenAPI 3.0 and 3.1 are read",
            hint="convert it to OpenAPI 3 first (e.g. with swagger2openapi)",
        )
    version = data.get("openapi")
    if version is None:
        raise spec.error(
            [], "the document has no `openapi` version field", "start it with `openapi: 3.1.0`"
        )
    if not isinstance(version, str) or not version.startswith(("3.0.", "3.1.")):
        raise spec.error(
            ["openapi"],
            f"unsupported OpenAPI version {version!r}",
            hint="use 3.0.x or 3.1.x (quote it in YAML: openapi: '3.1.0')",
        )
    if "info" not in data:
        raise spec.error(
            [], "the document has no `info` object", "add `info: {title: ..., version: ...}`"
        )
    if not isinstance(data["info"], dict):
        raise spec.error(
            ["info"],
            f"`info` must be an object (a mapping), not {kind_of(data['info'])}",
            "write `info: {title: ..., version: ...}`",
        )
    return version


def _check_refs(spec: LoadedSpec) -> Iterator[SpecError]:
    """Every $ref must be local (`#/...`) and point at something."""
    for parts, ref in _iter_refs(spec.data):
        where = [*parts, "$ref"]
        if not isinstance(ref, str):
            yield spec.error(where, "`$ref` must be a string")
            continue
        if ref.startswith(("http://", "https://", "//")):
            yield spec.error(
                where,
                f"remote reference {ref!r} is not fetched",
                "bundle the spec into one file (e.g. `redocly bundle`) so nothing is downloaded",
            )
            continue
        if not ref.startswith("#"):
            yield spec.error(
                where,
                f"reference to another file {ref!r} is not followed",
                "bundle the spec into one file; clientgen reads nothing outside the document",
            )
            continue
        target = resolve_ref(spec.data, ref)
        if target is MISSING:
            yield spec.error(
                where,
                f"`$ref` {ref!r} points to nothing in this document",
                "fix the reference, or add the definition it names",
            )
            continue
        chain = [ref]
        while isinstance(target, dict) and isinstance(target.get("$ref"), str):
            nxt = target["$ref"]
            if nxt in chain:
                yield spec.error(
                    where,
                    f"`$ref` {ref!r} refers to itself ({' -> '.join([*chain, nxt])})",
                    "point the reference at a real definition",
                )
                break
            chain.append(nxt)
            target = resolve_ref(spec.data, nxt)


# Keywords whose value maps names to schemas: a key `$ref` there names a property.
_NAME_MAPS = ("properties", "patternProperties")


def _iter_refs(data: Any) -> Iterator[tuple[list[str | int], Any]]:
    # (node, where, whether the node maps property names to schemas)
    stack: list[tuple[Any, list[str | int], bool]] = [(data, [], False)]
    while stack:
        node, parts, names = stack.pop()
        if isinstance(node, dict):
            if "$ref" in node and not names:
                yield parts, node["$ref"]
            for key, value in node.items():
                if not names and key in DATA_KEYWORDS:
                    continue  # data, not schema: a "$ref" key there is just a value
                if isinstance(value, dict | list):
                    stack.append((value, [*parts, str(key)], not names and key in _NAME_MAPS))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                if isinstance(item, dict | list):
                    stack.append((item, [*parts, i], False))


def _schema_errors(spec: LoadedSpec, version: str) -> list[SpecError]:
    from referencing.exceptions import Unresolvable

    validator_cls = _validator_class(version)
    errors: list[SpecError] = []
    try:
        for err in validator_cls(spec.data).iter_errors():
            parts = _locate(spec.data, err)
            message = _without_dump(getattr(err, "message", None) or str(err), err)
            errors.append(spec.error(parts, _shorten(message), _hint(err)))
            if len(errors) >= MAX_REPORTED:
                break
    except Unresolvable as exc:
        errors.append(spec.error([], f"a reference cannot be resolved: {exc}", "fix the reference"))
    except RecursionError:
        errors.append(
            spec.error(
                [],
                "the document refers to itself too deeply to validate",
                "look for schemas that are themselves through $ref/allOf with no property in between",
            )
        )
    except Exception as exc:  # the validator fails on shapes it does not expect
        errors.append(
            spec.error(
                [],
                f"openapi-spec-validator cannot read this document ({type(exc).__name__}: {_shorten(str(exc), 120)})",
                "look for a list, a string or null where the OpenAPI specification expects an object",
            )
        )
    return errors


class _IdList(list[int]):
    """A list of ids whose `in` is a set lookup."""

    def __init__(self) -> None:
        super().__init__()
        self._index: set[int] = set()

    def append(self, item: int) -> None:
        self._index.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._index


def _validator_class(version: str) -> Any:
    """openapi-spec-validator's validator for `version`, with its schema checker made linear.

    That checker remembers the schemas it has visited in plain lists and looks each new one up
    by scanning them: quadratic in the number of schemas, about half of the time spent on a
    spec of GitHub's size. Here the lists are indexed; what is checked, and every error, stay
    the same (a test compares the two on real specs).
    """
    OpenAPIV30SpecValidator, OpenAPIV31SpecValidator = _import_validators()
    base = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    return _linear(base)


@functools.cache
def _import_validators() -> tuple[type, type]:
    """openapi-spec-validator's two validator classes, imported without `requests`.

    Its path library imports `requests` only to fetch remote documents over HTTP, and falls
    back to the standard library when `requests` is not installed. Nothing remote is ever
    fetched here (remote and cross-file references are refused before validation), so the
    import, a fifth of the validator's start-up, is skipped: `requests` reads as absent while
    the validator is imported, then is importable again as before.
    """
    import sys

    absent = "requests" not in sys.modules
    if absent:
        sys.modules["requests"] = None  # type: ignore[assignment]  # "not installed"
    try:
        from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    finally:
        if absent and sys.modules.get("requests", ...) is None:
            del sys.modules["requests"]
    quick_subnodes()
    return OpenAPIV30SpecValidator, OpenAPIV31SpecValidator


def quick_subnodes() -> bool:
    """Make the validator's path library step into a dict or a list without its protocol
    check; True when that step is the quick one (now or already).

    Every step of openapi-spec-validator's walk (pathable's `SubscriptableAccessor.
    _get_subnode`) first asks `isinstance(node, Subscriptable)`, a runtime-checkable
    protocol, which Python 3.11 answers by listing the protocol's members again each time:
    about 40% of the validator's time on a large spec (GitHub's: 1.8 s to 1.1 s). A dict and
    a list always pass that check, so for them the step goes straight to `node[part]`, with
    the same errors; any other node takes the library's own step. When the library's step is
    not the classmethod this expects (another version), it is left alone.
    """
    from pathable import accessors

    current = accessors.SubscriptableAccessor.__dict__.get("_get_subnode")
    if not isinstance(current, classmethod):
        return False
    if getattr(current.__func__, "_quick", False):
        return True
    library_step = current.__func__

    def _get_subnode(cls: Any, node: Any, part: Any) -> Any:
        if type(node) is dict or type(node) is list:
            try:
                return node[part]
            except (KeyError, IndexError, TypeError) as exc:
                raise KeyError(part) from exc
        return library_step(cls, node, part)

    _get_subnode._quick = True  # type: ignore[attr-defined]
    _get_subnode.library_step = library_step  # type: ignore[attr-defined]
    accessors.SubscriptableAccessor._get_subnode = classmethod(_get_subnode)  # type: ignore[assignment]
    return True


@functools.cache
def _linear(base: type) -> type:
    checker = base.keyword_validators.get("schema")  # type: ignore[attr-defined]
    if checker is None:
        return base

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        checker.__init__(self, *args, **kwargs)
        for attr in ("visited_schema_ids", "meta_checked_schema_ids"):
            if type(getattr(self, attr, None)) is list and not getattr(self, attr):
                setattr(self, attr, _IdList())

    first_pass = _meta_first_pass(checker)

    def _validate_schema_meta(self: Any, schema: Any, schema_value: Any) -> Any:
        if first_pass is not None and first_pass(self, schema, schema_value):
            return None  # what the meta-schema check would answer, found quicker
        return checker._validate_schema_meta(self, schema, schema_value)

    linear_checker = type(
        checker.__name__,
        (checker,),
        {"__init__": __init__, "_validate_schema_meta": _validate_schema_meta},
    )
    keywords = {**base.keyword_validators, "schema": linear_checker}  # type: ignore[attr-defined]
    attributes: dict[str, Any] = {"keyword_validators": keywords}
    version = {"OpenAPIV30SpecValidator": "3.0", "OpenAPIV31SpecValidator": "3.1"}.get(
        base.__name__
    )
    if version is not None:
        attributes["schema_validator"] = _DocumentCheck(version)
    return type(base.__name__, (base,), attributes)


class _DocumentCheck:
    """The validator's check of the whole document against the OpenAPI schema, with
    jsonschema, as its default backend runs it; a document that jsonschema-rs (a Rust
    implementation of JSON Schema, in a few milliseconds instead of seconds) finds valid is not
    checked again. jsonschema-rs only answers "valid": any finding, and any document holding
    what the two might compare differently (a float with no fraction, an integer beyond 64
    bits, a value of a type JSON does not have), goes to jsonschema, so the findings stay its
    own."""

    def __init__(self, version: str) -> None:
        from jsonschema.validators import validator_for  # type: ignore[import-untyped]
        from openapi_spec_validator.schemas.utils import get_schema_content

        self._schema: Any = get_schema_content(version)
        self._jsonschema = validator_for(self._schema)(self._schema)
        self._rs: Any = None

    @property
    def _quick(self) -> Any:
        """jsonschema-rs's validator (imported on first use), or None without it."""
        if self._rs is None:
            try:
                import jsonschema_rs

                self._rs = jsonschema_rs.validator_for(self._schema, validate_formats=False)
            except Exception:  # not installed, or cannot read the schema: jsonschema alone
                self._rs = False
        return self._rs or None

    def quickly_valid(self, instance: Any) -> bool:
        """True when jsonschema-rs finds `instance` valid (and jsonschema would too); False
        when it finds a fault or cannot tell, or when `instance` is small enough for
        jsonschema to check in a few milliseconds."""
        nodes = _plain_json(instance)
        if nodes < self.QUICK_ABOVE or self._quick is None:
            return False
        try:
            return bool(self._quick.is_valid(instance))
        except Exception:  # a value it cannot read: jsonschema decides
            return False

    def iter_errors(self, instance: Any) -> Iterator[Any]:
        if self.quickly_valid(instance):
            return iter(())
        return iter(self._jsonschema.iter_errors(instance))

    def __getattr__(self, name: str) -> Any:
        """Everything else is jsonschema's validator's (`schema`, `descend`, ...)."""
        return getattr(self._jsonschema, name)

    # Documents of fewer values than this are left to jsonschema (about 20 ms of its time).
    QUICK_ABOVE = 5000


def _plain_json(data: Any) -> int:
    """The number of values in `data` when it holds only what both implementations compare
    alike (objects with string keys, arrays, strings, booleans, null, integers within 64 bits,
    floats with a fraction); -1 when it holds anything else."""
    stack = [data]
    count = 0
    while stack:
        node = stack.pop()
        count += 1
        kind = type(node)
        if kind is dict:
            if not all(type(key) is str for key in node):
                return -1
            stack.extend(node.values())
        elif kind is list:
            stack.extend(node)
        elif kind is int:
            if not -(2**63) <= node < 2**64:
                return -1
        elif kind is float:
            if node.is_integer() or node != node or node in (float("inf"), float("-inf")):
                return -1
        elif kind not in (str, bool) and node is not None:
            return -1
    return count


def _meta_first_pass(checker: type) -> Callable[[Any, Any, Any], bool] | None:
    """`_metacheck`'s first pass for the schema checker `checker` (None when it has none):
    a function of (checker, schema path, schema) that is True when the meta-schema check
    would find nothing."""
    from openapi_schema_validator import OAS31_BASE_DIALECT_ID, OAS30Validator
    from openapi_spec_validator.validation import keywords

    from . import _metacheck

    if issubclass(checker, keywords.OpenAPIV30SchemaValidator):
        draft4 = _metacheck.draft4(_regex_check(OAS30Validator.FORMAT_CHECKER))
        return lambda _self, _schema, value: draft4(value)
    if issubclass(checker, keywords.OpenAPIV31SchemaValidator) and not issubclass(
        checker, keywords.OpenAPIV32SchemaValidator
    ):
        oas31 = _metacheck.oas31(_regex_check(checker.schema_validator_format_checker))

        def first_pass(self: Any, schema: Any, value: Any) -> bool:
            try:
                dialect = self._get_schema_dialect_id(schema, value)
            except ValueError:
                return False
            return bool(dialect == OAS31_BASE_DIALECT_ID and oas31(value))

        return first_pass
    return None


def _regex_check(format_checker: Any) -> Callable[[str], bool]:
    """The validator's own check of the `regex` format."""
    return lambda value: bool(format_checker.conforms(value, "regex"))


_HINTS = {
    "required": "add the missing field",
    "additionalProperties": "remove or rename the unexpected field (vendor extensions start with `x-`)",
    "unevaluatedProperties": "remove or rename the unexpected field (vendor extensions start with `x-`)",
    "type": "change the value to the type the specification expects here",
    "enum": "use one of the values the specification allows here",
    "const": "use the value the specification requires here",
    "format": "write the value in the format its schema declares, or drop the format",
    "pattern": "rename it to match the pattern",
    "minItems": "add at least one entry",
    "oneOf": "this object matches none (or more than one) of the shapes allowed here; compare it with the OpenAPI specification",
    "anyOf": "this object matches none of the shapes allowed here; compare it with the OpenAPI specification",
}


def _hint(err: Any) -> str:
    validator = getattr(err, "validator", None)
    if type(err).__name__ == "DuplicateOperationIDError":
        return "operationIds must be unique; rename one"
    if type(err).__name__ in (
        "ParameterDuplicateError",
        "ExtraParametersError",
        "UnresolvableParameterError",
    ):
        return "declare every path template parameter once, with `in: path` and `required: true`"
    return _HINTS.get(
        str(validator), "fix the value at this pointer; run `clientgen validate` to check"
    )


def _locate(data: Any, err: Any) -> list[str | int]:
    """Where in the document an error is.

    The validator checks schemas, defaults and examples one by one, so their errors carry a path
    relative to the piece checked. Find the node the relative path leads from, in document
    order; fall back to the path as given.
    """
    relative = list(getattr(err, "absolute_path", None) or [])
    instance = getattr(err, "instance", None)
    if not relative and getattr(err, "validator", None) not in ("type", "format", "enum", "const"):
        return relative
    if relative and relative[0] in (
        "openapi",
        "info",
        "paths",
        "components",
        "servers",
        "security",
        "tags",
        "webhooks",
    ):
        return relative
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        node, parts = stack.pop()
        if isinstance(node, dict):
            if relative:
                found = node_at(node, relative)
                if found is not MISSING and found == instance:
                    return [*parts, *relative]
            elif "default" in node and _same(node["default"], instance):
                return [*parts, "default"]
            children = list(node.items())
        elif isinstance(node, list):
            children = list(enumerate(node))
        else:
            continue
        for key, value in reversed(children):
            if isinstance(value, dict | list):
                stack.append((value, [*parts, key]))
    return relative


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _without_dump(message: str, err: Any) -> str:
    """The validator's message without the Python text of the object it is about (which
    can run to pages): `{'a': ...} is not valid under ...` becomes `this object is not valid
    under ...`; the pointer says which object."""
    instance = getattr(err, "instance", None)
    if isinstance(instance, dict | list):
        shown = repr(instance)
        if message.startswith(shown):
            kind = "object" if isinstance(instance, dict) else "list"
            return f"this {kind}{message[len(shown) :]}"
    return message


def _shorten(message: str, limit: int = 300) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"
