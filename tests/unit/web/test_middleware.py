"""The public surface's middleware through the real app (`create_app` + the readable fake):
body limits, allowed hosts, framing, client addresses behind proxies, one error shape.

Behaviour that needs a real socket (a body refused while it is still arriving, a client too slow
to send one, uvicorn's own proxy handling) is in tests/integration/test_public_surface.py.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from assistant.settings import Settings
from assistant.web.app import create_app
from tests.fakes import FakeAssistant
from tests.support import LOCAL

ASK = {"question": "Which shoes help?", "history": []}


def app_client(
    tmp_path: Path, assistant: object = None, peer: str = "127.0.0.1", **overrides: object
) -> TestClient:
    settings = Settings(
        feedback_db=tmp_path / "feedback.sqlite3",
        **{"rate_limit_per_minute": 0, "allowed_origins": "https://clinic.example", **overrides},  # type: ignore[arg-type]
    )
    return TestClient(
        create_app(settings, assistant or FakeAssistant()),  # type: ignore[arg-type]
        base_url=LOCAL,
        raise_server_exceptions=False,
        client=(peer, 50000),
    )


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with app_client(tmp_path) as client:
        yield client


# --- bodies ---------------------------------------------------------------------------------


def test_a_chunked_body_is_counted_not_trusted(client: TestClient) -> None:
    # No Content-Length: the old check read only the declared length, so this went through.
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "Which shoes help?", "pad": "'
        for _ in range(40):
            yield b"x" * 8192
        yield b'"}'

    response = client.post(
        "/api/ask", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "262,144" in response.json()["error"]
    assert client.post("/api/ask", json=ASK).status_code == 200


def test_the_body_limit_covers_every_route(client: TestClient) -> None:
    for path in ("/", "/gradio_api/queue/join", "/widget.js", "/nowhere"):
        response = client.post(path, content=b"x" * 300_000)
        assert response.status_code == 413, path
        assert "error" in response.json()


def test_counting_stops_reading_at_the_limit() -> None:
    """ASGI level: the app's `receive` is cut off as soon as the count passes the limit."""
    from assistant.web.middleware.body_limit import BodyLimit

    pulled = 0

    async def receive() -> dict:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 1024, "more_body": True}  # endless

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    async def app(scope: dict, receive, send) -> None:  # reads the whole body, as apps do
        while (await receive()).get("more_body"):
            pass

    middleware = BodyLimit(app, max_bytes=10 * 1024, read_timeout_s=5)  # type: ignore[arg-type]
    chunked = {"type": "http", "headers": [(b"transfer-encoding", b"chunked")]}
    asyncio.run(middleware(chunked, receive, send))  # type: ignore[arg-type]
    assert pulled == 11  # 11 KiB: one past the limit, never more
    assert sent[0]["status"] == 413


def test_a_request_without_a_body_has_no_deadline() -> None:
    """An event stream (GET, no body) polls `receive` for a disconnect for as long as it runs:
    the read timeout must never cut it (the contract; uvicorn's first `receive` of a GET
    returns at once, so the counting code never saw a deadline pass there either)."""
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse

    from assistant.web.middleware.body_limit import BodyLimit

    async def stream_app(scope: dict, receive, send) -> None:
        request = Request(scope, receive)
        for _ in range(5):  # like Gradio's queue stream between its messages
            assert not await request.is_disconnected()
            await asyncio.sleep(0.03)  # time passes: 0.15 s in all, past the 0.05 s timeout
        await PlainTextResponse("still here")(scope, receive, send)

    async def receive() -> dict:
        await asyncio.sleep(3600)  # nothing ever arrives: no body, and no disconnect
        return {}

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    middleware = BodyLimit(stream_app, max_bytes=1024, read_timeout_s=0.05)  # type: ignore[arg-type]
    scope = {"type": "http", "method": "GET", "path": "/gradio_api/queue/data", "headers": []}
    asyncio.run(middleware(scope, receive, send))  # type: ignore[arg-type]
    assert sent[0]["status"] == 200


# --- hosts ----------------------------------------------------------------------------------


