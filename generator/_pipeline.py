"""The whole pipeline: specs in, the package's files (formatted, with manifest) out."""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import _cache, _fingerprint, _output
from ._config import Settings, templates_dir
from ._errors import SpecError, SpecErrors, error_list

if TYPE_CHECKING:
    from ._ir import Api
    from ._load import LoadedSpec
    from ._model_worker import ModelWorker
    from .parse import Diagnostics

Progress = Callable[[str], None]
_T = TypeVar("_T")


@dataclass
class ApiOutcome:
    slug: str
    spec: str
    status: str  # "generated" or "unchanged"
    operations: int = 0
    models: int = 0
    warnings: list[str] = field(default_factory=list)
    left_out: int = 0  # component schemas no operation uses, not generated


@dataclass
class BuildResult:
    files: dict[str, bytes]
    apis: list[ApiOutcome]
    timings: dict[str, float]


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def read_specs(settings: Settings) -> dict[str, tuple[Path, bytes]]:
    """The spec files by API slug; two specs for one slug are an error."""
    specs: dict[str, tuple[Path, bytes]] = {}
    for path in settings.spec_files():
        slug = settings.vendor(path).slug
        if slug in specs:
            raise SpecError(
                display_path(path, settings.root),
                f"this spec and {specs[slug][0].name} both make the subpackage {slug!r}",
                hint="rename one of them",
            )
        try:
            specs[slug] = (path, path.read_bytes())
        except OSError as exc:
            raise SpecError(
                display_path(path, settings.root), f"cannot read the file: {exc.strerror}"
            ) from None
    return specs


def up_to_date(settings: Settings) -> bool:
    """True when the manifest says the output was made from exactly these inputs and the files
    on disk are untouched. Reads no spec beyond hashing it."""
    manifest = _output.read_manifest(settings.output_dir)
    if manifest is None:
        return False
    specs = {slug: data for slug, (_, data) in read_specs(settings).items()}
    if manifest.get("inputs") != _fingerprint.inputs(settings, templates_dir(), specs):
        return False
    return _output.disk_matches_manifest(settings.output_dir, manifest)


def build(
    settings: Settings,
    *,
    progress: Progress | None = None,
    stage: Progress | None = None,
    reuse: bool = True,
) -> BuildResult:
    """Generate every file of the package in memory.

    An API whose inputs are unchanged since the manifest was written, and whose files on disk
    are untouched, is not regenerated: its files are taken from disk.
    """
    from . import _splice

    try:
        return _build(settings, progress=progress, stage=stage, reuse=reuse)
    finally:
        _splice.wait()  # the last models being remembered, in a fork
        gc.unfreeze()  # what the build froze is the collector's again


