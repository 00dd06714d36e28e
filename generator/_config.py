"""Project settings: `[tool.clientgen]` in pyproject.toml, with defaults."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import SpecError

if TYPE_CHECKING:
    from ._lint import Severity


@dataclass(frozen=True)
class ApiSettings:
    """Per-vendor settings from `[tool.clientgen.vendors.<slug>]`."""

    slug: str
    class_prefix: str
    api_key_env: str | None = None
    name: str | None = None
    pagination: dict[str, Any] | None = None  # `pagination` table, checked by _features


SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_DISTRIBUTION = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
_VERSION = re.compile(r"^\d+(\.\d+)*([abc]|rc)?\d*(\.post\d+)?(\.dev\d+)?$")


@dataclass(frozen=True)
class Settings:
    """Everything that decides what the generator writes, besides the specs and templates."""

    root: Path
    specs_dir: Path
    output_dir: Path
    distribution: str = "api-clients"
    import_name: str = "api_clients"
    version: str = "0.1.0"
    description: str = "Typed Python API clients."
    vendors: dict[str, ApiSettings] = field(default_factory=dict)
    lenient: bool = False
    all_models: bool = False  # also generate component schemas no operation uses
    single_spec: Path | None = None  # one-off mode: generate this spec alone
    changelog: Path | None = None  # the release notes, copied into the package as CHANGELOG.md
    lint: dict[str, Severity] = field(default_factory=dict)  # lint rule id -> error / warning / off

    def spec_files(self) -> list[Path]:
        """The spec files to generate, sorted by name so the order never depends on the disk."""
        if self.single_spec is not None:
            return [self.single_spec]
        if not self.specs_dir.is_dir():
            raise SpecError(str(self.specs_dir), "the specs folder does not exist")
        return sorted(
            (
                p
                for p in self.specs_dir.iterdir()
                if p.suffix.lower() in SPEC_SUFFIXES and p.is_file()
            ),
            key=lambda p: p.name,
        )

    @property
    def flat(self) -> bool:
        """One-off mode: the one API's client sits at the package's top level
        (`from <package> import Client`), not in a subpackage named after the spec file."""
        return self.single_spec is not None

    def vendor(self, spec: Path) -> ApiSettings:
        from . import _names

        if self.flat:
            # The package is the API: its names come from the package, not from the file.
            return ApiSettings(slug=self.import_name, class_prefix="")
        configured = self.vendors.get(_names.snake_case(spec.stem, fallback="api"))
        if configured is not None:
            return configured
        return ApiSettings(
            slug=_names.module_name(spec.stem, fallback="api"),
            class_prefix=_names.pascal_case(spec.stem, fallback="Api"),
        )

    def fingerprint(self) -> dict[str, Any]:
        """The settings as plain data, for the manifest's input hash."""
        return {
            "distribution": self.distribution,
            "import_name": self.import_name,
            "version": self.version,
            "description": self.description,
            "lenient": self.lenient,
            "all_models": self.all_models,
            "lint": dict(sorted(self.lint.items())),
            "vendors": {
                slug: [v.class_prefix, v.api_key_env, v.name, v.pagination]
                for slug, v in sorted(self.vendors.items())
            },
        }


def _vendor_pagination(vendor: dict[str, Any], path: Path, slug: str) -> dict[str, Any] | None:
    if "pagination" not in vendor:
        return None
    from ._features import vendor_pagination

    try:
        return vendor_pagination(
            vendor["pagination"], f"[tool.clientgen.vendors.{slug}.pagination]"
        )
    except ValueError as exc:
        raise SpecError(str(path), str(exc), hint="see the README's pagination section") from None


def templates_dir() -> Path:
    """The templates folder: inside the package when installed, else in the repository."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


def find_project(start: Path) -> Path | None:
    """The nearest folder at or above `start` whose pyproject.toml has `[tool.clientgen]`."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.clientgen" in candidate.read_text(
            encoding="utf-8", errors="replace"
        ):
            return folder
    return None


