"""openapi-python-client 0.29, the peer we measure against, in a virtual environment of its own
(created on first use under benchmarks/.peer-venv, which git ignores)."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

PEER_VERSION = "0.29.1"
VENV = Path(__file__).resolve().parent / ".peer-venv"


def peer_python() -> Path:
    python = VENV / "bin" / "python"
    marker = VENV / f".openapi-python-client-{PEER_VERSION}"
    if not marker.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                f"openapi-python-client=={PEER_VERSION}",
                "attrs",
                "httpx",
            ],
            check=True,
        )
        marker.touch()
    return python


def peer_command(spec: Path, output: Path) -> list[str]:
    """The command that runs the peer on `spec`, writing its package into `output` (replaced)."""
    return [
        str(peer_python()),
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(spec),
        "--output-path",
        str(output),
        "--overwrite",
        "--meta",
        "none",
    ]


def peer_generate(spec: Path, output: Path) -> subprocess.CompletedProcess[str]:
    """Run the peer on `spec`, writing its package into `output` (replaced)."""
    return subprocess.run(peer_command(spec, output), capture_output=True, text=True, check=False)


if __name__ == "__main__":
    print(peer_python(), file=sys.stderr)
