"""The `clientgen` command line: generate, check, validate.

Exit codes: 0 success, 1 `check` found the output stale, 2 bad input (spec or settings),
3 the output could not be written or formatted.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import click

from ._config import ApiSettings, Settings, find_project, load_settings, make_settings
from ._errors import OutputError, SpecError, SpecErrors, error_list

EXIT_STALE = 1
EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 3
EXIT_INTERRUPTED = 130


class _Ui:
    def __init__(self, quiet: bool, verbose: bool, debug: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.debug = debug
        self.warned = 0

    def info(self, message: str) -> None:
        if not self.quiet:
            click.echo(message)

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            click.echo(message)

    def stage(self, message: str) -> None:
        """A transient progress line, on a terminal only (never in CI logs or pre-commit)."""
        if self.quiet or self.verbose or not sys.stderr.isatty():
            return
        import shutil

        width = shutil.get_terminal_size((80, 20)).columns - 1
        sys.stderr.write("\r\x1b[K" + message[:width])
        sys.stderr.flush()
        self._staged = True

    def clear_stage(self) -> None:
        if getattr(self, "_staged", False):
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self._staged = False

    def warn(self, message: str) -> None:
        """One line a warning (where, and what was left out); none with --quiet, which only
        counts them."""
        self.warned += 1
        if self.quiet:
            return
        self.clear_stage()
        first = message.split("\n", 1)[0]
        click.echo(click.style("warning: ", fg="yellow") + first, err=True)

    def summarise_warnings(self) -> None:
        if self.warned:
            plural = "s" if self.warned > 1 else ""
            hidden = " (hidden by --quiet)" if self.quiet else ""
            click.echo(f"{self.warned} warning{plural}{hidden}", err=True)

    @contextlib.contextmanager
    def reporting(self) -> Iterator[None]:
        """Turn the generator's errors into messages and exit codes: bad input 2, output 3."""
        try:
            yield
        except (SpecError, SpecErrors) as exc:
            self.fail(exc, EXIT_BAD_INPUT)
        except OutputError as exc:
            self.fail(exc, EXIT_OUTPUT)
        self.summarise_warnings()

    def fail(self, exc: BaseException, code: int) -> NoReturn:
        self.clear_stage()
        if self.debug:
            raise exc
        errors = exc.errors if isinstance(exc, SpecErrors) else [exc]
        for error in errors:
            click.echo(click.style("error: ", fg="red", bold=True) + str(error), err=True)
        sys.exit(code)


@dataclass(frozen=True)
class _Common:
    """The options every command takes."""

    config: Path | None
    lenient: bool
    all_models: bool
    quiet: bool
    verbose: bool
    debug: bool

    @functools.cached_property
    def ui(self) -> _Ui:
        return _Ui(self.quiet, self.verbose, self.debug)

    def settings(self) -> Settings:
        """The project's settings, with --lenient and --all-models applied."""
        config = self.config
        root = find_project(config.parent if config else Path.cwd())
        if config is not None and not config.is_file():
            raise SpecError(str(config), "the settings file does not exist")
        if root is None:
            raise SpecError(
                str(Path.cwd() / "pyproject.toml"),
                "no pyproject.toml with a [tool.clientgen] section here or above",
                hint="run inside the project, or pass SPEC_PATH with --output and --package",
            )
        return self._applied(load_settings(root))

    def one_off(self, spec: Path, output: Path | None, package: str | None) -> Settings:
        """Settings for generating `spec` alone into `output` as `package`."""
        if output is None or package is None:
            raise SpecError(str(spec), "a single spec needs --output DIR and --package NAME")
        from ._lint import errors_as_warnings

        distribution = package.replace("_", "-")
        return self._applied(
            make_settings(
                source="--package",
                root=Path.cwd(),
                specs_dir=spec.parent,
                output_dir=output,
                distribution=distribution,
                import_name=package.replace("-", "_"),
                description=f"Typed Python client generated from {spec.name}.",
                single_spec=spec,
                # Someone else's spec: what the linter finds is reported, not refused.
                lint=errors_as_warnings(),
            )
        )

    def _applied(self, settings: Settings) -> Settings:
        for flag, name in ((self.lenient, "lenient"), (self.all_models, "all_models")):
            if flag:
                source = "--" + name.replace("_", "-")
                settings = make_settings(source=source, **{**settings.__dict__, name: True})
        return settings


_common = [
    click.option(
        "--config",
        type=click.Path(path_type=Path, dir_okay=False),
        help="pyproject.toml with [tool.clientgen] (default: found from the current folder).",
    ),
    click.option(
        "--lenient",
        is_flag=True,
        help="Turn validation failures into warnings; skip what cannot be generated.",
    ),
    click.option(
        "--all-models",
        is_flag=True,
        help="Also generate the component schemas that no operation uses.",
    ),
    click.option("--quiet", "-q", is_flag=True, help="Print errors only."),
    click.option("--verbose", "-v", is_flag=True, help="Print timings per stage."),
    click.option("--debug", is_flag=True, help="Show Python tracebacks."),
]


