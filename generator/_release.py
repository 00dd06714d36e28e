"""Releasing the generated package: what changed since a git ref, the version bump it calls
for, the changelog entry, and building the sdist and wheel."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._config import Settings
from ._errors import OutputError, SpecError
from ._pipeline import display_path, read_specs


@dataclass(frozen=True)
class ApiChanges:
    slug: str
    spec: str
    changes: list[Any]  # _diff.Change


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise SpecError(str(root), f"cannot run git: {exc}") from None


def _spec_at(root: Path, ref: str, path: Path) -> bytes | None:
    rel = display_path(path, root)
    result = _git(root, "show", f"{ref}:{rel}")
    return result.stdout if result.returncode == 0 else None


def _parse(data: bytes, shown: str) -> dict[str, Any]:
    from ._load import load_spec

    return load_spec(Path(shown), shown, data).data


def changes_since(settings: Settings, base: str) -> list[ApiChanges]:
    """The changes of every spec between git ref `base` and the working tree."""
    from ._diff import Change, diff_specs

    if (
        _git(settings.root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").returncode
        != 0
    ):
        raise SpecError(
            str(settings.root),
            f"{base!r} is not a git commit here",
            hint="pass --base with a commit, tag or branch",
        )
    result: list[ApiChanges] = []
    current = read_specs(settings)
    for slug, (path, data) in current.items():
        shown = display_path(path, settings.root)
        old = _spec_at(settings.root, base, path)
        if old is None:
            found = [Change("non-breaking", "/", f"new API `{slug}` ({shown})")]
        else:
            before = f"{shown}@{base}"
            found = diff_specs(_parse(old, before), _parse(data, shown), (before, shown))
        result.append(ApiChanges(slug, shown, found))
    listed = _git(
        settings.root,
        "ls-tree",
        "--name-only",
        f"{base}:{display_path(settings.specs_dir, settings.root)}",
    )
    if listed.returncode == 0:
        present = {p.name for p, _ in current.values()}
        for name in sorted(listed.stdout.decode().split()):
            if Path(name).suffix in (".yaml", ".yml", ".json") and name not in present:
                slug = settings.vendor(Path(name)).slug
                result.append(
                    ApiChanges(
                        slug, name, [Change("breaking", "/", f"API `{slug}` removed ({name})")]
                    )
                )
    return result


def suggested_version(settings: Settings, found: list[ApiChanges]) -> tuple[str, str]:
    from ._diff import suggest_bump

    return suggest_bump([c for api in found for c in api.changes], settings.version)


def report(found: list[ApiChanges], part: str, version: str, current: str) -> str:
    from ._diff import format_report

    blocks = [format_report(api.changes, api.slug) for api in found]
    if part == "none":
        blocks.append(f"suggested version: {current} (no changes)")
    else:
        blocks.append(f"suggested version: {current} -> {version} ({part})")
    return "\n\n".join(blocks)


def changelog_entry(found: list[ApiChanges], version: str) -> str:
    lines = [f"## {version}", ""]
    for api in found:
        if not api.changes:
            continue
        lines.append(f"### {api.slug}")
        lines.append("")
        for change in api.changes:
            lines.append(f"- {change.kind}: {_one_line(change.message)}")
        lines.append("")
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def apply_bump(settings: Settings, version: str, entry: str) -> None:
    """Write the new version into `[tool.clientgen]` and the entry into the changelog."""
    pyproject = settings.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    section = re.search(r"(?ms)^\[tool\.clientgen\]\s*$(.*?)(?=^\[|\Z)", text)
    if section is None:
        raise SpecError(str(pyproject), "no [tool.clientgen] section to write the version into")
    body = section.group(1)
    if re.search(r'(?m)^version\s*=\s*"[^"]*"\s*$', body):
        new_body = re.sub(
            r'(?m)^version\s*=\s*"[^"]*"\s*$', f'version = "{version}"', body, count=1
        )
    else:
        new_body = f'\nversion = "{version}"' + body
    pyproject.write_text(
        text[: section.start(1)] + new_body + text[section.end(1) :], encoding="utf-8"
    )
    if settings.changelog is None:
        return
    path = settings.changelog
    old = path.read_text(encoding="utf-8") if path.is_file() else "# Changelog\n"
    first = re.search(r"(?m)^## ", old)
    head, tail = (
        (old[: first.start()], old[first.start() :]) if first else (old.rstrip("\n") + "\n\n", "")
    )
    path.write_text(head + entry.rstrip("\n") + "\n\n" + tail, encoding="utf-8")


def build_distributions(settings: Settings, outdir: Path) -> list[Path]:
    """Build the sdist and wheel of the generated package and check them with twine."""
    outdir.mkdir(parents=True, exist_ok=True)
    before = set(outdir.iterdir())
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--sdist",
            "--wheel",
            "--outdir",
            str(outdir),
            str(settings.output_dir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0:
        raise OutputError(f"building the package failed:\n{(built.stderr or built.stdout)[-3000:]}")
    artifacts = sorted(set(outdir.iterdir()) - before) or sorted(outdir.iterdir())
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, artifacts)],
        capture_output=True,
        text=True,
        check=False,
    )
    if checked.returncode != 0:
        raise OutputError(f"twine check failed:\n{checked.stdout[-3000:]}{checked.stderr[-1000:]}")
    return artifacts
