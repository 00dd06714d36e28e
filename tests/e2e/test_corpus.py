"""The generator on real, messy OpenAPI documents, not only on the hand-written vendor specs.

Two corpora, each spec generated with the one-spec CLI into a temporary folder:

- the peer generator's test specs (read-only in ../shared; skipped when it is absent): generated
  with --lenient, the output imports, passes `mypy --strict` and ruff; the baselines hold edge
  cases the validator rejects, so without --lenient they exit 2 naming a JSON pointer;
- public specs shipped in npm packages, fetched at test time with `npm pack NAME@VERSION` (pinned,
  integrity-checked; skipped when the registry cannot be reached): generated with --lenient, every
  module imports and every model builds, `mypy --strict` and ruff pass.

Tests marked `slow` (GitHub's 1,200-operation description, about a minute) run only with
CLIENTGEN_SLOW=1.
"""

from __future__ import annotations

import io
import os
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from ._corpus import (
    PEER_SPECS,
    NpmPackage,
    check_output,
    check_pointers,
    extract,
    generate,
    load_document,
    npm_tarball,
    slug,
)

RUN_SLOW = os.environ.get("CLIENTGEN_SLOW") == "1"


@pytest.fixture
def _slow_gate(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("slow") is not None and not RUN_SLOW:
        pytest.skip(
            "slow corpus test: run it with CLIENTGEN_SLOW=1 "
            "(CLIENTGEN_SLOW=1 .venv/bin/python -m pytest tests/e2e/test_corpus.py -m slow)"
        )


pytestmark = pytest.mark.usefixtures("_slow_gate")


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache per test worker: the runtime's dependencies are analysed once."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture(scope="session")
def npm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Downloaded tarballs, shared by the test workers of one run."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the workers' temporary folders sit side by side
    cache = base / "corpus-npm-tarballs"
    cache.mkdir(exist_ok=True)
    return cache


# -- the peer generator's specs --------------------------------------------------------------

PEER = [
    "baseline_openapi_3.0.json",
    "baseline_openapi_3.1.yaml",
    "3.1_specific.openapi.yaml",
    "openapi_3.1_enums.yaml",
]
# Deliberate edge cases the validator rejects, present in both baselines: a parameter whose
# default does not fit its type, and an operation with an unknown `title` field.
BASELINE_REJECTED = {
    "/paths/~1defaults/post/parameters/1/schema/default",
    "/paths/~1types~1unions~1duplicate-types/post",
}


def peer_spec(name: str) -> Path:
    if not PEER_SPECS.is_dir():
        pytest.skip("../shared/peer-specs is not present")
    path = PEER_SPECS / name
    assert path.is_file(), f"{path} is missing from the peer specs"
    return path


@pytest.mark.parametrize("name", PEER)
def test_peer_spec_lenient(name: str, tmp_path: Path, mypy_cache: Path) -> None:
    spec = peer_spec(name)
    gen = generate(spec, tmp_path, f"peer_{slug(name)}")
    assert gen.returncode == 0, gen.describe()
    assert "Traceback" not in gen.stderr, gen.describe()
    # Whatever was skipped or forgiven is said, with where it is in the spec.
    check_pointers(gen.warnings, load_document(spec), "warning")
    if name.startswith("baseline_"):
        assert gen.warnings, "the baselines have edge cases; --lenient should warn about them"
    assert gen.operations > 0, gen.stdout
    report = check_output(gen, mypy_cache)
    assert report["models"] > 0


@pytest.mark.parametrize("name", [n for n in PEER if n.startswith("baseline_")])
def test_peer_baseline_strict_names_pointer(name: str, tmp_path: Path) -> None:
    spec = peer_spec(name)
    gen = generate(spec, tmp_path, f"strict_{slug(name)}", lenient=False)
    assert gen.returncode == 2, gen.describe()
    assert "Traceback" not in gen.stderr, gen.describe()
    assert not gen.output.exists(), "a rejected spec must not leave output behind"
    assert gen.errors, gen.describe()
    for error in gen.errors:
        # `FILE:LINE: message (at /json/pointer)`
        assert error.startswith(f"{spec}:"), error
        assert error[len(f"{spec}:") :].split(":", 1)[0].isdigit(), error
    pointers = set(check_pointers(gen.errors, load_document(spec), "error"))
    assert pointers >= BASELINE_REJECTED, gen.describe()
    # --lenient turns exactly these errors into warnings (and goes on).
    lenient = generate(spec, tmp_path / "lenient", f"lenient_{slug(name)}")
    assert lenient.returncode == 0, lenient.describe()
    assert set(check_pointers(lenient.warnings, load_document(spec), "warning")) >= pointers


# -- public specs from npm packages ----------------------------------------------------------

OAS_EXAMPLES = NpmPackage(
    "@readme/oas-examples",
    "8.2.2",
    "sha512-uytlvlylq3zpemG0h1R7ijlMBCajqXU0VpMI1Iw+j92s77Y/oT6pBf3BZN0lYl0WIGTh7POM4Jdu7L14eCzwXQ==",
)
DIRECTUS = NpmPackage(
    "@directus/specs",
    "15.2.0",
    "sha512-JauzDjbFbeoZ9AceWh/pbG/U2R2/5V8jP7Ldp/bpSPbsDu392uXEUQGTfWkowLqgRXtjmGHP5vIZoUJpjqaFPw==",
)
BLOCKFROST = NpmPackage(
    "@blockfrost/openapi",
    "0.1.93",
    "sha512-gC0NOZk+9MSa5aK846gbcU12VqbZwzVpZmgO6314e9ExJo9g3QsMmniplewOhI5fJQVHR0A7lgCVqk/pbK1iKA==",
)
FIGMA = NpmPackage(
    "@figma/rest-api-spec",
    "0.43.0",
    "sha512-sbFm28WM8MsawyLSYO9Ddne+8xytWU5D7oCOOWyzRvLpd9InFHihC37dQBVJVzAVyT7HpwYtU4wlm+ALogC38g==",
)
OCTOKIT = NpmPackage(
    "@octokit/openapi",
    "23.0.2",
    "sha512-pV8M7L9GY23AybNvTmo2nyjmpmnt6+2sRE/tqr0ZLQcPS4lnw7u5eZGNmwRNkBC3D7gZXbFx5AHzLUVRBXGDhg==",
)


@dataclass(frozen=True)
class PublicSpec:
    package: NpmPackage
    path: str  # inside the package
    mess: str  # what it puts the generator through

    @property
    def id(self) -> str:
        return f"{self.package.name.lstrip('@')}:{self.path}"


PUBLIC = [
    PublicSpec(
        OAS_EXAMPLES,
        "3.0/yaml/petstore.yaml",
        "the Swagger Petstore in YAML: XML and form bodies, API key and OAuth2",
    ),
    PublicSpec(
        OAS_EXAMPLES,
        "3.1/json/train-travel.json",
        "Bump.sh's Train Travel API (3.1): allOf narrowing a generic collection wrapper, webhooks",
    ),
    PublicSpec(
        OAS_EXAMPLES,
        "3.0/json/complex-nesting.json",
        "objects in arrays in objects, in parameters and bodies",
    ),
    PublicSpec(
        OAS_EXAMPLES,
        "3.0/yaml/schema-circular.yaml",
        "self- and mutually recursive schemas",
    ),
    PublicSpec(
        OAS_EXAMPLES,
        "3.0/json/discriminators.json",
        "discriminator mappings over allOf hierarchies, oneOf with and without mapping",
    ),
    PublicSpec(
        OAS_EXAMPLES,
        "3.1/yaml/parameters-style.yaml",
        "every parameter style and explode combination (3.1)",
    ),
    PublicSpec(
        OAS_EXAMPLES,
        "3.0/json/polymorphism.json",
        "oneOf, anyOf and allOf mixed and nested",
    ),
    PublicSpec(
        OAS_EXAMPLES,
        "3.0/json/security.json",
        "every kind of security scheme; operations with no schema at all",
    ),
    PublicSpec(
        OAS_EXAMPLES,
        "3.0/json/star-trek.json",
        "STAPI, the Star Trek API: 80 operations, form-encoded search bodies, 222 models",
    ),
    PublicSpec(
        OAS_EXAMPLES,
        "3.0/yaml/uspto.yaml",
        "the USPTO data set API: form bodies, free-form objects",
    ),
    PublicSpec(
        OAS_EXAMPLES,
        "3.1/json/readme.json",
        "ReadMe's own API (3.1): 800 models, multipart uploads, problem documents",
    ),
    PublicSpec(
        OAS_EXAMPLES,
        "3.1/json/schema-types.json",
        "3.1 type arrays, null, const, every format",
    ),
    PublicSpec(
        DIRECTUS,
        "dist/openapi.json",
        "Directus: 130 operations, `content` parameters, request bodies with a null schema",
    ),
    PublicSpec(
        BLOCKFROST,
        "openapi.yaml",
        "Blockfrost (Cardano): 125 operations, 1,000 inline models, CBOR bodies, bad examples",
    ),
    PublicSpec(
        FIGMA,
        "openapi/openapi.yaml",
        "Figma's REST API (3.1): 1,100 models, deep unions of node types",
    ),
]
SLOW_PUBLIC = [
    PublicSpec(
        OCTOKIT,
        "generated/api.github.com.json",
        "GitHub's REST API: 13 MB, 1,200 operations, 7,000 models",
    ),
]


def _check_public(spec: PublicSpec, tmp_path: Path, npm_cache: Path, mypy_cache: Path) -> None:
    tarball = npm_tarball(spec.package, npm_cache)
    [path] = extract(tarball, [f"package/{spec.path}"], tmp_path / "src")
    gen = generate(path, tmp_path, f"pub_{slug(path.stem)}", timeout=900)
    assert gen.returncode == 0, gen.describe()
    assert "Traceback" not in gen.stderr, gen.describe()
    check_pointers(gen.warnings, load_document(path), "warning")
    assert gen.operations > 0, gen.stdout
    check_output(gen, mypy_cache)


@pytest.mark.network
@pytest.mark.parametrize("spec", PUBLIC, ids=lambda s: s.id)
def test_public_spec(spec: PublicSpec, tmp_path: Path, npm_cache: Path, mypy_cache: Path) -> None:
    _check_public(spec, tmp_path, npm_cache, mypy_cache)


@pytest.mark.slow
@pytest.mark.network
@pytest.mark.parametrize("spec", SLOW_PUBLIC, ids=lambda s: s.id)
def test_public_spec_large(
    spec: PublicSpec, tmp_path: Path, npm_cache: Path, mypy_cache: Path
) -> None:
    _check_public(spec, tmp_path, npm_cache, mypy_cache)


def test_extract_refuses_unsafe_members(tmp_path: Path) -> None:
    """The tarball helper writes only plain files below its target, whatever the archive says."""
    tarball = tmp_path / "evil.tgz"
    with tarfile.open(tarball, "w:gz") as archive:
        for name in ("package/ok.json", "../escape.json", "/abs.json", "package/../../up.json"):
            data = b"{}"
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("package/link.json")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
    dest = tmp_path / "dest"
    for bad in ("../escape.json", "/abs.json", "package/../../up.json"):
        with pytest.raises(ValueError, match="refusing"):
            extract(tarball, [bad], dest)
    safe = tmp_path / "safe.tgz"
    with tarfile.open(safe, "w:gz") as archive:
        archive.addfile(link)
    with pytest.raises(ValueError, match="not a regular file"):
        extract(safe, ["package/link.json"], dest)
    # An archive with an unsafe member is refused whole, even when another member is asked for.
    with pytest.raises(ValueError, match="refusing"):
        extract(tarball, ["package/ok.json"], dest)
    assert not (tmp_path / "escape.json").exists()
    assert not Path("/abs.json").exists()
