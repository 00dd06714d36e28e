"""The opt-in server (CLIENTGEN_SERVER=1, generator/_server.py): a served run writes, prints and
exits exactly as a run by itself does, in the run's folder and environment; Ctrl-C reaches the
job; a server that is gone, stale or idle never stands in the way."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import _server

from ..conftest import ROOT, run_module, tree_digest

FEATHER = ROOT / "specs" / "feather.yaml"
pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="the server needs fork"),
    pytest.mark.xdist_group("server"),
]


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private socket folder (short: socket names are limited); every server started in it
    is stopped afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="cgs"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    try:
        yield folder
    finally:
        for lock in folder.rglob("*.lock"):
            with contextlib.suppress(ValueError, OSError):
                os.kill(int(lock.read_text().split()[0]), signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)


def _env(runtime: Path, served: bool, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CLIENTGEN_SERVER"}
    env.update({"XDG_RUNTIME_DIR": str(runtime), "CLIENTGEN_CACHE_DIR": "off", **extra})
    env["CLIENTGEN_SERVER"] = "1" if served else "0"
    return env


def _socket(runtime: Path) -> Path:
    (path,) = list(runtime.glob("clientgen/*.sock")) or [None]
    assert path is not None
    return path


def _wait_for_server(runtime: Path) -> Path:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        sockets = list(runtime.glob("clientgen/*.sock"))
        if sockets:
            return sockets[0]
        time.sleep(0.2)
    raise AssertionError("no server started")


def _served(runtime: Path) -> list[str]:
    """The runs the server's log lists."""
    return [
        line
        for log in runtime.glob("clientgen/*.log")
        for line in log.read_text().splitlines()
        if " run " in line
    ]


def _started(runtime: Path, tmp_path: Path) -> Path:
    """A server for this runtime folder, started by a first run."""
    first = run_module(tmp_path, "--help", env=_env(runtime, True))
    assert first.returncode == 0, first.stderr
    return _wait_for_server(runtime)


def test_a_served_run_is_the_same_run(runtime: Path, tmp_path: Path) -> None:
    _started(runtime, tmp_path)
    cases = [
        ("generate", str(FEATHER), "-o", "{out}", "-p", "feather_client"),
        # a warning on stderr: an operation tag missing from the top-level `tags`
        ("generate", "{warned}", "-o", "{out}", "-p", "feather_client"),
        # an invalid spec: exit code 2 and the errors on stderr
        ("validate", "{invalid}"),
        ("nonsense",),
    ]
    warned = tmp_path / "warned.yaml"
    warned.write_text(FEATHER.read_text().replace("        - integrations\n", "        - x\n", 1))
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text(FEATHER.read_text().replace("type: boolean", "type: booleen", 1))
    for i, case in enumerate(cases):
        outcomes = []
        for served in (True, False):
            cwd = tmp_path / f"case{i}-{served}"
            cwd.mkdir()
            args = [a.format(out="out", warned=warned, invalid=invalid) for a in case]
            ran = run_module(cwd, *args, env=_env(runtime, served))
            text = re.sub(r" in [0-9.]+ s", " in _ s", ran.stdout + ran.stderr)
            out = cwd / "out"
            outcomes.append((ran.returncode, text, tree_digest(out) if out.exists() else None))
        assert outcomes[0] == outcomes[1], case
    assert len(_served(runtime)) == len(cases), "not every run was served"


def test_the_run_has_its_folder_and_environment(runtime: Path, tmp_path: Path) -> None:
    _started(runtime, tmp_path)
    project = tmp_path / "project"
    shutil.copytree(ROOT / "specs", project / "specs")
    shutil.copy2(ROOT / "pyproject.toml", project / "pyproject.toml")
    cache = tmp_path / "cache"
    ran = run_module(project, "generate", env=_env(runtime, True, CLIENTGEN_CACHE_DIR=str(cache)))
    assert ran.returncode == 0, ran.stderr
    assert tree_digest(project / "generated") == tree_digest(ROOT / "generated")
    assert list(cache.glob("validation/*/*")), "the run did not use its own cache setting"
    assert _served(runtime)


def test_ctrl_c_reaches_the_job(runtime: Path, tmp_path: Path) -> None:
    from .test_incremental import _spec

    _started(runtime, tmp_path)
    spec = tmp_path / "items.json"
    spec.write_text(json.dumps(_spec()))
    out = tmp_path / "out"
    client = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "-p", "items"],
        cwd=tmp_path,
        env=_env(runtime, True),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not _served(runtime) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    client.send_signal(signal.SIGINT)
    _, stderr = client.communicate(timeout=60)
    assert client.returncode == 130, stderr
    assert not out.exists(), "an interrupted run wrote its output"
    log = "\n".join(p.read_text() for p in runtime.glob("clientgen/*.log"))
    assert " exit 130" in log


def test_a_dead_server_is_replaced_and_the_run_goes_on(runtime: Path, tmp_path: Path) -> None:
    socket = _started(runtime, tmp_path)
    server = int(socket.with_suffix(".lock").read_text().split()[0])
    os.kill(server, signal.SIGKILL)
    time.sleep(0.2)
    assert socket.exists()  # left behind: connecting to it fails
    ran = run_module(
        tmp_path, "generate", str(FEATHER), "-o", "o", "-p", "f", env=_env(runtime, True)
    )
    assert ran.returncode == 0, ran.stderr
    assert (tmp_path / "o" / "f" / "__init__.py").exists()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError, IndexError):
            replacement = int(socket.with_suffix(".lock").read_text().split()[0])
            if replacement != server and socket.exists():
                break
        time.sleep(0.2)
    else:
        raise AssertionError("no new server")


def test_an_idle_server_goes_away(runtime: Path, tmp_path: Path) -> None:
    first = run_module(tmp_path, "--help", env=_env(runtime, True, CLIENTGEN_SERVER_IDLE="1"))
    assert first.returncode == 0
    socket = _wait_for_server(runtime)
    deadline = time.monotonic() + 60
    while socket.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not socket.exists(), "the idle server did not leave"


def test_a_stale_server_is_not_asked(
    runtime: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run finds the server its own generator started; an edit of the generator's source,
    or another version of a library it imports, names another socket."""
    from generator import _fingerprint

    socket = _started(runtime, tmp_path)
    assert _server.socket_path() == socket
    with monkeypatch.context() as patched:
        patched.setattr(_fingerprint, "generator_source", lambda: "an edited generator")
        assert _server.socket_path() != socket
    versions = dict(_fingerprint._installed())
    for library in ("datamodel_code_generator", "jsonschema"):
        with monkeypatch.context() as patched:
            other = {**versions, library: "0.0.1"}
            patched.setattr(_fingerprint, "_installed", lambda other=other: other)
            assert _server.socket_path() != socket, library
    assert _server.socket_path() == socket


def test_the_socket_folder_must_be_private(runtime: Path) -> None:
    folder = _server.folder()
    assert folder is not None and folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o755)
    assert _server.folder() is None
    folder.chmod(0o700)
    assert _server.folder() == folder