def load_settings(root: Path) -> Settings:
    """Read `[tool.clientgen]` from `root/pyproject.toml`."""
    from . import _names

    path = root / "pyproject.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SpecError(str(path), f"cannot read the settings: {exc}") from None
    raw = data.get("tool", {}).get("clientgen", {})
    if not isinstance(raw, dict):
        raise SpecError(str(path), "`[tool.clientgen]` must be a table")
    known = {
        "specs",
        "output",
        "package",
        "import-name",
        "version",
        "description",
        "vendors",
        "lenient",
        "all-models",
        "changelog",
        "lint",
    }
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SpecError(
            str(path),
            f"unknown setting(s) in [tool.clientgen]: {', '.join(unknown)}",
            hint=f"known settings: {', '.join(sorted(known))}",
        )
    distribution = str(raw.get("package", "api-clients"))
    vendors: dict[str, ApiSettings] = {}
    for slug, vendor in (raw.get("vendors") or {}).items():
        if not isinstance(vendor, dict):
            raise SpecError(str(path), f"[tool.clientgen.vendors.{slug}] must be a table")
        bad = sorted(set(vendor) - {"class-prefix", "api-key-env", "name", "pagination"})
        if bad:
            raise SpecError(
                str(path),
                f"unknown setting(s) in [tool.clientgen.vendors.{slug}]: {', '.join(bad)}",
            )
        vendors[slug] = ApiSettings(
            slug=_names.module_name(slug, fallback="api"),
            class_prefix=_names.pascal_case(str(vendor.get("class-prefix", slug)), fallback="Api"),
            api_key_env=_env_name(vendor.get("api-key-env"), path, slug),
            name=str(vendor["name"]) if "name" in vendor else None,
            pagination=_vendor_pagination(vendor, path, slug),
        )
    return make_settings(
        root=root,
        specs_dir=root / str(raw.get("specs", "specs")),
        output_dir=root / str(raw.get("output", "generated")),
        distribution=distribution,
        import_name=str(raw.get("import-name") or distribution.replace("-", "_").replace(".", "_")),
        version=str(raw.get("version", "0.1.0")),
        description=str(raw.get("description", "Typed Python API clients.")),
        vendors=vendors,
        lenient=bool(raw.get("lenient", False)),
        all_models=bool(raw.get("all-models", False)),
        changelog=root / str(raw["changelog"]) if "changelog" in raw else None,
        lint=_lint_settings(raw.get("lint", {}), str(path)),
        source=str(path),
    )


def make_settings(*, source: str, **values: Any) -> Settings:
    """Settings with every name checked."""
    from . import _names

    settings = Settings(**values)
    if not _DISTRIBUTION.match(settings.distribution):
        raise SpecError(
            source, f"package name {settings.distribution!r} is not a valid distribution name"
        )
    if (
        not settings.import_name.isidentifier()
        or _names.snake_case(settings.import_name) != settings.import_name
    ):
        raise SpecError(
            source,
            f"import name {settings.import_name!r} is not a valid Python package name",
            hint="use lower_snake_case",
        )
    if _names.shadows_standard_module(settings.import_name):
        raise SpecError(
            source,
            f"import name {settings.import_name!r} is a standard library module; the package would hide it",
            hint=f"choose another name, e.g. {settings.import_name}_client",
        )
    if not _VERSION.match(settings.version):
        raise SpecError(source, f"version {settings.version!r} is not a valid version number")
    return settings


def _env_name(value: Any, path: Path, slug: str) -> str | None:
    if value is None:
        return None
    text = str(value)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        raise SpecError(
            str(path),
            f"api-key-env {text!r} of vendor {slug!r} is not a valid environment variable name",
        )
    return text


def _lint_settings(raw: Any, source: str) -> dict[str, Severity]:
    if raw == {}:
        return {}  # nothing to check: the linter's module is not needed on the no-op path
    from ._lint import check_severities

    return check_severities(raw, source)
