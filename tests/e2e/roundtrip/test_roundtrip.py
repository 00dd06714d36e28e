"""Round trip of every operation of a spec through its GENERATED sync and async clients,
against openapi-core (tests/e2e/roundtrip/_harness.py says how). The share of operations that
round-trip is printed per spec (`pytest -s`) and kept in the README's "Wire format" section.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .._corpus import extract, npm_tarball
from ..test_corpus import OAS_EXAMPLES, npm_cache
from ._harness import RoundTrip

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
TEST_SPECS = ROOT / "tests" / "specs"

# The round trip's own specs (specs/ beside this file) hold what openapi-core 0.23 cannot check
# as it comes: test_oracle_fallbacks.py says what the oracle does there.
HARNESS_SPECS = Path(__file__).resolve().parent / "specs"
OURS = (
    sorted(ROOT.glob("specs/*.yaml"))
    + sorted(TEST_SPECS.glob("*.yaml"))
    + sorted(HARNESS_SPECS.glob("*.yaml"))
)


def _peer_specs() -> list[Path]:
    folder = SHARED / "peer-specs"
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in (".yaml", ".yml", ".json") and "documents_with_errors" not in p.parts
    )


# What round-trips on the peer documents today (of the operations the generator emits); the
# README's "Wire format" section lists why the others do not. The share may only grow.
PEER_FLOOR = {
    "baseline_openapi_3.1.yaml": 48,
    "baseline_openapi_3.0.json": 48,
    "openapi_3.1_enums.yaml": 3,
    "3.1_specific.openapi.yaml": 2,
}


def _run(spec: Path, tmp_path: Path, *, floor: int | None = None) -> None:
    outcome = RoundTrip(spec, tmp_path).run()
    print("\n" + outcome.summary(spec.name))
    for key, reason in {**outcome.skipped, **outcome.failed, **outcome.left_out}.items():
        print(f"  {key}: {reason}")
    for key, reason in outcome.impossible.items():  # explained by the spec, not the client
        print(f"  {key}: {reason}")
    # An operation the generator leaves out says why, naming where in the spec.
    assert all("left out" in r and "(at /paths/" in r for r in outcome.left_out.values()), (
        outcome.left_out
    )
    if floor is not None:
        assert len(outcome.passed) >= floor, outcome.summary(spec.name)
        return
    assert not outcome.failed, outcome.failed
    assert not outcome.skipped, outcome.skipped
    assert not outcome.impossible, outcome.impossible
    assert outcome.passed


@pytest.mark.xdist_group("roundtrip")
@pytest.mark.parametrize("spec", OURS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_operation_round_trips(spec: Path, tmp_path: Path) -> None:
    _run(spec, tmp_path)


@pytest.mark.xdist_group("roundtrip")
@pytest.mark.parametrize("spec", _peer_specs() or [None], ids=lambda p: p.name if p else "none")
def test_peer_documents_round_trip(spec: Path | None, tmp_path: Path) -> None:
    if spec is None:
        pytest.skip("../shared/peer-specs is not here")
    _run(spec, tmp_path, floor=PEER_FLOOR.get(spec.name, 1))


# -- a sample of public specs (opt-in) --------------------------------------------------------

# Public specs from the corpus's npm package (pinned, integrity-checked), with the share of
# their operations that round-trip today; the README's "Wire format" section says why the
# others do not. Opt in with `-m roundtrip_public` (or CLIENTGEN_ROUNDTRIP_PUBLIC=1).
PUBLIC_FLOOR = {
    "3.0/yaml/petstore.yaml": 20,
    "3.1/json/train-travel.json": 7,
    "3.0/json/complex-nesting.json": 5,
    "3.1/yaml/parameters-style.yaml": 25,
    "3.0/json/discriminators.json": 10,
    "3.0/json/polymorphism.json": 13,
    "3.1/json/schema-types.json": 21,
    "3.0/yaml/uspto.yaml": 3,
}


__all__ = ["npm_cache"]  # the corpus tests' fixture: tarballs fetched once per run


@pytest.fixture
def _public_gate(request: pytest.FixtureRequest) -> None:
    chosen = "roundtrip_public" in (request.config.getoption("markexpr") or "")
    if not chosen and os.environ.get("CLIENTGEN_ROUNDTRIP_PUBLIC") != "1":
        pytest.skip(
            "public round trip: opt in with -m roundtrip_public (or CLIENTGEN_ROUNDTRIP_PUBLIC=1)"
        )


@pytest.mark.roundtrip_public
@pytest.mark.network
@pytest.mark.xdist_group("roundtrip")
@pytest.mark.usefixtures("_public_gate")
@pytest.mark.parametrize("path", sorted(PUBLIC_FLOOR))
def test_public_specs_round_trip(path: str, tmp_path: Path, npm_cache: Path) -> None:
    tarball = npm_tarball(OAS_EXAMPLES, npm_cache)
    [spec] = extract(tarball, [f"package/{path}"], tmp_path / "src")
    (tmp_path / "run").mkdir()
    _run(spec, tmp_path / "run", floor=PUBLIC_FLOOR[path])
