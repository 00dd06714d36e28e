"""Generated clients round-trip through openapi-core: every operation's synthesised arguments
arrive as the spec says, and a response synthesised from the spec parses back to the same JSON
(see ``tests/_roundtrip.py``), sync and async."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ._oracle import oracle_server
from ._roundtrip import Outcome, declare_serialization, load_spec, round_trip
from ._servers import VENDORS
from .conftest import run_module

ROOT = Path(__file__).resolve().parents[1]
TEST_SPECS = ROOT / "tests" / "specs"

# One worker generates each spec once for every test here.
pytestmark = pytest.mark.xdist_group("roundtrip")


def summary(outcomes: list[Outcome]) -> str:
    return "\n".join(f"{o.operation} [{o.mode}] {o.status}: {o.detail}" for o in outcomes)


def run_spec(spec_path: Path, source: Path, sync: type[Any], async_: type[Any]) -> list[Outcome]:
    with oracle_server(spec_path) as url:
        return round_trip(
            load_spec(spec_path),
            url,
            {"sync": sync, "async": async_},
            source.read_text(encoding="utf-8"),
        )


@pytest.mark.parametrize("vendor", sorted(VENDORS))
def test_vendor_clients_round_trip(vendor: str) -> None:
    info = VENDORS[vendor]
    source = ROOT / "generated" / "connector_clients" / vendor / "_client.py"
    outcomes = run_spec(
        ROOT / "specs" / f"{vendor}.yaml", source, info.sync_client, info.async_client
    )
    assert outcomes and all(o.status == "ok" for o in outcomes), summary(outcomes)


def generated_clients(
    spec: Path, out: Path, package: str, *flags: str
) -> Iterator[tuple[Path, type[Any], type[Any]]]:
    """Generate ``spec`` into ``out`` and yield each API's client module source and classes."""
    result = run_module(out, "generate", str(spec), "--output", "gen", "--package", package, *flags)
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(out / "gen"))  # kept: generated packages may import lazily
    for source in sorted((out / "gen" / package).glob("*/_client.py")):
        module = importlib.import_module(f"{package}.{source.parent.name}._client")
        names = [n for n in getattr(module, "__all__", []) if n.endswith("Client")]
        sync_name = next(n for n in names if not n.startswith("Async"))
        yield source, getattr(module, sync_name), getattr(module, "Async" + sync_name)


Generated = list[tuple[Path, type[Any], type[Any]]]
_GENERATED: dict[str, Generated] = {}


@pytest.fixture(scope="module")
def generate(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Generated]:
    """The clients generated (leniently) from a spec of tests/specs, once per module."""

    def get(name: str) -> Generated:
        if name not in _GENERATED:
            out = tmp_path_factory.mktemp("roundtrip")
            package = "rt_" + name.removesuffix(".yaml")
            _GENERATED[name] = list(generated_clients(TEST_SPECS / name, out, package, "--lenient"))
        return _GENERATED[name]

    return get


def spec_outcomes(name: str, clients: Generated) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for source, sync, async_ in clients:
        outcomes += run_spec(TEST_SPECS / name, source, sync, async_)
    return outcomes


@pytest.mark.parametrize("name", ["disc.yaml", "narrow.yaml", "root.yaml"])
def test_test_spec_clients_round_trip(name: str, generate: Callable[[str], Generated]) -> None:
    outcomes = spec_outcomes(name, generate(name))
    assert outcomes and all(o.status == "ok" for o in outcomes), summary(outcomes)


def test_wire_spec_round_trips(generate: Callable[[str], Generated]) -> None:
    """Every operation of ``wire.yaml`` that the generator emits round-trips, now that each
    generated ``Endpoint`` declares the serialization the spec gives."""
    outcomes = spec_outcomes("wire.yaml", generate("wire.yaml"))
    assert outcomes and all(o.status == "ok" for o in outcomes), summary(outcomes)


def test_wire_spec_round_trips_with_the_serialization_declared(
    generate: Callable[[str], Generated],
) -> None:
    """The same clients with each ``Endpoint`` given the spec's serialization (what the
    generator is to emit; until it does, set here from the spec): every operation round-trips."""
    spec = load_spec(TEST_SPECS / "wire.yaml")
    outcomes: list[Outcome] = []
    for source, sync, async_ in generate("wire.yaml"):
        module = sys.modules[sync.__module__]
        saved = dict(vars(module))
        try:
            declare_serialization(spec, sync, source.read_text(encoding="utf-8"))
            outcomes += run_spec(TEST_SPECS / "wire.yaml", source, sync, async_)
        finally:
            vars(module).update(saved)
    assert len(outcomes) >= 14
    assert all(o.status == "ok" for o in outcomes), summary(outcomes)
