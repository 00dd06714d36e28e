"""The model generator in a child forked at the start of a run (`_model_worker`): it must write
what this process writes, serve several specs, and never be needed: when it fails or is gone,
the models are generated here, the same."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

import generator._models as models_stage
from generator import _format, _model_worker, _pipeline
from generator._config import ApiSettings
from generator._errors import SpecError
from generator._ir import Api
from generator._load import load_spec
from generator.parse import build_api

from ..conftest import run_cli, tree_digest

SPECS = Path(__file__).resolve().parents[1] / "specs"


def _api(name: str) -> Api:
    path = SPECS / f"{name}.yaml"
    return build_api(load_spec(path, path.name), ApiSettings(slug=name, class_prefix="P"))


def test_the_worker_writes_what_this_process_writes() -> None:
    apis = [_api("features"), _api("demo"), _api("tuples")]
    here = [models_stage.generate_models(api, "p_w").source for api in apis]
    worker = _model_worker.ModelWorker()
    try:
        there = [models_stage.generate_models(api, "p_w", worker).source for api in apis]
    finally:
        worker.close()
    assert there == here
    assert all("class " in source for source in there)


def test_a_request_the_child_fails_is_generated_here(monkeypatch: pytest.MonkeyPatch) -> None:
    api = _api("features")
    expected = models_stage.generate_models(api, "p_w").source

    def broken(*args: Any) -> Any:
        raise RuntimeError("the model generator failed")

    # The child is forked with the broken model generator; this process gets the real one back.
    monkeypatch.setattr(models_stage, "_generate", broken)
    worker = _model_worker.ModelWorker()
    monkeypatch.undo()
    try:
        assert worker.generate(dict(api.schemas), "p_w", '"""x"""') is None
        assert models_stage.generate_models(api, "p_w", worker).source == expected
        # The child is still there for the next spec (and fails again the same way).
        assert worker.generate(dict(api.schemas), "p_w", '"""x"""') is None
    finally:
        worker.close()


def test_a_child_that_is_gone_is_not_needed() -> None:
    api = _api("demo")
    expected = models_stage.generate_models(api, "p_w").source
    worker = _model_worker.ModelWorker()
    worker._process.kill()
    worker._process.join()
    try:
        assert models_stage.generate_models(api, "p_w", worker).source == expected
        assert worker.generate(dict(api.schemas), "p_w", '"""x"""') is None
    finally:
        worker.close()
    worker.close()  # closing twice is harmless


def test_an_error_of_the_model_generator_is_reported_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The child fails on the request; this process then runs the model generator itself, and
    its error is the spec error it always was."""

    def broken(*args: Any) -> Any:
        raise ValueError("cannot read this schema")

    monkeypatch.setattr(models_stage, "_generate", broken)
    worker = _model_worker.ModelWorker()
    try:
        with pytest.raises(SpecError, match="the model generator could not read the schemas"):
            models_stage.generate_models(_api("demo"), "p_w", worker)
    finally:
        worker.close()


def test_a_run_stops_its_worker_and_writes_the_same_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[_model_worker.ModelWorker] = []

    class Recorded(_model_worker.ModelWorker):
        def __init__(self) -> None:
            super().__init__()
            started.append(self)

    monkeypatch.setattr(_model_worker, "ModelWorker", Recorded)
    spec = SPECS / "features.yaml"
    args = ["generate", str(spec), "--package", "p_features", "--output"]
    result = run_cli(tmp_path, *args, "with-worker")
    assert result.exit_code == 0, result.output
    assert len(started) == (1 if _pipeline._PARALLEL else 0)
    assert not any(worker._process.is_alive() for worker in started)

    monkeypatch.setattr(_pipeline, "_PARALLEL", False)  # no child at all
    result = run_cli(tmp_path, *args, "without")
    assert result.exit_code == 0, result.output
    assert len(started) <= 1
    assert tree_digest(tmp_path / "with-worker") == tree_digest(tmp_path / "without")


@pytest.mark.skipif(
    not (_pipeline._PARALLEL and _model_worker.USABLE), reason="one core, or no fork: no worker"
)
def test_answered_says_whether_the_module_is_there_without_waiting() -> None:
    api = _api("features")
    worker = _model_worker.ModelWorker()
    try:
        assert not worker.answered()  # nothing asked for
        assert worker.submit(api.schemas, "p_w", "")
        deadline = time.monotonic() + 120
        while not worker.answered():
            assert time.monotonic() < deadline
            time.sleep(0.01)
        source = worker.receive()
        assert source is not None and "class " in source
        assert not worker.answered()  # received
    finally:
        worker.close()


