"""Run the app on a real loopback socket: an ASGI app in a uvicorn thread (`live_server`), or
`assistant serve` as its own process (`serving`)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from starlette.types import ASGIApp

from assistant.settings import Settings
from tests.support import free_port

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


def start_serve(
    settings: Settings, port: int, workdir: Path, **variables: str
) -> subprocess.Popen[str]:
    """Start `assistant serve` over `settings`' corpus and index on 127.0.0.1:`port`, with
    extra `ASSISTANT_*` `variables`; its output is piped."""
    env = {
        **os.environ,
        "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
        "ASSISTANT_INDEX_DIR": str(settings.index_dir),
        "ASSISTANT_HOST": "127.0.0.1",
        "ASSISTANT_PORT": str(port),
        "ASSISTANT_FEEDBACK_DB": str(workdir / "feedback.sqlite3"),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        **variables,
    }
    command = [str(Path(sys.executable).with_name("assistant")), "serve"]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@contextmanager
def serving(settings: Settings, workdir: Path, **variables: str) -> Iterator[str]:
    """`start_serve` on a free port; yields its base URL once /api/health answers. On exit it
    is stopped with Ctrl-C (SIGINT), and must stop cleanly (exit status 0)."""
    port = free_port()
    server = start_serve(settings, port, workdir, **variables)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 3 * STARTUP_DEADLINE_S  # the model loads first
        while not _answers(base + "/api/health"):
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"assistant serve did not start: {server.communicate()[1]}")
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=0.2)  # wakes early if the server dies
        yield base
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=60)
    assert server.returncode == 0, stderr[-2000:]


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.TransportError:
        return False
