"""Loopback servers for the tests, sync and async alike (the clients run in the test's thread
or event loop, the servers in threads of their own).

* ``free_port()``: a port on 127.0.0.1 that nothing listens on (connections are refused);
* ``http_server()``: a ``pytest_httpserver.HTTPServer`` on 127.0.0.1, started and stopped,
  for answers an HTTP server library can give;
* ``RawServer``: a TCP server that writes scripted bytes, for what such a library will not do:
  a response cut off in its body, headers with no body, a connection accepted and never
  answered, a chunked body sent piece by piece; ``chunked()`` scripts the last.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Literal

from pytest_httpserver import HTTPServer

__all__ = ["RawServer", "Then", "chunked", "free_port", "http_server"]

HOST = "127.0.0.1"


def free_port() -> int:
    """A loopback port that was free a moment ago: nothing listens on it, so a connection to
    it is refused (unless something else takes it meanwhile)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
    return port


@contextlib.contextmanager
def http_server() -> Iterator[HTTPServer]:
    """A started ``HTTPServer`` on 127.0.0.1 and a free port, stopped on leaving (which takes
    up to 0.5 s: share one per module where the tests allow)."""
    server = HTTPServer(host=HOST, port=0)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()


Then = Literal["close", "reset", "stall"]


class RawServer:
    """Answer every connection on 127.0.0.1 with the same script; use as a context manager.

    Each connection gets its request head read (request line and headers, kept in
    ``requests``), then ``response`` written: bytes, or a sequence of bytes (pieces written one
    by one) and floats (pauses, in seconds, between them). Then one of:

    * ``"close"``: an orderly close (FIN);
    * ``"reset"``: an abortive close (RST, via ``SO_LINGER`` 0);
    * ``"stall"``: the connection is kept open, silent, until the server stops.

    ``sent`` counts the pieces written, ``done`` is set once a script was written whole and
    ``hung_up`` when the client closed the connection before that. Connections are served one
    after the other in a daemon thread, which stops by itself after ``lifetime`` seconds, so a
    test that forgets to stop the server cannot hang the run.
    """

    def __init__(
        self,
        response: bytes | Sequence[bytes | float] = b"",
        *,
        then: Then,
        lifetime: float = 15.0,
    ) -> None:
        self.script: list[bytes | float] = (
            [response] if isinstance(response, bytes) else list(response)
        )
        self.then = then
        self.lifetime = lifetime
        self.requests: list[bytes] = []
        """The head (request line and headers) of every request received, in order."""
        self.sent = 0
        self.done = threading.Event()
        self.hung_up = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._listener = socket.create_server((HOST, 0))
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, name="raw-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def connections(self) -> int:
        """How many connections were accepted (each sends one request)."""
        with self._lock:
            return len(self.requests)

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        with self._lock:
            for conn in self._open:
                with contextlib.suppress(OSError):
                    conn.close()
            self._open.clear()
        self._listener.close()

    def _serve(self) -> None:
        deadline = time.monotonic() + self.lifetime
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._handle(conn)

    @staticmethod
    def _read_head(conn: socket.socket) -> bytes:
        conn.settimeout(1.0)
        head = b""
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                head += chunk
        return head.split(b"\r\n\r\n", 1)[0]

    def _write(self, conn: socket.socket) -> None:
        try:
            for step in self.script:
                if isinstance(step, float | int):
                    time.sleep(step)
                elif step:
                    conn.sendall(step)
                    self.sent += 1
        except OSError:
            self.hung_up.set()
            return
        self.done.set()

    def _handle(self, conn: socket.socket) -> None:
        head = self._read_head(conn)
        with self._lock:
            self.requests.append(head)
        self._write(conn)
        with contextlib.suppress(OSError):
            if self.then == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
                return
            if self.then == "close":
                conn.shutdown(socket.SHUT_RDWR)
                conn.close()
                return
        with self._lock:
            self._open.append(conn)


def chunked(
    chunks: Sequence[bytes], *, content_type: str, pause: float = 0.0
) -> list[bytes | float]:
    """A ``RawServer`` script: a 200 with a chunked body, ``pause`` seconds after each chunk."""
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    script: list[bytes | float] = [head]
    for chunk in chunks:
        script += [f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n", pause]
    script.append(b"0\r\n\r\n")
    return script
