"""Origin allow-list, CORS and rate limit, through an HTTP client (fast, no model).

The unit tests use a tiny FastAPI app with the security middleware; the `real_app` tests check
the wiring, `/widget.js` and `/embed` on the real app (`create_app`) with a fake assistant, since
none of this depends on the answers (the real-browser tests use the real engine).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.settings import Settings
from assistant.web.middleware.security import OriginPolicy, RateLimiter, install_security
from tests.support import LOCAL

ALLOWED = "https://clinic.example"
OTHER = "https://evil.example"


def _app(origins: str = ALLOWED, per_minute: int = 0) -> TestClient:
    app = FastAPI()

    @app.post("/api/ask")
    def ask() -> dict[str, str]:
        return {"kind": "answer"}

    @app.get("/api/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/widget.js")
    def widget() -> str:
        return "js"

    settings = Settings(allowed_origins=origins, rate_limit_per_minute=per_minute)  # type: ignore[arg-type]
    install_security(app, settings)
    return TestClient(app)


class FakeClock:
    """A clock the test moves by hand, so refill is checked without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- origins -------------------------------------------------------------------------------


def test_allowed_origin_gets_cors_headers_without_credentials() -> None:
    response = _app().post("/api/ask", json={}, headers={"Origin": ALLOWED})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "access-control-allow-credentials" not in response.headers
    assert "Retry-After" in response.headers["access-control-expose-headers"]


def test_other_origin_is_refused_with_a_message_naming_origin_and_setting() -> None:
    response = _app().post("/api/ask", json={}, headers={"Origin": OTHER})
    assert response.status_code == 403
    detail = response.json()["error"]
    assert OTHER in detail and "ASSISTANT_ALLOWED_ORIGINS" in detail
    assert "access-control-allow-origin" not in response.headers


def test_empty_allow_list_means_widget_off_not_open() -> None:
    response = _app(origins="").post("/api/ask", json={}, headers={"Origin": ALLOWED})
    assert response.status_code == 403
    assert "widget is off" in response.json()["error"]


def test_star_must_be_explicit_and_then_allows_any_site() -> None:
    response = _app(origins="*").post("/api/ask", json={}, headers={"Origin": OTHER})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"


def test_preflight_answered_for_allowed_refused_for_other() -> None:
    client = _app()
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    ok = client.options("/api/ask", headers={"Origin": ALLOWED, **preflight})
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in ok.headers["access-control-allow-methods"]
    assert "content-type" in ok.headers["access-control-allow-headers"].lower()
    refused = client.options("/api/ask", headers={"Origin": OTHER, **preflight})
    assert refused.status_code == 403
    assert "access-control-allow-origin" not in refused.headers


def test_same_origin_and_no_origin_requests_pass() -> None:
    client = _app(origins="")
    # TestClient sends Host: testserver; a page served by the app itself has that origin.
    assert (
        client.post("/api/ask", json={}, headers={"Origin": "http://testserver"}).status_code == 200
    )
    assert client.post("/api/ask", json={}).status_code == 200


def test_origin_check_ignores_trailing_slash_and_case() -> None:
    policy = OriginPolicy.from_settings(Settings(allowed_origins="https://Clinic.example/"))  # type: ignore[arg-type]
    assert policy.allows("https://clinic.example")
    assert not policy.allows("http://clinic.example")
    assert not policy.allows("https://clinic.example.evil.test")


def test_frame_ancestors_lists_allowed_origins_or_none() -> None:
    def policy(origins: str) -> OriginPolicy:
        return OriginPolicy.from_settings(Settings(allowed_origins=origins))  # type: ignore[arg-type]

    assert policy("").frame_ancestors() == "frame-ancestors 'none'"
    assert policy("https://b.example,https://a.example").frame_ancestors() == (
        "frame-ancestors https://a.example https://b.example"
    )
    assert policy("*").frame_ancestors() == "frame-ancestors *"


def test_non_api_paths_are_not_checked() -> None:
    response = _app(origins="").get("/widget.js", headers={"Origin": OTHER})
    assert response.status_code == 200


# --- rate limit ----------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after_and_cors() -> None:
    client = _app(per_minute=2)
    headers = {"Origin": ALLOWED}
    assert [client.post("/api/ask", json={}, headers=headers).status_code for _ in range(2)] == [
        200,
        200,
    ]
    limited = client.post("/api/ask", json={}, headers=headers)
    assert limited.status_code == 429
    # Two per minute refill one token every 30 s.
    assert 1 <= int(limited.headers["retry-after"]) <= 30
    assert "ASSISTANT_RATE_LIMIT_PER_MINUTE" in limited.json()["error"]
    # The widget on an allowed site must be able to read the 429 to explain it.
    assert limited.headers["access-control-allow-origin"] == ALLOWED


def test_rate_limit_skips_health_static_files_and_preflights() -> None:
    client = _app(per_minute=1)
    assert client.post("/api/ask", json={}).status_code == 200
    preflight = {"Origin": ALLOWED, "Access-Control-Request-Method": "POST"}
    for _ in range(3):
        assert client.get("/api/health").status_code == 200
        assert client.get("/widget.js").status_code == 200
        assert client.options("/api/ask", headers=preflight).status_code == 204
    assert client.post("/api/ask", json={}).status_code == 429