def _build(
    settings: Settings,
    *,
    progress: Progress | None,
    stage: Progress | None,
    reuse: bool,
) -> BuildResult:
    from . import _model_worker
    from ._format import format_files
    from ._load import load_spec
    from ._models import start_models
    from ._render import Renderer
    from ._split import SPLIT_ABOVE, cached_split
    from ._validate import check_document
    from .parse import Diagnostics, build_api

    timings: dict[str, float] = {}

    def timed(stage: str, start: float) -> None:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start

    say = progress or (lambda _message: None)
    show_stage = stage or (lambda _message: None)
    specs = read_specs(settings)
    templates = templates_dir()
    inputs = _fingerprint.inputs(settings, templates, {s: d for s, (_, d) in specs.items()})
    previous = _output.read_manifest(settings.output_dir) if reuse else None
    previous_apis: dict[str, Any] = (previous or {}).get("apis", {}) if previous else {}
    previous_inputs: dict[str, Any] = (
        (previous or {}).get("inputs", {}).get("apis", {}) if previous else {}
    )
    on_disk = _output.disk_files(settings.output_dir) if previous else {}

    renderer = Renderer(settings)
    apis: list[Api] = []
    outcomes: list[ApiOutcome] = []
    to_format: dict[str, str] = {}
    formatted: dict[str, bytes] = {}  # formatted already
    kept: dict[str, bytes] = {}
    by_api: dict[str, list[str]] = {}  # the files each API wrote, for reuse next time
    errors: list[SpecError] = []
    # Specs are validated in the background; their results are collected at the end.
    validating: list[tuple[ApiOutcome, _BackgroundValidation]] = []
    # The model generator runs in a child (see _model_worker), forked as the command started,
    # its import then paid while this process reads the spec and builds the IR.
    worker: ModelWorker | None = _model_worker.take()
    try:
        for slug, (path, data) in specs.items():
            shown = display_path(path, settings.root)
            vendor = settings.vendor(path)
            reusable = _reusable_files(
                slug, previous_apis, previous_inputs, inputs, on_disk, previous
            )
            if reusable is None and worker is None and _PARALLEL and _model_worker.USABLE:
                _import_shared()
                # Not started early (build called directly): its import overlaps the IR.
                worker = _model_worker.ModelWorker()
            try:
                show_stage(f"{shown}: reading")
                start = time.perf_counter()
                spec = load_spec(path, shown, data)
                timed("load", start)
                # The spec's data (millions of objects on a large spec, none of them in a
                # reference cycle) is left out of the garbage collector's full passes, which
                # would otherwise walk it again and again while the IR and models are built.
                gc.freeze()
                # One policy for every stage: problems are errors, or warnings with --lenient.
                diagnostics = Diagnostics.for_policy(spec, settings.lenient)
                warnings: list[str] = []
                background: _BackgroundValidation | None = None
                if reusable is None:
                    show_stage(f"{shown}: validating")
                    start = time.perf_counter()
                    cached = _cache.lookup(spec, diagnostics, lint=settings.lint)
                    if cached is not None:
                        if diagnostics.is_lenient:  # leaves the malformed keywords out of the spec
                            check_document(spec, diagnostics)
                        warnings += [str(w) for w in cached]
                    elif len(data) >= PARALLEL_VALIDATION_BYTES and _PARALLEL:
                        background = _validate_in_background(
                            spec, diagnostics, settings, worker.ready if worker else None
                        )
                    else:
                        warnings += [
                            str(w) for w in _cache.validate(spec, diagnostics, lint=settings.lint)
                        ]
                    timed("validate", start)
                start = time.perf_counter()
                try:
                    api = build_api(
                        spec, vendor, diagnostics=diagnostics, all_models=settings.all_models
                    )
                except Exception:
                    if background is not None:
                        # The shape's errors, else the validation's, explain the failure better.
                        background.checked().result()
                    raise
                timed("ir", start)
                gc.freeze()  # and the IR, likewise
            except (SpecError, SpecErrors) as exc:
                errors.extend(error_list(exc))
                continue
            warnings += list(api.warnings)
            if reusable is not None:
                kept.update(reusable)
                by_api[slug] = sorted(reusable)
                apis.append(api)
                outcomes.append(
                    ApiOutcome(
                        slug,
                        shown,
                        "unchanged",
                        len(api.all_operations),
                        len(api.model_names),
                        warnings,
                        api.left_out,
                    )
                )
                say(f"{shown}: unchanged")
                continue
            show_stage(
                f"{shown}: writing {len(api.model_names)} models and {len(api.all_operations)} operations"
            )
            start = time.perf_counter()
            client: dict[str, str] | None = None
            try:
                job = start_models(api, settings.import_name, worker)
                if background is not None:
                    try:
                        background.checked()
                    except (SpecError, SpecErrors):
                        background = None  # stopped: the shape's errors are the answer
                        raise
                if job.in_background:
                    # The clients do not depend on the models: they are rendered and formatted
                    # while the worker makes the models (with the models when it is done: one
                    # run of the formatter instead of two).
                    client = _rendered(background, renderer.client_files, api)
                    timed("render", start)
                    start = time.perf_counter()
                    if job.ready():
                        to_format.update(client)
                    else:
                        project = renderer.project_file()
                        early = format_files({**client, **project})
                        formatted.update({rel: early[rel] for rel in client})
                        timed("format", start)
                        start = time.perf_counter()
                models = job.result()
            except (SpecError, SpecErrors) as exc:
                failure: SpecError | SpecErrors = exc
                if background is not None:
                    try:
                        background.checked().result()
                    except (SpecError, SpecErrors) as invalid:
                        failure = invalid  # explains the failure better
                errors.extend(error_list(failure))
                continue
            timed("models", start)
            classes = models.classes
            roots = set(api.model_names)  # the schemas the IR named, before the generator's own
            api = replace(api, model_names=classes)
            start = time.perf_counter()
            split = (
                _rendered(
                    background, cached_split, models.source, classes, roots, models.taken_apart
                )
                if len(classes) > SPLIT_ABOVE
                else None
            )
            model_files = _rendered(background, renderer.model_files, api, models.source, split)
            if client is None:
                client = _rendered(background, renderer.client_files, api)
                to_format.update(client)
            to_format.update(model_files)
            by_api[slug] = sorted({*client, *model_files})
            timed("render", start)
            apis.append(api)
            outcome = ApiOutcome(
                slug,
                shown,
                "generated",
                len(api.all_operations),
                len(classes),
                warnings,
                api.left_out,
            )
            outcomes.append(outcome)
            if background is not None:
                validating.append((outcome, background))
            say(f"{shown}: {len(api.all_operations)} operations, {len(classes)} models")
    finally:
        if worker is not None:
            worker.close()
    if errors:
        _collect(validating, errors)
        raise SpecErrors(errors)

    start = time.perf_counter()
    to_format.update(renderer.package_files(apis))
    timed("render", start)
    show_stage(f"formatting {len(to_format)} files")
    start = time.perf_counter()
    files = {**kept, **formatted, **format_files(to_format)}
    timed("format", start)
    start = time.perf_counter()
    _collect(validating, errors, timings)
    timed("validate (wait)", start)
    if errors:
        raise SpecErrors(errors)

    manifest = {
        "generator": "clientgen",
        "inputs": inputs,
        "apis": by_api,
        "files": {rel: _output.sha256(data) for rel, data in sorted(files.items())},
    }
    files[_output.MANIFEST] = _output.manifest_bytes(manifest)
    return BuildResult(files=files, apis=outcomes, timings=timings)


