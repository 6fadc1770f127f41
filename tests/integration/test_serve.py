"""`assistant serve` as a real process: starts, prints its URL, serves, stops; refuses clearly."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.settings import Settings
from tests.integration.live_server import start_serve
from tests.support import free_port

ASSISTANT = Path(sys.executable).with_name("assistant")
DEADLINE_S = 120.0

pytestmark = pytest.mark.integration


def serve(settings: Settings, port: int, tmp_path: Path) -> subprocess.Popen[str]:
    return start_serve(settings, port, tmp_path)


def test_serve_prints_its_url_serves_chat_and_api_then_stops(
    seed_index_settings: Settings, tmp_path: Path
) -> None:
    port = free_port()
    process = serve(seed_index_settings, port, tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + DEADLINE_S
        health = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = httpx.get(base + "/api/health", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)  # polling interval while the model loads
        assert health is not None, f"not serving; exit status {process.poll()}"
        assert health.json()["documents"] >= 1
        assert httpx.get(base + "/", timeout=10).status_code == 200
        answer = httpx.post(base + "/api/ask", json={"question": "Can my feet cause back pain?"})
        assert answer.json()["disclaimer"]
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    assert f"{base}/" in stdout, stdout + stderr
    assert process.returncode == 0, stderr


def test_serve_without_an_index_says_what_to_run(tmp_path: Path) -> None:
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "no-index")
    process = serve(settings, free_port(), tmp_path)
    _, stderr = process.communicate(timeout=DEADLINE_S)
    assert process.returncode == 2
    assert "assistant ingest" in stderr
    assert "Traceback" not in stderr


def test_serve_on_a_busy_port_says_how_to_pick_another(
    seed_index_settings: Settings, tmp_path: Path
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        process = serve(seed_index_settings, busy.getsockname()[1], tmp_path)
        _, stderr = process.communicate(timeout=DEADLINE_S)
    assert process.returncode == 2
    assert "ASSISTANT_PORT" in stderr and "Traceback" not in stderr
