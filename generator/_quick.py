"""The `clientgen` entry point: the no-op `check` and `generate` answered before the command
line framework is even imported.

Pre-commit runs `clientgen check` (or `generate`) on every commit, and most of the time
nothing has changed: the manifest's input hashes match and the files on disk are untouched.
That answer needs the settings, a few hashes and the manifest; importing click and defining
the commands would cost more than all of it. So a bare `check` or `generate` (with at most
`--quiet`) is tried here first, and anything else, or anything that is not a clean "up to
date", goes to the full command line (`generator.cli`), which then does and reports
everything itself.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._config import Settings

# The arguments this path answers; any other argument goes to the full command line.
_COMMANDS = {"check": "{shown} is up to date.", "generate": "{shown} is up to date; nothing to do."}
_QUIET = {"-q", "--quiet"}


def main() -> None:
    """Run `clientgen`."""
    if answered(sys.argv[1:]):
        return
    if os.environ.get("CLIENTGEN_SERVER"):
        from . import _server

        if _server.enabled():
            code = _server.run(sys.argv[1:])
            if code is not None:
                sys.exit(code)
    if sys.argv[1:2] == ["generate"]:
        from . import _model_worker

        # The model generator's import starts now, beside everything up to the IR.
        _model_worker.start_early()
    from .cli import main as full

    full()


def answered(args: list[str]) -> bool:
    """Answer `check` / `generate` when nothing changed; False leaves the work to the CLI."""
    if not args or args[0] not in _COMMANDS or not set(args[1:]) <= _QUIET:
        return False
    try:
        settings = _settings()
        if settings is None:
            return False
        from . import _output, _pipeline

        if args[0] == "generate":
            # Never wait here for another run: the full command line waits and reports.
            with _output.generation_lock(settings.output_dir, wait=0):
                fresh = _pipeline.up_to_date(settings)
        else:
            fresh = _pipeline.up_to_date(settings)
    except Exception:  # the full command line reports it properly
        return False
    if fresh and not set(args[1:]) & _QUIET:
        print(_COMMANDS[args[0]].format(shown=shown(settings)), flush=True)
    return fresh


def _settings() -> Settings | None:
    from ._config import find_project, load_settings

    root = find_project(Path.cwd())
    return load_settings(root) if root is not None else None


def shown(settings: Settings) -> str:
    """The output folder as the messages show it: relative to the current folder if inside."""
    try:
        return settings.output_dir.resolve().relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return str(settings.output_dir) + "/"