# Specs at least this large (all of them) are validated in a forked child while the parent
# builds the IR and the models: the two biggest costs, each mostly the import of a large
# library on a small spec (openapi-spec-validator, datamodel-code-generator), then share the
# machine's cores. On one core, or without fork, validation runs in the parent first.
PARALLEL_VALIDATION_BYTES = 0
_PARALLEL = (os.cpu_count() or 1) > 1 and hasattr(os, "fork")


# What both sides of a fork import: the validator's settings and the model generator (in its
# child, _model_worker) are pydantic models. About 0.1 s of CPU, which the child would otherwise pay again.
_SHARED_IMPORTS = (
    "pydantic.main",
    "pydantic.fields",
    "pydantic.dataclasses",
    "pydantic.functional_validators",
    "pydantic.json_schema",
    "pydantic.root_model",
)


def _rendered(
    background: _BackgroundValidation | None, render: Callable[..., _T], *args: Any
) -> _T:
    """`render(*args)`; when it fails and the spec is being validated, the validation's error
    explains the failure better: it is raised instead, if there is one."""
    try:
        return render(*args)
    except Exception:
        if background is not None:
            background.result()
        raise


def _import_shared() -> None:
    """Import what both sides of a fork use, once, before it, instead of once on each side."""
    import importlib

    for module in _SHARED_IMPORTS:
        importlib.import_module(module)


def _validate_in_background(
    spec: LoadedSpec, diagnostics: Diagnostics, settings: Settings, after: Any
) -> _BackgroundValidation:
    """Start validating `spec` in a child; the document's shape is checked in this process,
    which goes on to build the IR.

    Lenient mode leaves malformed keywords out of the spec, so the shape is checked here
    first. Strict mode leaves nothing out and changes nothing (it raises instead): the child
    starts at once, and the caller checks the shape later (`checked`), once the schemas are
    on their way to the model generator, off the path to the models. The child's result is
    cached only once the shape is found sound here, and a child whose document fails here is
    stopped. The child waits for `after` (the model generator's import, which is on the way
    to the models: the two would share a core otherwise)."""
    from ._validate import check_document

    if diagnostics.is_lenient:
        left_out = check_document(spec, diagnostics)
        return _BackgroundValidation(spec, left_out, diagnostics, settings, after=after)
    return _BackgroundValidation(spec, [], diagnostics, settings, after=after, confirmed_later=True)


class _BackgroundValidation:
    """`validate_spec` run in a forked child; `result()` returns its warnings or raises."""

    def __init__(
        self,
        spec: LoadedSpec,
        left_out: list[SpecError],
        diagnostics: Diagnostics,
        settings: Settings,
        after: Any = None,
        confirmed_later: bool = False,
    ) -> None:
        """`after`, an event, holds the validation back until it is set (`result()` sets it).
        `confirmed_later`: the child caches its result only after `confirm()`."""
        import multiprocessing

        _import_shared()
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._spec = spec
        self._diagnostics = diagnostics
        self._after = after
        # The parent's verdict on the document's shape, sent once (True: the child may
        # cache its result); the pipe closed without one tells the child none will come.
        verdict: Any = None
        self._verdict: Any = None
        if confirmed_later:
            verdict, self._verdict = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_validate_child,
            args=(spec, left_out, diagnostics, settings.lint, send, after, verdict),
            daemon=True,
        )
        self._process.start()
        send.close()
        if verdict is not None:
            verdict.close()
        self.seconds = 0.0  # how long the child validated (known once `result()` returns)

    def checked(self) -> _BackgroundValidation:
        """This validation, once the document's shape is checked here if that is still to do
        (`confirmed_later`; strict mode, which leaves nothing out), the child then told it may
        cache its result. Raises the shape's errors, the child stopped, when it is unsound."""
        from ._validate import check_document

        if self._verdict is None:
            return self
        try:
            check_document(self._spec, self._diagnostics)
        except BaseException:
            self.abandon()
            raise
        self._send_verdict(True)
        return self

    def abandon(self) -> None:
        """Leave the child: its result is not wanted and is not cached. It stops before
        validating if it has not started, else it finishes alone (a daemon: it does not
        outlive this process)."""
        self._send_verdict(False)
        if self._after is not None:
            self._after.set()
        self._receive.close()

    def _send_verdict(self, verdict: bool) -> None:
        if self._verdict is not None:
            with contextlib.suppress(OSError):
                self._verdict.send(verdict)
            self._verdict.close()
            self._verdict = None

    def result(self) -> list[str]:
        if self._after is not None:
            self._after.set()
        try:
            kind, payload, self.seconds = self._receive.recv()
        except EOFError:
            kind, payload = "crash", []
        finally:
            self._process.join()
            self._receive.close()
        if kind == "ok":
            return list(payload)
        if kind == "errors":
            raise SpecErrors([SpecError(*fields) for fields in payload])
        raise SpecError(
            self._spec.display, "validation stopped unexpectedly (the validator crashed)"
        )


