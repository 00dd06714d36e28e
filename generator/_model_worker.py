"""The model generator in a child process forked at the start of a run.

Importing datamodel-code-generator and building its settings costs about 0.4 s, most of the
model stage of a small spec. Forked as `clientgen generate` starts (`start_early`, before even
the command line framework is imported), the child pays that import while the parent reads
the settings and the spec, validates it and builds the IR; it then runs the model generator
(and `_models.generated_module`'s edits) on the schemas the parent sends, once per spec.

Nothing depends on the child: when it cannot start, dies, or fails on a request, `generate`
returns None and the caller runs the model generator itself, which also reports any error
the way it always does.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import os
import signal
import time
from typing import Any

# Only where there is a second core to import on, and fork; not in a process that has the
# model generator imported already (a child of clientgen's server).
USABLE = (os.cpu_count() or 1) > 1 and hasattr(os, "fork")

_early: ModelWorker | None = None


def start_early() -> None:
    """Start the worker the next `take()` returns (nothing on one core or without fork). One
    that is never taken is stopped when the process exits (it is a daemon)."""
    global _early
    if USABLE and _early is None:
        _early = ModelWorker()


def take() -> ModelWorker | None:
    """The worker `start_early` started, now the caller's to close; None if there is none."""
    global _early
    worker, _early = _early, None
    return worker


class Ready:
    """A flag forked processes share: set once, waited for by looking every 5 ms. It holds
    no lock, so a process killed at any moment (the worker, when a run is interrupted) leaves
    it working: killed inside a multiprocessing Event's `set()`, it left the event's lock
    taken, and every later `set()` (the validation's) waited for ever."""

    def __init__(self) -> None:
        self._value = multiprocessing.get_context("fork").RawValue("b", 0)

    def set(self) -> None:
        self._value.value = 1

    def is_set(self) -> bool:
        return bool(self._value.value)

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the flag is set, waiting for it at most `timeout` seconds (or for ever)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._value.value:
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.005)
        return True


class ModelWorker:
    """A forked child that runs `_models.generated_module` on request."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, theirs = context.Pipe(duplex=True)
        # Set when the child has imported the model generator, or when this process asks it
        # for models: what else would compete with the import for a core can wait for it.
        self.ready = Ready()
        self._process = context.Process(target=_serve, args=(theirs, self.ready), daemon=True)
        # Objects that exist before the fork are left out of the child's garbage collections:
        # walking them would copy every memory page the two processes share.
        gc.freeze()
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        theirs.close()
        self._open = True
        self._busy = False  # a request is in flight

    @property
    def is_open(self) -> bool:
        """Whether the child is there to answer (it has not died or been closed)."""
        return self._open

    def generate(self, schemas: dict[str, Any], import_name: str, header: str) -> str | None:
        """The finished models module of `schemas`, or None when the child could not make it."""
        return self.receive() if self.submit(schemas, import_name, header) else None

    def submit(self, schemas: dict[str, Any], import_name: str, header: str) -> bool:
        """Ask the child for the models module of `schemas` (`receive` gets it); False when
        the child is gone or busy."""
        return self._send(("module", schemas, import_name, header))

    def _send(self, request: tuple[str, Any, str, str]) -> bool:
        self.ready.set()
        if not self._open or self._busy:
            return False
        self._busy = True
        try:
            self._conn.send(request)
        except (EOFError, OSError):  # the child is gone
            self.close()
            return False
        return True

    def submit_in_two_parts(
        self, first: dict[str, Any], second: dict[str, Any], import_name: str, header: str
    ) -> bool:
        """Ask the child for the models module made of two parts, one in a fork of the child
        (`_partition.in_two_parts`); `receive` gets it, or None when the parts disagree."""
        return self._send(("two parts", (first, second), import_name, header))

    def answered(self) -> bool:
        """Whether the module `submit` asked for is there to `receive` (without waiting)."""
        if not self._open or not self._busy:
            return False
        try:
            return bool(self._conn.poll())
        except (EOFError, OSError):  # the child is gone: `receive` says so
            return True

    def receive(self) -> str | None:
        """The module `submit` asked for, or None when the child could not make it."""
        if not self._open or not self._busy:
            return None
        try:
            kind, source = self._conn.recv()
        except (EOFError, OSError):  # the child is gone
            self.close()
            return None
        self._busy = False
        return source if kind == "ok" and isinstance(source, str) else None

    def close(self) -> None:
        """Stop the child (it finishes nothing more: a request in flight, or the model
        generator's import, which a run that never asked for models would otherwise wait
        for) and wait for it to be gone."""
        self.ready.set()
        if not self._open:
            return
        self._open = False
        self._process.kill()
        self._conn.close()
        self._process.join()


def _serve(conn: Any, ready: Ready) -> None:
    # Ctrl-C is the parent's to handle; it then stops the child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from . import _models
    from ._partition import in_two_parts

    # When this fails, every request fails too, and the parent runs the model generator itself.
    with contextlib.suppress(BaseException):
        _models.import_model_generator()
    ready.set()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the run that forked it is gone
            break
        kind, schemas, import_name, header = request
        generate = functools.partial(
            _models.generated_module, import_name=import_name, header=header
        )
        try:
            if kind == "two parts":
                conn.send(("ok", in_two_parts(schemas[0], schemas[1], generate)))
            else:
                conn.send(("ok", generate(schemas)))
        except BaseException:
            conn.send(("failed", None))
    conn.close()
