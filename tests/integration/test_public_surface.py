"""The public surface on a real socket: bodies refused while they arrive, slow clients timed
out, and `assistant serve` choosing client addresses itself.

The app runs in uvicorn on a loopback port (`live_server`) around the readable fake assistant:
none of this depends on the answers. The proxy test runs the real `assistant serve` process.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.settings import Settings
from assistant.web.app import create_app
from tests.fakes import FakeAssistant
from tests.integration.live_server import live_server, serving

ANSWER_WITHIN_S = 15.0  # a refusal must come long before this; the old code never answered


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(
        feedback_db=tmp_path_factory.mktemp("feedback") / "feedback.sqlite3",
        rate_limit_per_minute=0,
        body_timeout_s=1.0,
    )
    with live_server(create_app(settings, FakeAssistant())) as url:
        yield url


def raw_request(base_url: str, head: str, body_parts: Iterator[bytes]) -> bytes:
    """Send `head`, then body parts until the server closes; the first bytes of its answer.

    Never sends the end of the body: a server that waits for all of it never answers, and the
    read times out (b"")."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=ANSWER_WITHIN_S) as connection:
        connection.sendall(head.encode("latin-1"))
        for part in body_parts:
            try:
                connection.sendall(part)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server has answered and closed
        try:
            return connection.recv(4096)
        except TimeoutError:
            return b""


def chunked(total: int, size: int = 16 * 1024) -> Iterator[bytes]:
    for _ in range(total // size):
        yield f"{size:x}\r\n".encode() + b"x" * size + b"\r\n"


@pytest.mark.parametrize("path", ["/api/ask", "/gradio_api/queue/join"])
def test_an_oversized_chunked_body_is_refused_while_it_is_still_arriving(
    base_url: str, path: str
) -> None:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    )
    reply = raw_request(base_url, head, chunked(1024 * 1024))
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert b'"error"' in reply
    assert httpx.get(base_url + "/api/health").status_code == 200  # and it keeps serving


def test_a_client_too_slow_to_send_its_body_gets_408(base_url: str) -> None:
    head = (
        "POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: 1000\r\n\r\n"
    )
    started = time.monotonic()
    reply = raw_request(base_url, head, iter([b'{"question": "wal']))  # then nothing
    assert reply.startswith(b"HTTP/1.1 408"), reply[:200]
    assert b"ASSISTANT_BODY_TIMEOUT_S" in reply
    assert time.monotonic() - started < ANSWER_WITHIN_S


def test_assistant_serve_does_not_let_local_clients_choose_their_address(
    seed_index_settings: Settings, tmp_path: Path
) -> None:
    """uvicorn trusts X-Forwarded-For from 127.0.0.1 unless told not to: anything on the
    machine could rotate its address past the rate limit."""
    with serving(seed_index_settings, tmp_path, ASSISTANT_RATE_LIMIT_PER_MINUTE="2") as base:
        codes = [
            httpx.post(
                base + "/api/search",
                json={"query": "toe exercises"},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
                timeout=60,
            ).status_code
            for n in range(3)
        ]
    assert codes == [200, 200, 429]