def test_rate_limit_zero_turns_it_off() -> None:
    client = _app(per_minute=0)
    assert all(client.post("/api/ask", json={}).status_code == 200 for _ in range(50))


def test_limiter_refills_evenly_and_is_per_client() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=6, clock=clock)  # one token per 10 s
    assert [limiter.retry_after("a") for _ in range(6)] == [0.0] * 6
    assert limiter.retry_after("a") == pytest.approx(10.0)
    assert limiter.retry_after("b") == 0.0
    clock.now += 5
    assert limiter.retry_after("a") == pytest.approx(5.0)
    clock.now += 5
    assert limiter.retry_after("a") == 0.0
    assert limiter.retry_after("a") == pytest.approx(10.0)
    clock.now += 3600  # a long pause refills to the burst size, not beyond
    assert [limiter.retry_after("a") for _ in range(7)].count(0.0) == 6


def test_limiter_memory_is_bounded() -> None:
    limiter = RateLimiter(per_minute=1, clock=FakeClock(), max_clients=3)
    for client in ["a", "b", "c", "d"]:
        assert limiter.retry_after(client) == 0.0
    # "a" was the least recently seen and was dropped, so it starts with a full bucket again.
    assert limiter.retry_after("a") == 0.0
    assert limiter.retry_after("d") > 0


def test_limiter_rejects_nonpositive_rate() -> None:
    with pytest.raises(ValueError, match="per_minute"):
        RateLimiter(per_minute=0)


# --- the real app (create_app) with a fake assistant: wiring, /widget.js, /embed ------------


@pytest.fixture(scope="module")
def real_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from assistant.web.app import create_app
    from tests.fakes import FakeAssistant

    settings = Settings(
        allowed_origins=ALLOWED,  # type: ignore[arg-type]
        rate_limit_per_minute=3,
        feedback_db=tmp_path_factory.mktemp("feedback") / "feedback.sqlite3",
    )
    with TestClient(create_app(settings, FakeAssistant()), base_url=LOCAL) as client:
        yield client


ASK = {"question": "Do good shoes support the arches?", "history": []}


def test_real_app_refuses_other_origin_on_the_stream_endpoint(real_app: TestClient) -> None:
    response = real_app.post("/api/ask/stream", json=ASK, headers={"Origin": OTHER})
    assert response.status_code == 403
    assert OTHER in response.json()["error"]


def test_real_app_streams_to_allowed_origin_with_cors(real_app: TestClient) -> None:
    response = real_app.post("/api/ask/stream", json=ASK, headers={"Origin": ALLOWED})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "event: answer" in response.text


def test_real_app_rate_limits_the_api_but_not_the_widget_script(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from assistant.web.app import create_app
    from tests.fakes import FakeAssistant

    settings = Settings(
        rate_limit_per_minute=2,
        feedback_db=tmp_path_factory.mktemp("feedback") / "feedback.sqlite3",
    )
    with TestClient(create_app(settings, FakeAssistant()), base_url=LOCAL) as client:
        codes = [client.post("/api/ask", json=ASK).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        assert int(client.post("/api/search", json={"query": "shoes"}).headers["retry-after"]) >= 1
        assert all(client.get("/widget.js").status_code == 200 for _ in range(5))


def test_widget_script_is_served_gzipped_and_small(real_app: TestClient) -> None:
    import gzip

    from assistant.web.widget import widget_script

    # httpx decodes gzip itself; read the raw bytes to see what travels.
    with real_app.stream("GET", "/widget.js", headers={"Accept-Encoding": "gzip"}) as response:
        raw = b"".join(response.iter_raw())
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"].startswith("text/javascript")
    assert gzip.decompress(raw) == widget_script()
    assert b"%WIDGET_CSS%" not in raw and b":host { all: initial" in widget_script()
    assert len(raw) < 15_000
    plain = real_app.get("/widget.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.content == widget_script()


def test_embed_page_may_only_be_framed_by_allowed_origins(real_app: TestClient) -> None:
    response = real_app.get("/embed")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert f"frame-ancestors {ALLOWED}" in csp
    assert "script-src 'self'" in csp
    assert 'src="widget.js"' in response.text


def test_embed_page_escapes_its_options(real_app: TestClient) -> None:
    response = real_app.get(
        "/embed", params={"title": '"><script>alert(1)</script>', "color": "red;x:y"}
    )
    assert "<script>alert(1)" not in response.text
    assert "&quot;&gt;&lt;script&gt;" in response.text
    assert 'data-color="#0b6e4f"' in response.text  # an invalid colour falls back


def test_embed_page_with_empty_allow_list_cannot_be_framed(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from assistant.web.app import create_app
    from tests.fakes import FakeAssistant

    settings = Settings(feedback_db=tmp_path_factory.mktemp("feedback") / "feedback.sqlite3")
    with TestClient(create_app(settings, FakeAssistant()), base_url=LOCAL) as client:
        csp = client.get("/embed").headers["content-security-policy"]
    assert csp.endswith("frame-ancestors 'none'")