@pytest.mark.parametrize("answered", [False, True], ids=["making", "done"])
def test_the_clients_are_formatted_while_the_worker_makes_the_models(
    answered: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the worker makes the models, the clients are formatted; when it is done by the
    time the clients are rendered, they are formatted with the models, in one run."""
    monkeypatch.setattr(_model_worker.ModelWorker, "answered", lambda self: answered)
    events: list[tuple[str, Any]] = []
    result, format_files = models_stage.ModelsJob.result, _format.format_files

    def asked(self: models_stage.ModelsJob) -> models_stage.Models:
        events.append(("models asked for", self.in_background))
        return result(self)

    def formatted(files: dict[str, str], *args: Any) -> dict[str, bytes]:
        events.append(("formatted", {rel.rsplit("/", 1)[-1] for rel in files}))
        return format_files(files, *args)

    monkeypatch.setattr(models_stage.ModelsJob, "result", asked)
    monkeypatch.setattr(_format, "format_files", formatted)
    spec = SPECS / "features.yaml"
    result_ = run_cli(tmp_path, "generate", str(spec), "-p", "p_f", "-o", "out")
    assert result_.exit_code == 0, result_.output
    if answered:
        (first, in_background), (second, every) = events
        assert (first, second) == ("models asked for", "formatted")
        assert in_background
        assert {"_client.py", "testing.py", "models.py", "__init__.py"} <= every
        return
    (first, clients), (second, in_background), (third, rest) = events
    assert (first, second, third) == ("formatted", "models asked for", "formatted")
    assert in_background  # the worker was making the models while the clients were formatted
    assert {"_client.py", "testing.py", "pyproject.toml"} <= clients
    assert "models.py" not in clients and "__init__.py" not in clients
    assert "models.py" in rest and "_client.py" not in rest


def test_the_worker_started_early_is_taken_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_model_worker, "USABLE", True)
    _model_worker.start_early()
    worker = _model_worker.take()
    assert worker is not None
    try:
        assert _model_worker.take() is None  # the caller owns it now
        api = _api("tuples")
        expected = models_stage.generate_models(api, "p_w").source
        assert models_stage.generate_models(api, "p_w", worker).source == expected
    finally:
        worker.close()
    assert not worker._process.is_alive()
    monkeypatch.setattr(_model_worker, "USABLE", False)  # one core: none
    _model_worker.start_early()
    assert _model_worker.take() is None


def test_a_worker_closed_in_the_middle_of_a_request_is_stopped_at_once() -> None:
    """Ctrl-C while the child generates: closing does not wait for models nobody wants."""
    worker = _model_worker.ModelWorker()
    worker._busy = True  # as when an interrupt leaves `generate` before the answer
    worker.close()
    assert not worker._process.is_alive()
    assert worker._process.exitcode == -9  # killed, not asked to stop
    # Killed wherever it was (here, most likely in its import, before its own `ready.set()`),
    # it leaves the flag others wait for working: setting it and waiting for it return.
    setting = threading.Thread(target=worker.ready.set, daemon=True)
    setting.start()
    setting.join(timeout=10)
    assert not setting.is_alive()
    assert worker.ready.wait(timeout=10)
    assert worker.generate({}, "p_w", '"""x"""') is None


def test_the_ready_flag_survives_a_process_killed_while_waiting_or_setting_it() -> None:
    import multiprocessing
    import os
    import signal

    context = multiprocessing.get_context("fork")
    for action in ("wait", "set"):
        ready = _model_worker.Ready()
        child = context.Process(target=getattr(ready, action), daemon=True)
        child.start()
        child.join(timeout=0.05)
        if child.is_alive():
            os.kill(child.pid or 0, signal.SIGKILL)
        child.join()
        ready.set()
        assert ready.is_set()
        assert ready.wait(timeout=1)
    unset = _model_worker.Ready()
    assert not unset.wait(timeout=0.02)


def test_closing_does_not_wait_for_the_import(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A run that never asks the worker for models (a spec without schemas, models from the
    cache) closes it without waiting for its import of the model generator: the child is
    stopped where it is."""
    import time

    marker = tmp_path / "imported"

    def slow_import() -> None:
        time.sleep(1)
        marker.write_text("imported")

    monkeypatch.setattr(models_stage, "import_model_generator", slow_import)
    worker = _model_worker.ModelWorker()  # forked with the slow import
    worker.close()
    time.sleep(2)
    assert not marker.exists()
    assert not worker.is_open and not worker._process.is_alive()
