"""A server that keeps clientgen's libraries imported between runs: opt in with
`CLIENTGEN_SERVER=1`.

A run of clientgen on a small spec is mostly imports: the model generator (about 0.4 s), the
validator (0.25 s), click, Jinja. Run from pre-commit on every commit, each run pays them again.
With `CLIENTGEN_SERVER=1`, the first run works as usual and starts, in the background, a server
that imports all of that once and then waits on a Unix socket. Later runs connect to it and
hand over their arguments, folder, environment and standard streams; the server forks a child
that already has everything imported, and that child runs the command exactly as the run would
have (same output, messages and exit code; Ctrl-C is passed on to it).

The socket's name carries a hash of the Python interpreter, the generator's source and the
installed versions of its libraries: after an upgrade or an edit of the generator, runs no
longer reach the old server, which exits after `IDLE_SECONDS` without a request. The socket
lives in a folder only its user can enter (`$XDG_RUNTIME_DIR/clientgen`, else
`<temp>/clientgen-<uid>`), and the server serves only connections of its own user. When
there is no server, or it fails to answer, the run goes on by itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ENV = "CLIENTGEN_SERVER"
IDLE_SECONDS = float(os.environ.get("CLIENTGEN_SERVER_IDLE", "900"))
MAX_JOBS = 8  # runs served at once; more run by themselves
_LIBRARIES = (
    "datamodel_code_generator",
    "pydantic",
    "pydantic_core",
    "openapi_spec_validator",
    "openapi_schema_validator",
    "jsonschema",
    "jsonschema_rs",
    "ruff",
    "click",
    "jinja2",
    "pyyaml",
)
_HEADER = struct.Struct("!Q")
_log: Path | None = None


def enabled() -> bool:
    """Whether this run should use (and start) the server."""
    wanted = os.environ.get(ENV, "").strip().lower() in ("1", "on", "true", "yes")
    return wanted and hasattr(os, "fork") and hasattr(socket, "send_fds")


def folder() -> Path | None:
    """The socket folder, made if missing; None when it is not this user's alone."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) / "clientgen" if runtime else None
    if base is None:
        base = Path(tempfile.gettempdir()) / f"clientgen-{os.getuid()}"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = base.lstat()
    except OSError:
        return None
    if not base.is_dir() or status.st_uid != os.getuid() or status.st_mode & 0o077:
        return None
    return base


def identity() -> str:
    """What a server must share with a run to serve it: interpreter, source, libraries."""
    from . import _store
    from ._fingerprint import VALIDATOR_DISTRIBUTIONS, generator_source, installed_versions

    versions = installed_versions(*_LIBRARIES, *VALIDATOR_DISTRIBUTIONS)
    return _store.key(
        sys.executable, sys.version, generator_source(), repr(sorted(versions.items()))
    )[:20]


def socket_path() -> Path | None:
    """The server's socket; None where there is no private folder for it, or its name would
    be longer than a Unix socket's name may be."""
    base = folder()
    path = base / f"{identity()}.sock" if base is not None else None
    return path if path is not None and len(os.fsencode(path)) < 100 else None


# The client side: one run of `clientgen`.


def run(args: list[str]) -> int | None:
    """Run `clientgen ARGS` in the server and return its exit code; None when there is no
    server to run it (one is then started for the next run)."""
    path = socket_path()
    if path is None:
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(str(path))
    except OSError:
        connection.close()
        start(path)
        return None
    with connection:
        main = sys.modules["__main__"]
        request = json.dumps(
            {
                "args": args,
                "cwd": os.getcwd(),
                "env": dict(os.environ),
                # What click names the program after in its messages.
                "argv0": sys.argv[0],
                "package": getattr(main, "__package__", None),
            }
        ).encode()
        try:
            socket.send_fds(connection, [_HEADER.pack(len(request))], [0, 1, 2])
            connection.sendall(request)
            reader = connection.makefile("rb")
            started = reader.readline()
        except OSError:
            return None
        if not started:
            return None  # the server went away before starting the job: run it here
        child = int(json.loads(started)["pid"])

        def relay(signum: int, _frame: Any) -> None:
            with contextlib.suppress(OSError):
                os.kill(child, signum)

        previous = {s: signal.signal(s, relay) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            finished = reader.readline()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
    if not finished:
        sys.stderr.write("error: the clientgen server's job ended without an exit code\n")
        return 1
    return int(json.loads(finished)["exit"])


def start(path: Path) -> None:
    """Start a server on `path` in the background, detached from this run."""
    import subprocess

    package_parent = Path(__file__).resolve().parent.parent
    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-m", "generator._server", str(path)],
            cwd=package_parent,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )


