"""Runtime cost of the generated client, side by side with plain httpx and with
openapi-python-client's generated models, in one run.

A local HTTP server answers Feather's `list_connections` with 100 connections of 10 tools
each. Measured:

1. requests per second: the generated sync client (request + model parsing) against plain
   httpx doing the same request and `.json()` (target: at least 0.8 of plain httpx);
2. parse time of that body: our pydantic models against the models openapi-python-client
   0.29 generates for the same spec (target: faster).

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


def throughput(seconds: float, rounds: int) -> tuple[float, float]:
    body = make_body()
    with _Server(body) as server:
        plain = httpx.Client(base_url=server.url)
        ours = FeatherClient(api_key="bench-key", base_url=server.url)

        def plain_call() -> object:
            return plain.get(
                "/v1/integrations/connections", headers={"x-api-key": "bench-key"}
            ).json()

        def our_call() -> object:
            return ours.list_connections()

        assert len(our_call()) == 100  # type: ignore[arg-type]
        plain_rates, our_rates = [], []
        for _ in range(rounds):  # interleaved, so noise hits both alike
            plain_rates.append(_rate(plain_call, seconds))
            our_rates.append(_rate(our_call, seconds))
        plain.close()
        ours.close()
    return statistics.median(plain_rates), statistics.median(our_rates)


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


def peer_parse_time(body: bytes, repeat: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "peer_client"
        result = peer_generate(ROOT / "specs" / "feather.yaml", out)
        if result.returncode != 0:
            raise SystemExit(f"openapi-python-client failed:\n{result.stdout}{result.stderr}")
        body_file = Path(tmp) / "body.json"
        body_file.write_bytes(body)
        package = out.name  # with --meta none the output folder is the package itself
        script = textwrap.dedent(
            f"""
            import json, statistics, time
            from {package}.models import ConnectionResponse
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
            cwd=out.parent,
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
    plain_rps, our_rps = throughput(args.seconds, args.rounds)
    ours = our_parse_time(body, args.repeat)
    peer = peer_parse_time(body, args.repeat)
    print(
        f"runtime benchmark: Feather list_connections, 100 connections x 10 tools ({len(body) / 1024:.0f} KiB)"
    )
    print(f"  plain httpx get + json()          {plain_rps:8.1f} req/s")
    print(f"  FeatherClient.list_connections()  {our_rps:8.1f} req/s")
    print(f"  ratio ours / plain httpx          {our_rps / plain_rps:8.2f}   (target >= 0.80)")
    print(f"  parse, clientgen models (pydantic) {ours * 1000:7.2f} ms")
    print(f"  parse, openapi-python-client 0.29  {peer * 1000:7.2f} ms")
    print(f"  ratio peer / ours                  {peer / ours:7.2f}x  (target > 1: ours faster)")


if __name__ == "__main__":
    main()
