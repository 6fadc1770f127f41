"""Run an ASGI app on a real loopback socket for browser tests (uvicorn in a thread)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from starlette.types import ASGIApp

STARTUP_DEADLINE_S = 60.0


@contextmanager
def live_server(app: ASGIApp, ready_path: str = "/api/health") -> Iterator[str]:
    """Serve `app` on a free port; yield its base URL once `ready_path` answers 200.

    The socket is bound before uvicorn starts (port 0), so no other process can take the port
    between choosing and listening. The server is stopped and joined on exit.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base_url + ready_path, thread)
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def _wait_until_ready(url: str, thread: threading.Thread) -> None:
    deadline = time.monotonic() + STARTUP_DEADLINE_S
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError(f"the server thread exited before {url} answered")
        try:
            response = httpx.get(url, timeout=5)
            if response.status_code == 200:
                return
            last_error = f"HTTP {response.status_code}"
        except httpx.TransportError as error:
            last_error = repr(error)
        time.sleep(0.05)  # polling interval, not a timing assumption
    raise RuntimeError(f"{url} did not answer within {STARTUP_DEADLINE_S}s: {last_error}")