def test_other_host_names_are_refused_with_the_setting_named(client: TestClient) -> None:
    response = client.get("/api/health", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" in response.json()["error"]
    assert "ASSISTANT_ALLOWED_HOSTS" in response.json()["error"]
    for host in ("127.0.0.1:7860", "localhost:7860", "LOCALHOST"):
        assert client.get("/api/health", headers={"Host": host}).status_code == 200


def test_a_rebound_host_cannot_pass_for_the_apps_own_origin(client: TestClient) -> None:
    # DNS rebinding: evil.example resolves to 127.0.0.1, so Host and Origin agree.
    headers = {"Host": "evil.example:7860", "Origin": "http://evil.example:7860"}
    response = client.post("/api/ask", json=ASK, headers=headers)
    assert response.status_code == 400
    assert client.get("/", headers=headers).status_code == 400


def test_the_clinics_host_names_and_star_are_answered(tmp_path: Path) -> None:
    with app_client(tmp_path, allowed_hosts="assistant.clinic.example") as client:
        assert client.get("/api/health", headers={"Host": "assistant.clinic.example"}).is_success
        assert client.get("/api/health").is_success  # the listening address, 127.0.0.1
        assert client.get("/api/health", headers={"Host": "localhost"}).status_code == 400
    with app_client(tmp_path, allowed_hosts="*") as client:
        assert client.get("/api/health", headers={"Host": "anything.example"}).is_success


# --- framing --------------------------------------------------------------------------------


def test_the_chat_page_may_be_framed_by_the_app_only(client: TestClient) -> None:
    for path in ("/", "/api/health", "/nowhere"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == "frame-ancestors 'self'", path
        assert response.headers["x-frame-options"] == "SAMEORIGIN"
        assert response.headers["x-content-type-options"] == "nosniff"


def test_embed_keeps_its_allow_list(client: TestClient) -> None:
    response = client.get("/embed")
    [policy] = response.headers.get_list("content-security-policy")
    assert policy.endswith("frame-ancestors https://clinic.example")
    assert "x-frame-options" not in response.headers


# --- client addresses -----------------------------------------------------------------------


def seen_by_app(trusted: list[str], peer: str, headers: list[tuple[bytes, bytes]]) -> dict:
    from assistant.web.middleware.proxies import ClientAddress

    seen: dict = {}

    async def app(scope: dict, receive, send) -> None:
        seen.update(scope)

    middleware = ClientAddress(app, [ipaddress.ip_network(t) for t in trusted])  # type: ignore[arg-type]
    scope = {"type": "http", "client": (peer, 5000), "headers": headers, "scheme": "http"}
    asyncio.run(middleware(scope, None, None))  # type: ignore[arg-type]
    return seen


FORWARDED = [
    (b"x-forwarded-for", b"6.6.6.6, 203.0.113.7"),
    (b"x-forwarded-proto", b"https"),
    (b"x-forwarded-host", b"evil.example"),
]


def test_forwarding_headers_from_an_untrusted_peer_are_dropped() -> None:
    scope = seen_by_app([], "127.0.0.1", FORWARDED)
    assert scope["client"][0] == "127.0.0.1"
    assert scope["headers"] == [] and scope["scheme"] == "http"


def test_behind_a_trusted_proxy_the_client_is_the_address_it_saw() -> None:
    scope = seen_by_app(["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", FORWARDED)
    # 6.6.6.6 was written by the client itself; the proxy appended what it saw.
    assert scope["client"][0] == "203.0.113.7"
    assert scope["scheme"] == "https"
    chain = [(b"x-forwarded-for", b"203.0.113.7, 10.1.2.3")]  # through two trusted proxies
    assert seen_by_app(["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", chain)["client"][0] == (
        "203.0.113.7"
    )
    garbage = [(b"x-forwarded-for", b"not-an-ip")]
    assert seen_by_app(["127.0.0.1"], "127.0.0.1", garbage)["client"][0] == "127.0.0.1"


def test_rate_limit_counts_the_forwarded_client_only_behind_a_trusted_proxy(
    tmp_path: Path,
) -> None:
    def statuses(**overrides: object) -> list[int]:
        with app_client(tmp_path, rate_limit_per_minute=1, **overrides) as client:
            return [
                client.post(
                    "/api/ask", json=ASK, headers={"X-Forwarded-For": f"198.51.100.{n}"}
                ).status_code
                for n in range(2)
            ]

    # Two clients behind the proxy on 127.0.0.1 each have their own budget ...
    assert statuses(trusted_proxies="127.0.0.1") == [200, 200]
    # ... but without it trusted, anything on the machine rotating the header is one client.
    assert statuses() == [200, 429]


# --- one error shape ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/ask", 405),
        ("PUT", "/api/health", 405),
        ("DELETE", "/", 405),
        ("GET", "/api/nowhere", 404),
        ("GET", "/nowhere", 404),
        ("POST", "/gradio_api/nowhere", 404),
    ],
)
def test_unknown_routes_and_wrong_methods_are_json_errors(
    client: TestClient, method: str, path: str, status: int
) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert set(response.json()) == {"error"}
    if status == 405:
        assert "POST" in response.headers["allow"] or "GET" in response.headers["allow"]
        assert method in response.json()["error"]


def test_route_answers_are_remembered_per_method_and_forgotten_when_routes_are_added(
    client: TestClient,
) -> None:
    for _ in range(2):  # the second round is answered from what the first remembered
        assert client.get("/api/health").status_code == 200
        assert client.put("/api/health").status_code == 405
        assert client.get("/api/late").status_code == 404

    async def late(request: object) -> PlainTextResponse:
        return PlainTextResponse("here now")

    client.app.router.routes.insert(0, Route("/api/late", late))  # type: ignore[attr-defined]
    assert client.get("/api/late").text == "here now"
    assert client.post("/api/late").status_code == 405


def test_an_undecodable_body_is_a_json_400(client: TestClient) -> None:
    response = client.post(
        "/api/ask",
        content=b'{"question": "\xff\xfe"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "UTF-8" in response.json()["error"]


class BrokenAssistant(FakeAssistant):
    def ask(self, question, history=()):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internals: /srv/index/gen-1 exploded")


def test_a_server_failure_is_a_json_500_that_tells_nothing_internal(tmp_path: Path) -> None:
    with app_client(tmp_path, BrokenAssistant()) as client:
        for path in ("/api/ask", "/api/ask/stream"):
            response = client.post(path, json=ASK)
            assert response.status_code == 500
            assert response.headers["content-type"] == "application/json"
            assert "secret" not in response.json()["error"]
        assert client.get("/api/health").status_code == 200  # still serving