def _with_common(func: Callable[..., None]) -> Callable[..., None]:
    """Add the common options to a command, handed to it as one `common` argument."""

    @functools.wraps(func)
    def command(**kwargs: Any) -> None:
        fields = {name: kwargs.pop(name) for name in _Common.__dataclass_fields__}
        func(common=_Common(**fields), **kwargs)

    for option in reversed(_common):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="clientgen", prog_name="clientgen")
def main() -> None:
    """Generate typed Python client packages from OpenAPI specs."""


@main.command(short_help="Generate the package from the specs.")
@click.argument("spec", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    help="Output folder (with SPEC).",
)
@click.option("--package", "-p", help="Import name of the package to write (with SPEC).")
@click.option("--force", is_flag=True, help="Regenerate everything, even what is unchanged.")
@click.option(
    "--bump",
    is_flag=True,
    help="First raise the version by what changed since --base, and add a changelog entry.",
)
@click.option(
    "--base", default="HEAD", show_default=True, help="Git ref of the last release, for --bump."
)
@_with_common
def generate(
    spec: Path | None,
    output: Path | None,
    package: str | None,
    force: bool,
    bump: bool,
    base: str,
    common: _Common,
) -> None:
    """Generate the package from the specs (or from SPEC alone, with --output and --package).

    Unchanged inputs are detected from the manifest and skipped. The output folder is only
    touched once everything has been generated and formatted.
    """
    from . import _output, _pipeline

    ui = common.ui
    started = time.perf_counter()
    try:
        with ui.reporting(), _output.interrupts_kept():
            settings = common.one_off(spec, output, package) if spec else common.settings()
            if bump:
                if spec:
                    raise SpecError(str(spec), "--bump works on a project, not on a single spec")
                settings = _bump(settings, base, common)
            with _output.generation_lock(settings.output_dir):
                if not force and _pipeline.up_to_date(settings):
                    ui.info(f"{_shown(settings)} is up to date; nothing to do.")
                    return
                result = _pipeline.build(
                    settings, progress=ui.detail, stage=ui.stage, reuse=not force
                )
                ui.clear_stage()
                for outcome in result.apis:
                    for warning in outcome.warnings:
                        ui.warn(warning)
                written, removed = _output.write_output(settings.output_dir, result.files)
    except KeyboardInterrupt:
        if common.debug:
            raise
        click.echo(
            "interrupted: the output holds either what it held before or the complete new "
            "package, never a mix",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    for outcome in result.apis:
        left_out = (
            f"; {outcome.left_out} schemas no operation uses left out (--all-models keeps them)"
            if outcome.left_out
            else ""
        )
        ui.info(
            f"{outcome.spec}: {outcome.status} ({outcome.operations} operations, {outcome.models} models{left_out})"
        )
    ui.info(
        f"{_shown(settings)}: {len(written)} files written, {len(removed)} removed, in {time.perf_counter() - started:.2f} s"
    )
    for stage, seconds in result.timings.items():
        ui.detail(f"  {stage}: {seconds:.3f} s")


@main.command(short_help="Is the output what the specs produce? (exit 0 yes, 1 stale)")
@click.option("--diff/--no-diff", default=True, help="Show a unified diff of stale files.")
@_with_common
def check(
    diff: bool,
    common: _Common,
) -> None:
    """Exit 0 when the output is exactly what the specs produce, 1 when it is stale."""
    from . import _output, _pipeline

    ui = common.ui
    with ui.reporting():
        settings = common.settings()
        if _pipeline.up_to_date(settings):
            ui.info(f"{_shown(settings)} is up to date.")
            return
        result = _pipeline.build(settings, progress=ui.detail, stage=ui.stage, reuse=True)
        ui.clear_stage()
        differences = _output.compare(settings.output_dir, result.files)
    if not differences:
        ui.info(f"{_shown(settings)} is up to date.")
        return
    color = sys.stdout.isatty()
    click.echo(
        f"{_shown(settings)} is stale: {len(differences)} file(s) differ from what the specs produce."
    )
    for d in differences:
        click.echo(f"  {d.kind}: {d.path}")
    if diff and not common.quiet:
        for d in differences:
            if d.diff and d.path != _output.MANIFEST:
                click.echo(_colour(d.diff) if color else d.diff, color=color)
    click.echo("Run `clientgen generate` (or `make generate`) and commit the result.")
    sys.exit(EXIT_STALE)


def _bump(settings: Settings, base: str, common: _Common) -> Settings:
    from . import _release

    ui = common.ui
    found = _release.changes_since(settings, base)
    part, version = _release.suggested_version(settings, found)
    ui.info(_release.report(found, part, version, settings.version))
    if part == "none":
        return settings
    _release.apply_bump(settings, version, _release.changelog_entry(found, version))
    ui.info(f"version {settings.version} -> {version}; changelog entry added")
    return common.settings()


@main.command(short_help="What changed in the specs since a git ref, and the version bump.")
@click.option(
    "--base", default="HEAD", show_default=True, help="Git ref to compare the specs with."
)
@_with_common
def diff(
    base: str,
    common: _Common,
) -> None:
    """Report what changed in the specs since BASE, breaking or not, and the version it calls for."""
    from . import _release

    ui = common.ui
    with ui.reporting():
        settings = common.settings()
        found = _release.changes_since(settings, base)
        part, version = _release.suggested_version(settings, found)
    click.echo(_release.report(found, part, version, settings.version))


@main.command(short_help="Build the sdist and wheel of the generated package.")
@click.option(
    "--outdir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("dist"),
    show_default=True,
)
@_with_common
def build(
    outdir: Path,
    common: _Common,
) -> None:
    """Build the sdist and wheel of the generated package (refused when it is stale)."""
    from . import _pipeline, _release

    ui = common.ui
    with ui.reporting():
        settings = common.settings()
        if not _pipeline.up_to_date(settings):
            raise OutputError("the generated package is stale; run `clientgen generate` first")
        artifacts = _release.build_distributions(settings, outdir)
    for artifact in artifacts:
        ui.info(f"built {artifact} (twine check passed)")


@main.command(short_help="Validate the specs without generating.")
@click.argument("specs", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@_with_common
def validate(
    specs: tuple[Path, ...],
    common: _Common,
) -> None:
    """Validate the specs (or the SPECS given) without generating anything."""
    from ._load import load_spec
    from ._validate import validate_spec
    from .parse import Diagnostics, build_api

    ui = common.ui
    errors: list[SpecError] = []
    with ui.reporting():
        settings = None if specs else common.settings()
        paths = settings.spec_files() if settings is not None else list(specs)
        for path in paths:
            try:
                spec = load_spec(path, str(path))
                lint = settings.lint if settings is not None else None
                diagnostics = Diagnostics.for_policy(spec, common.lenient)
                warnings = validate_spec(spec, diagnostics, lint=lint)
                vendor = settings.vendor(path) if settings else _default_vendor(path)
                api = build_api(spec, vendor, diagnostics=diagnostics, all_models=common.all_models)
                for warning in [*warnings, *api.warnings]:
                    ui.warn(str(warning))
                ui.info(f"{path}: valid ({len(api.all_operations)} operations)")
            except (SpecError, SpecErrors) as exc:
                errors.extend(error_list(exc))
    if errors:
        ui.fail(SpecErrors(errors), EXIT_BAD_INPUT)


@main.command(short_help="Turn the clients' drift logs into spec changes.")
@click.argument("logs", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--apply",
    "apply_changes",
    is_flag=True,
    help="Write the safe changes (new optional fields, new enum values) into the YAML specs.",
)
@_with_common
def drift(
    logs: tuple[Path, ...],
    apply_changes: bool,
    common: _Common,
) -> None:
    """Report where the vendors' real responses (the drift LOGS the clients wrote) differ from
    the specs, with the place in each spec and a suggested change; `--apply` writes the safe
    ones and leaves the rest for a person."""
    from . import _drift
    from ._load import LoadedSpec, load_spec
    from ._pipeline import display_path

    ui = common.ui
    with ui.reporting():
        settings = common.settings()
        findings, warnings = _drift.read_logs(logs)
        specs: dict[str, LoadedSpec] = {}
        for path in settings.spec_files():
            vendor = settings.vendor(path)
            spec = load_spec(path, display_path(path, settings.root))
            for name in {vendor.name or vendor.class_prefix, vendor.class_prefix, vendor.slug}:
                specs[name] = spec
        placements = []
        for finding in findings:
            owner = _drift.match_vendor(finding.vendor, specs)
            if owner is None:
                warnings.append(
                    f"no spec of this project is for vendor {finding.vendor!r}; skipped"
                )
                continue
            placements.append(_drift.place(finding, owner))
        if apply_changes:
            warnings += _drift.apply(placements)
        for warning in warnings:
            ui.warn(warning)
        for line in _drift.report(placements):
            ui.info(line)
        applied = sum(p.applied for p in placements)
        ui.info(
            f"{len(placements)} finding(s)"
            + (f", {applied} applied; run `clientgen generate`" if apply_changes else "")
        )


def _default_vendor(path: Path) -> ApiSettings:
    return Settings(root=Path.cwd(), specs_dir=path.parent, output_dir=Path.cwd()).vendor(path)


def _shown(settings: Settings) -> str:
    from ._quick import shown

    return shown(settings)


def _colour(diff: str) -> str:
    lines = []
    for line in diff.splitlines(keepends=True):
        if line.startswith("+") and not line.startswith("+++"):
            lines.append(click.style(line, fg="green"))
        elif line.startswith("-") and not line.startswith("---"):
            lines.append(click.style(line, fg="red"))
        else:
            lines.append(line)
    return "".join(lines)
