"""Hashes of every input that decides the output: specs, templates, settings, generator.

Cheap to compute and free of heavy imports, so an unchanged project is recognised quickly.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from . import __version__
from ._config import Settings

_GENERATOR_DIR = Path(__file__).resolve().parent


def _hash_tree(root: Path, suffixes: tuple[str, ...], *, recursive: bool = True) -> str:
    digest = hashlib.sha256()
    for rel in sorted(_files(str(root), "", suffixes, recursive)):
        digest.update(rel.encode() + b"\0")
        with open(os.path.join(root, rel), "rb") as file:
            digest.update(file.read() + b"\0")
    return digest.hexdigest()


def _files(folder: str, prefix: str, suffixes: tuple[str, ...], recursive: bool) -> list[str]:
    """Paths (with `/`, relative to the first folder) of the files below `folder` whose names
    end in one of `suffixes` (os.scandir: pathlib's globbing costs more than the hashing)."""
    found: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir():
            if recursive:
                found += _files(entry.path, f"{prefix}{entry.name}/", suffixes, recursive)
        elif entry.is_file() and os.path.splitext(entry.name)[1] in suffixes:
            found.append(prefix + entry.name)
    return found


# The packages validation depends on: what every cached validation answer is keyed by.
VALIDATOR_DISTRIBUTIONS = (
    "openapi_spec_validator",
    "openapi_schema_validator",
    "jsonschema",
    "jsonschema_rs",
    "jsonschema_path",
    "jsonschema_specifications",
    "referencing",
    "pathable",
)


def installed_versions(*distributions: str) -> dict[str, str]:
    """The installed version of each of `distributions` (names with `_`), "?" when absent."""
    found = _installed()
    return {dist: found.get(dist, "?") for dist in distributions}


@functools.cache
def _installed() -> dict[str, str]:
    """Every installed distribution's version, read once a run from the metadata folder names
    on `sys.path` (a directory listing; importing importlib.metadata costs more than the whole
    up-to-date check)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                dist, _, version = name[: -len(".dist-info")].partition("-")
                found.setdefault(dist, version)
    return found


def generator_source() -> str:
    """A hash of the generator's own modules."""
    return _hash_tree(_GENERATOR_DIR, (".py",), recursive=False) + _hash_tree(
        _GENERATOR_DIR / "parse", (".py",)
    )


def _tool_versions() -> str:
    """Versions of the tools whose output we ship."""
    wanted = installed_versions("datamodel_code_generator", "ruff")
    return ";".join(f"{k}=={v}" for k, v in sorted(wanted.items()))


def generator_fingerprint(templates: Path) -> str:
    """The generator's identity: version, its own source and templates, and its tools."""
    digest = hashlib.sha256()
    digest.update(__version__.encode() + b"\0" + _tool_versions().encode() + b"\0")
    # The package's own modules only: installed, the templates sit inside it, and they are
    # hashed on their own below, so an installed and a source checkout agree.
    digest.update(generator_source().encode())
    digest.update(_hash_tree(templates, (".jinja", ".py", ".md", ".toml")).encode())
    return digest.hexdigest()


def shared_fingerprint(settings: Settings, templates: Path) -> str:
    """Everything besides the specs: the generator, templates and settings."""
    settings_json = json.dumps(settings.fingerprint(), sort_keys=True)
    digest = hashlib.sha256((generator_fingerprint(templates) + "\0" + settings_json).encode())
    if settings.changelog is not None and settings.changelog.is_file():
        digest.update(b"\0changelog\0" + settings.changelog.read_bytes())
    return digest.hexdigest()


def spec_fingerprint(spec_bytes: bytes, shared: str) -> str:
    """One API's inputs: its spec and the shared inputs."""
    return hashlib.sha256(shared.encode() + b"\0" + spec_bytes).hexdigest()


def inputs(settings: Settings, templates: Path, specs: dict[str, bytes]) -> dict[str, Any]:
    """The `inputs` record of the manifest."""
    shared = shared_fingerprint(settings, templates)
    return {
        "shared": shared,
        "apis": {slug: spec_fingerprint(data, shared) for slug, data in sorted(specs.items())},
    }
