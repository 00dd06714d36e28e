"""A loopback TCP server that answers every request with the same scripted fault.

For faults an HTTP server library will not produce: a response cut off in the
middle of its body, a status line and headers with no body, a connection that
is accepted and never answered. Each connection gets its request read, then
``response`` (raw bytes, possibly empty) written, then one of:

* ``"close"``: an orderly close (FIN);
* ``"reset"``: an abortive close (RST, via ``SO_LINGER`` 0);
* ``"stall"``: the connection is kept open, silent, until the server stops.

The server runs in a daemon thread and stops by itself after ``lifetime``
seconds, so a test that forgets to stop it cannot hang the run.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from typing import Literal

__all__ = ["FaultyServer"]

Then = Literal["close", "reset", "stall"]


class FaultyServer:
    """Serve one scripted fault on ``127.0.0.1``; use as a context manager."""

    def __init__(self, response: bytes = b"", *, then: Then, lifetime: float = 15.0) -> None:
        self.response = response
        self.then = then
        self.lifetime = lifetime
        self.requests: list[bytes] = []
        """The head (request line and headers) of every request received, in order."""
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, name="faulty-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultyServer:
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

    def _handle(self, conn: socket.socket) -> None:
        head = self._read_head(conn)
        with self._lock:
            self.requests.append(head)
        with contextlib.suppress(OSError):
            if self.response:
                conn.sendall(self.response)
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
