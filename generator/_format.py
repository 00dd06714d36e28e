"""Format stage: ruff over the whole generated tree, once.

Which lint findings stop generation is decided here, and only here: those that mean the code
is wrong (`GATE_RULES`). Every other rule of the package's ruff settings is applied as a fix
where ruff can fix it; a finding it cannot fix (a spec that names an enum member `O`, ruff's
E741; a quoted forward reference inside `Union[...]`, UP007) never fails generation and is
marked `# noqa` on its line, so the package passes its own `ruff check`.

What ruff makes of a file depends only on the file's path and text, the ruff settings and
ruff's version (the settings name the package as first-party, so no other file is consulted):
each formatted file is cached under a key of those (`_store`, folder `format/`), and ruff runs
only on the Python and Markdown files that miss, the settings file with them; every other
file is written as it is.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from . import _store
from ._errors import OutputError

# Syntax errors (E9), comparisons that cannot work (F63), statements outside the place they
# belong (F7: `return` outside a function, `break` outside a loop) and undefined names (F82).
GATE_RULES = ("E9", "F63", "F7", "F82")
# A generation of GitHub's description formats about 19 MB of files.
CACHE_BYTES = 256 * 1024 * 1024


def ruff_binary() -> str:
    """The ruff executable installed with this package."""
    try:
        from ruff.__main__ import find_ruff_bin

        return os.fsdecode(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        return "ruff"


def format_files(files: dict[str, str], config_file: str = "pyproject.toml") -> dict[str, bytes]:
    """Lint-fix and format the Python files among `files` (paths relative to the package root),
    and the Python blocks of its Markdown files.

    `config_file` names the file among `files` that holds the ruff settings.
    Returns every file as bytes, Python files formatted.
    """
    store = _store.Store("format", CACHE_BYTES)
    settings = files.get(config_file, "")
    tools = _store.tools("ruff")
    keys = {
        rel: _store.key("format", tools, config_file, settings, rel, text)
        for rel, text in files.items()
        if rel.endswith((".py", ".md"))
    }
    out: dict[str, bytes] = {}
    for rel, entry_key in keys.items():
        cached = store.get(entry_key)
        if cached is not None:
            out[rel] = cached
    missing = {rel: files[rel] for rel in keys if rel not in out}
    if missing:
        if config_file in files:
            missing[config_file] = settings
        for rel, data in _formatted(missing, config_file).items():
            if rel in keys:
                out[rel] = data
                store.put(keys[rel], data)
        store.trim()
    # Everything else is written as it is.
    return {rel: out[rel] if rel in out else text.encode("utf-8") for rel, text in files.items()}


def _formatted(files: dict[str, str], config_file: str) -> dict[str, bytes]:
    """`format_files` by ruff, without the cache."""
    out: dict[str, bytes] = {}
    py_files = sorted(p for p in files if p.endswith(".py"))
    md_files = sorted(p for p in files if p.endswith(".md"))
    with tempfile.TemporaryDirectory(prefix="clientgen-format-") as tmp:
        root = Path(tmp)
        for rel, text in files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        config = root / config_file
        base = [ruff_binary()]
        common = ["--no-cache", "--config", str(config)] if config.is_file() else ["--no-cache"]
        if py_files:
            _run([*base, "check", "--fix", "--quiet", "--exit-zero", *common, *py_files], root)
        if py_files or md_files:
            # Markdown too: ruff formats the Python blocks of the README.
            formatting = [*base, "format", *common, *py_files, *md_files]
            if _run(formatting, root, check=False).returncode != 0:
                _raise_syntax_error(files, py_files)  # the likely cause, named precisely
                _run(formatting, root)  # otherwise, ruff's own message
        if py_files:
            # One run finds both what stops generation (the gate rules, even where a noqa
            # comment says otherwise) and what is left of the package's own rules.
            gate = f"--extend-select={','.join(GATE_RULES)}"
            findings = [*base, "check", "--exit-zero", "--ignore-noqa", "--output-format=json"]
            left = _findings([*findings, gate, *common, *py_files], root)
            broken = [f for f in left if _gates(f)]
            if broken:
                raise OutputError(
                    "the generated code is not valid Python (a clientgen bug; please report it "
                    "with the spec):\n" + "\n".join(map(_describe, broken))[-4000:]
                )
            # What is left is style a name from the spec brought in (`O` as an enum member,
            # E741): marked where it is, so the package still passes its own `ruff check`.
            if left:
                marked = _run([*base, "check", "--add-noqa", *common, *py_files], root, check=False)
                if "Added" in marked.stdout + marked.stderr:
                    _run([*base, "format", *common, *py_files], root)
        for rel in files:
            out[rel] = (root / rel).read_bytes()
    return out


def _findings(cmd: list[str], cwd: Path) -> list[dict[str, Any]]:
    """ruff's findings for `cmd` (a `check` with JSON output)."""
    result = _run(cmd, cwd)
    try:
        findings = json.loads(result.stdout or "[]")
    except ValueError:
        raise OutputError(f"ruff printed no findings list: {result.stdout[-400:]!r}") from None
    if not isinstance(findings, list):
        raise OutputError(f"ruff printed no findings list: {result.stdout[-400:]!r}")
    return [f for f in findings if isinstance(f, dict)]


def _gates(finding: dict[str, Any]) -> bool:
    """Whether a finding stops generation (a syntax error has no rule code)."""
    code = finding.get("code")
    return not isinstance(code, str) or code.startswith(GATE_RULES)


def _describe(finding: dict[str, Any]) -> str:
    where = finding.get("location") or {}
    place = f"{finding.get('filename')}:{where.get('row')}:{where.get('column')}"
    return f"{place}: {finding.get('code') or 'syntax error'} {finding.get('message')}"


def _raise_syntax_error(files: dict[str, str], py_files: list[str]) -> None:
    """Raise an OutputError naming the first file of `py_files` that is not valid Python."""
    for rel in py_files:
        try:
            compile(files[rel], rel, "exec", dont_inherit=True)
        except SyntaxError as exc:
            raise OutputError(
                f"clientgen wrote invalid Python in {rel}, line {exc.lineno}: {exc.msg} "
                "(a clientgen bug; please report it with the spec)"
            ) from None


def _run(cmd: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise OutputError(f"cannot run ruff ({cmd[0]}): {exc}") from None
    if check and result.returncode != 0:
        raise OutputError(
            f"ruff failed ({' '.join(cmd[1:3])}):\n{(result.stderr or result.stdout)[-4000:]}"
        )
    return result
