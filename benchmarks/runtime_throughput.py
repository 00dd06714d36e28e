"""Runtime cost of the generated client, side by side with plain httpx and with the client
openapi-python-client 0.29 generates for the same spec, in one run.

A local HTTP server answers Feather's `list_connections` with 100 connections of 10 tools
each. Measured, in interleaved rounds so that machine noise hits all alike:

1. requests per second: plain httpx (`get()` reading the body; and `get()` + `.json()`), the
   generated `FeatherClient.list_connections()` (request + pydantic models), and the peer's
   generated `list_connections.sync()` (request + its attrs models), the latter in the peer's own
   environment against the same server (target: ours at least the peer's);
2. parse time of that body: our models' `validate_json` against the peer's `from_dict`;
3. the overhead beyond model validation, per call: our time per call minus plain httpx's
   (`get()` reading the body) minus pydantic's `validate_json` of the body (target: < 1 ms).

Run from the repository root: `python benchmarks/runtime_throughput.py [--seconds S]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from connector_clients.feather import ConnectionResponse, FeatherClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _peer import peer_generate, peer_python

ROOT = Path(__file__).resolve().parents[1]


def make_body(connections: int = 100, tools: int = 10) -> bytes:
    def stamp(i: int) -> str:
        return f"2025-01-{1 + i % 28:02d}T10:00:00Z"

    items = []
    for c in range(connections):
        org = str(uuid.UUID(int=c + 1))
        conn_id = str(uuid.UUID(int=10_000 + c))
        items.append(
            {
                "id": conn_id,
                "organization_id": org,
                "integration_key": ["slack", "notion", "google_drive", "calcom"][c % 4],
                "nickname_slug": f"conn-{c}",
                "nickname": f"Connection {c}",
                "vendor": "nango",
                "vendor_connection_id": f"v-{c}" if c % 3 else None,
                "status": "active",
                "tools_status": "synced",
                "tools_synced_at": stamp(c),
                "status_reason": None,
                "connected_at": stamp(c + 1),
                "last_refreshed_at": stamp(c + 2),
                "last_used_at": None,
                "metadata": {"region": "eu", "tier": c % 3},
                "created_at": stamp(c + 3),
                "updated_at": stamp(c + 4),
                "tools": [
                    {
                        "id": str(uuid.UUID(int=1_000_000 + c * 100 + t)),
                        "connection_id": conn_id,
                        "organization_id": org,
                        "integration_key": "slack",
                        "nickname_slug": f"conn-{c}",
                        "tool_path": f"slack/tool_{t}",
                        "slug": f"tool_{t}",
                        "display_name": f"Tool {t}",
                        "description": f"Does thing {t}",
                        "input_schema": {
                            "type": "object",
                            "properties": {"channel": {"type": "string"}},
                        },
                        "response_schema": None,
                        "response_field_map": None,
                        "input_defaults": {"channel": {"value": "#general", "type": "pinned"}},
                        "is_enabled": t % 2 == 0,
                        "last_seen_at": stamp(t),
                        "created_at": stamp(t + 1),
                        "updated_at": stamp(t + 2),
                        "stale_field_paths": [],
                        "default_count": 1,
                        "pinned_count": 1,
                        "stale_input_fields": [],
                        "merged_input_preview": {"channel": "#general"},
                    }
                    for t in range(tools)
                ],
            }
        )
    return json.dumps(items).encode()


class _Server:
    def __init__(self, body: bytes) -> None:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()


def _rate(func: object, seconds: float) -> float:
    call = func  # type: ignore[assignment]
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        call()  # type: ignore[operator]
        count += 1
    return count / (time.perf_counter() - start)


_PEER_LOOP = """
import sys, time
from peer_client import AuthenticatedClient
from peer_client.api.integrations.list_connections import sync

url, seconds = sys.argv[1], float(sys.argv[2])
client = AuthenticatedClient(base_url=url, token="bench-key", prefix="", auth_header_name="x-api-key")
assert len(sync(client=client)) == 100
count = 0
start = time.perf_counter()
while time.perf_counter() - start < seconds:
    sync(client=client)
    count += 1