# The server side.


def serve(path: Path) -> None:
    """Import what runs need, then serve runs on `path` until idle for IDLE_SECONDS."""
    import fcntl

    lock = open(path.with_suffix(".lock"), "a+")  # noqa: SIM115  (held while serving)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another server for the same identity is starting or serving
    lock.truncate(0)
    lock.write(f"{os.getpid()}\n")  # who serves, for whoever needs to stop it
    lock.flush()
    global _log
    _log = path.with_suffix(".log")
    _log.write_text("")  # one server's life: what it served
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    _warm_up()
    import gc

    # What the warm-up created is left out of the children's garbage collections: walking it
    # would copy the memory the server shares with them.
    gc.freeze()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    listener.bind(str(path))
    listener.listen(16)
    listener.settimeout(min(IDLE_SECONDS, 5.0))
    server = os.getpid()
    last = time.monotonic()
    children: set[int] = set()
    try:
        while time.monotonic() - last < IDLE_SECONDS:
            _reap(children)
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            last = time.monotonic()
            connection.settimeout(None)
            if not _same_user(connection) or len(children) >= MAX_JOBS:
                connection.close()  # the run then works by itself
                continue
            child = os.fork()
            if child == 0:
                listener.close()
                _child(connection)  # never returns
            children.add(child)
            connection.close()
    finally:
        if os.getpid() == server:
            with contextlib.suppress(OSError):
                path.unlink()
            with contextlib.suppress(OSError):
                path.with_suffix(".log").unlink()
            listener.close()
            lock.close()


def _warm_up() -> None:
    """Import everything a run imports, the heavy libraries above all."""
    from . import _format, _models, _pipeline, _render, _validate, cli  # noqa: F401
    from .parse import build_api  # noqa: F401

    _models.import_model_generator()
    _validate._import_validators()
    _pipeline._import_shared()


def _reap(children: set[int]) -> None:
    """Collect the children that have finished."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            children.clear()
            return
        if pid == 0:
            return
        children.discard(pid)


def _same_user(connection: socket.socket) -> bool:
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return True  # the folder's permissions already keep other users out
    credentials = connection.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", credentials)
    return bool(uid == os.getuid())


def _child(connection: socket.socket) -> None:
    """Run one request in this forked child, then exit."""
    from . import _model_worker

    _model_worker.USABLE = False  # the model generator is imported here already
    code = 1
    try:
        request = _receive(connection)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # The run, and anything it starts, must not ask a server again.
        os.environ[ENV] = "off"
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        connection.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
        sys.argv = [request.get("argv0") or "clientgen", *request["args"]]
        sys.modules["__main__"].__package__ = request.get("package")
        _note(f"{os.getpid()} run {json.dumps(request['args'])} in {request['cwd']}")
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(AttributeError, OSError, ValueError):
                stream.reconfigure(line_buffering=stream.isatty())  # type: ignore[union-attr]
        code = _run_main()
    except BaseException:
        os._exit(1)
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
    _note(f"{os.getpid()} exit {code}")
    with contextlib.suppress(OSError):
        connection.sendall(json.dumps({"exit": code}).encode() + b"\n")
    os._exit(0)


def _note(line: str) -> None:
    """Append a line to the server's log."""
    if _log is not None:
        with contextlib.suppress(OSError), open(_log, "a", encoding="utf-8") as file:
            file.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {line}\n")


def _receive(connection: socket.socket) -> dict[str, Any]:
    data, fds, _, _ = socket.recv_fds(connection, _HEADER.size, 3)
    if len(fds) != 3 or len(data) != _HEADER.size:
        raise ValueError("not a request")
    (length,) = _HEADER.unpack(data)
    body = bytearray()
    while len(body) < length:
        more = connection.recv(length - len(body))
        if not more:
            raise ValueError("a request cut short")
        body += more
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    request = json.loads(bytes(body))
    if not isinstance(request, dict):
        raise ValueError("not a request")
    return request


def _run_main() -> int:
    """`clientgen` as the entry point runs it; its exit code."""
    import multiprocessing

    from ._quick import main

    try:
        main()
        code: int = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        if isinstance(exit_.code, str):
            sys.stderr.write(exit_.code + "\n")
    except KeyboardInterrupt:
        code = 130
    finally:
        for process in multiprocessing.active_children():
            process.terminate()
            process.join(1)
    return code


if __name__ == "__main__":
    # Served by the package's module, not this `__main__` copy of it: one module holds the
    # server's state (its log) for the children.
    from generator import _server

    _server.serve(Path(sys.argv[1]))
