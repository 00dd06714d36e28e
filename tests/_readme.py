"""Running the Python examples of a README: each ```python block in a fresh interpreter."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

BLOCK = re.compile(r"^( *)```python\n(.*?)^\1```", re.DOTALL | re.MULTILINE)


def python_blocks(text: str, section: str | None = None) -> list[str]:
    """The Python code blocks of a Markdown text (those indented in a list item dedented), or
    of its `## section` (to the next `## `)."""
    if section is not None:
        start = text.index(f"\n## {section}\n")
        end = text.find("\n## ", start + 1)
        text = text[start : end if end != -1 else len(text)]
    return [textwrap.dedent(code) for _, code in BLOCK.findall(text)]


def run_block(code: str, cwd: Path, env: dict[str, str], timeout: float = 60) -> str:
    """Run one example; its standard output, or an AssertionError with the example and its
    error output."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(cwd), **env},
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"the example failed:\n{code}\n--- stderr ---\n{done.stderr[-3000:]}")
    return done.stdout