print(count / (time.perf_counter() - start))
"""


def throughput(seconds: float, rounds: int, peer_root: Path) -> dict[str, float]:
    """Median requests per second of each way of calling, over `rounds` interleaved rounds."""
    body = make_body()
    rates: dict[str, list[float]] = {"get": [], "get+json": [], "ours": [], "peer": []}
    with _Server(body) as server:
        plain = httpx.Client(base_url=server.url)
        ours = FeatherClient(api_key="bench-key", base_url=server.url)
        headers = {"x-api-key": "bench-key"}

        def plain_get() -> object:
            return plain.get("/v1/integrations/connections", headers=headers).content

        def plain_json() -> object:
            return plain.get("/v1/integrations/connections", headers=headers).json()

        def our_call() -> object:
            return ours.list_connections()

        assert len(our_call()) == 100  # type: ignore[arg-type]
        for _ in range(rounds):
            rates["get"].append(_rate(plain_get, seconds))
            rates["get+json"].append(_rate(plain_json, seconds))
            rates["ours"].append(_rate(our_call, seconds))
            peer = subprocess.run(
                [str(peer_python()), "-c", _PEER_LOOP, server.url, str(seconds)],
                cwd=peer_root,
                capture_output=True,
                text=True,
                check=False,
            )
            if peer.returncode != 0:
                raise SystemExit(f"the peer's client failed:\n{peer.stderr}")
            rates["peer"].append(float(peer.stdout.strip()))
        overhead = _overhead(plain_get, our_call, body, samples=max(30, rounds * 10))
        plain.close()
        ours.close()
    result = {name: statistics.median(values) for name, values in rates.items()}
    result["overhead_wall"], result["overhead_cpu"] = overhead
    return result


def _overhead(
    plain_get: Callable[[], object], our_call: Callable[[], object], body: bytes, samples: int
) -> tuple[float, float]:
    """Medians over adjacent triples of (our call - plain get - validate_json of the body), in
    seconds of wall time and of the calling thread's CPU time. Measured side by side, slow drifts
    of the machine's load cancel out; the CPU figure also leaves out the time the thread waits
    (for the server, or for a core on a busy machine)."""
    from pydantic import TypeAdapter

    adapter = TypeAdapter(list[ConnectionResponse])

    def timed(func: Callable[[], object]) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.thread_time()
        func()
        return time.perf_counter() - wall, time.thread_time() - cpu

    walls, cpus = [], []
    for _ in range(samples):
        plain = timed(plain_get)
        validation = timed(lambda: adapter.validate_json(body))
        ours = timed(our_call)
        walls.append(ours[0] - plain[0] - validation[0])
        cpus.append(ours[1] - plain[1] - validation[1])
    return statistics.median(walls), statistics.median(cpus)


def our_parse_time(body: bytes, repeat: int) -> float:
    from pydantic import TypeAdapter

    adapter = TypeAdapter(list[ConnectionResponse])
    adapter.validate_json(body)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        adapter.validate_json(body)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def peer_parse_time(body: bytes, repeat: int, peer_root: Path) -> float:
    body_file = peer_root / "body.json"
    body_file.write_bytes(body)
    script = textwrap.dedent(
        f"""
        import json, statistics, time
        from peer_client.models import ConnectionResponse
        raw = open({str(body_file)!r}, "rb").read()
        [ConnectionResponse.from_dict(d) for d in json.loads(raw)]
        samples = []
        for _ in range({repeat}):
            start = time.perf_counter()
            [ConnectionResponse.from_dict(d) for d in json.loads(raw)]
            samples.append(time.perf_counter() - start)
        print(statistics.median(samples))
        """
    )
    run = subprocess.run(
        [str(peer_python()), "-c", script],
        cwd=peer_root,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise SystemExit(f"peer parse failed:\n{run.stderr}")
    return float(run.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one throughput round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=50, help="parses per timing")
    args = parser.parse_args()
    body = make_body()
    with tempfile.TemporaryDirectory() as tmp:
        peer_root = Path(tmp)
        # With --meta none the output folder is the package itself.
        result = peer_generate(ROOT / "specs" / "feather.yaml", peer_root / "peer_client")
        if result.returncode != 0:
            raise SystemExit(f"openapi-python-client failed:\n{result.stdout}{result.stderr}")
        rps = throughput(args.seconds, args.rounds, peer_root)
        ours = our_parse_time(body, args.repeat)
        peer = peer_parse_time(body, args.repeat, peer_root)
    per_call = 1000 / rps["ours"]
    plain_call = 1000 / rps["get"]
    print(
        f"runtime benchmark: Feather list_connections, 100 connections x 10 tools ({len(body) / 1024:.0f} KiB)"
    )
    print(
        f"  plain httpx get() (body read)           {rps['get']:8.1f} req/s  {plain_call:7.2f} ms/call"
    )
    print(
        f"  plain httpx get() + .json()             {rps['get+json']:8.1f} req/s  {1000 / rps['get+json']:7.2f} ms/call"
    )
    print(
        f"  FeatherClient.list_connections()        {rps['ours']:8.1f} req/s  {per_call:7.2f} ms/call"
    )
    print(
        f"  openapi-python-client 0.29 sync()       {rps['peer']:8.1f} req/s  {1000 / rps['peer']:7.2f} ms/call"
    )
    print(
        f"  ratio ours / peer (throughput)          {rps['ours'] / rps['peer']:8.2f}   (target >= 1)"
    )
    print(f"  parse, clientgen models (validate_json) {ours * 1000:8.2f} ms")
    print(f"  parse, openapi-python-client from_dict  {peer * 1000:8.2f} ms")
    print(
        f"  overhead beyond validation per call     {rps['overhead_cpu'] * 1000:8.2f} ms CPU, "
        f"{rps['overhead_wall'] * 1000:.2f} ms wall  (target < 1 ms)"
    )


if __name__ == "__main__":
    main()
