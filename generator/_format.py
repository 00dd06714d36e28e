"""Format stage: ruff over the whole generated tree, once."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from ._errors import OutputError


def ruff_binary() -> str:
    """The ruff executable installed with this package."""
    try:
        from ruff.__main__ import find_ruff_bin

        return os.fsdecode(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        return "ruff"


def format_files(files: dict[str, str], config_file: str = "pyproject.toml") -> dict[str, bytes]:
    """Lint-fix and format the Python files among `files` (paths relative to the package root).

    `config_file` names the file among `files` that holds the ruff settings.
    Returns every file as bytes, Python files formatted.
    """
    out: dict[str, bytes] = {}
    py_files = sorted(p for p in files if p.endswith(".py"))
    with tempfile.TemporaryDirectory(prefix="clientgen-format-") as tmp:
        root = Path(tmp)
        for rel, text in files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        if py_files:
            config = root / config_file
            base = [ruff_binary()]
            common = ["--no-cache", "--config", str(config)] if config.is_file() else ["--no-cache"]
            _run([*base, "check", "--fix", "--quiet", "--exit-zero", *common, *py_files], root)
            # Markdown too: ruff formats the Python blocks of the README.
            md_files = sorted(p for p in files if p.endswith(".md"))
            formatting = [*base, "format", *common, *py_files, *md_files]
            if _run(formatting, root, check=False).returncode != 0:
                _raise_syntax_error(files, py_files)  # the likely cause, named precisely
                _run(formatting, root)  # otherwise, ruff's own message
            remaining = _run([*base, "check", "--quiet", *common, *py_files], root, check=False)
            if remaining.returncode != 0:
                raise OutputError(
                    "the generated code has lint errors ruff cannot fix (a clientgen bug):\n"
                    + remaining.stdout[-4000:]
                )
        for rel in files:
            out[rel] = (root / rel).read_bytes()
    return out


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