def _collect(
    validating: list[tuple[ApiOutcome, _BackgroundValidation]],
    errors: list[SpecError],
    timings: dict[str, float] | None = None,
) -> None:
    """Wait for the background validations: warnings go to their API, errors to `errors`;
    the time the children spent validating to `timings` ("validate (child)")."""
    for outcome, background in validating:
        try:
            outcome.warnings[:0] = background.result()
        except (SpecError, SpecErrors) as exc:
            errors.extend(error_list(exc))
        if timings is not None:
            timings["validate (child)"] = timings.get("validate (child)", 0.0) + background.seconds


def _validate_child(
    spec: LoadedSpec,
    left_out: list[SpecError],
    diagnostics: Diagnostics,
    lint: Any,
    send: Any,
    after: Any,
    verdict: Any = None,
) -> None:
    start = time.perf_counter()
    message: tuple[str, Any, float]
    # Below the run and the model worker: on two cores the three compete, and the run waits
    # for the models first (GitHub: 0.4 s sooner cold, 0.1-0.15 s after an edit). Only a
    # little below (5, as 10 gains no more): beside other busy jobs it still gets a quarter
    # of a core's share against each.
    with contextlib.suppress(OSError):
        os.nice(5)
    try:
        if after is not None:
            after.wait()
        confirmed = None if verdict is None else _Verdict(verdict)
        if confirmed is not None and verdict.poll() and not confirmed():
            return  # abandoned before it started
        start = time.perf_counter()
        warnings = _cache.validate(
            spec, diagnostics, lint=lint, left_out=left_out, confirmed=confirmed
        )
        message = ("ok", [str(w) for w in warnings], time.perf_counter() - start)
    except SpecErrors as exc:
        message = (
            "errors",
            [
                (e.file, e.message, e.pointer, e.line, e.hint, e.rule, e.severity)
                for e in exc.errors
            ],
            time.perf_counter() - start,
        )
    except SpecError as e:
        found = [(e.file, e.message, e.pointer, e.line, e.hint, e.rule, e.severity)]
        message = ("errors", found, time.perf_counter() - start)
    except BaseException:
        message = ("crash", [], time.perf_counter() - start)
    finally:
        if verdict is not None:
            verdict.close()
    with contextlib.suppress(OSError):  # an abandoned child's parent no longer listens
        send.send(message)
    send.close()


class _Verdict:
    """The parent's verdict on the shape, read once from `connection` (waiting at most a
    minute for it); False if none comes."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._value: bool | None = None

    def __call__(self) -> bool:
        if self._value is None:
            try:
                self._value = bool(self._connection.poll(60) and self._connection.recv())
            except (EOFError, OSError):
                self._value = False
        return self._value


def _reusable_files(
    slug: str,
    previous_apis: dict[str, Any],
    previous_inputs: dict[str, Any],
    inputs: dict[str, Any],
    on_disk: dict[str, Path],
    previous: dict[str, Any] | None,
) -> dict[str, bytes] | None:
    """The API's files from disk, when its inputs are unchanged and the files untouched."""
    if previous is None or previous_inputs.get(slug) != inputs["apis"].get(slug):
        return None
    listed = previous_apis.get(slug)
    hashes = previous.get("files", {})
    if not isinstance(listed, list) or not listed:
        return None
    files: dict[str, bytes] = {}
    for rel in listed:
        if rel not in on_disk or rel not in hashes:
            return None
        data = on_disk[rel].read_bytes()
        if _output.sha256(data) != hashes[rel]:
            return None
        files[rel] = data
    return files
