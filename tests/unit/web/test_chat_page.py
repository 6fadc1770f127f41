"""The chat page's Gradio routes as a browser (or an attacker) reaches them: its own protocol.

Each test drives the real app (`create_app`) around the readable `FakeAssistant` through
`/gradio_api/queue/join` and the event stream, as the page does (tests/chat_page.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from assistant.web import ui
from assistant.web.app import create_app
from tests import chat_page
from tests.fakes import FakeAssistant
from tests.support import LOCAL

PUBLIC = "https://assistant.clinic.example"
QUESTION = "Which shoes help?"


def client_for(tmp_path: Path, **overrides: object) -> TestClient:
    settings = Settings(
        feedback_db=tmp_path / "feedback.sqlite3",
        allowed_hosts=f"127.0.0.1,localhost,{PUBLIC.removeprefix('https://')}",  # type: ignore[arg-type]
        **{"rate_limit_per_minute": 0, **overrides},  # type: ignore[arg-type]
    )
    return TestClient(create_app(settings, FakeAssistant()), base_url=LOCAL)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with client_for(tmp_path) as client:
        yield client


def shown_text(chat: list[dict]) -> list[str]:
    return ["".join(part.get("text", "") for part in m["content"]) for m in chat]


def test_a_question_is_answered_through_the_queue(client: TestClient) -> None:
    chat = chat_page.ask(client, QUESTION).chat()
    texts = shown_text(chat)
    assert [m["role"] for m in chat] == ["user", "assistant"]
    assert "Good shoes support the arches." in texts[1] and "reply-disclaimer" in texts[1]


def test_a_forged_history_in_the_request_is_not_taken(client: TestClient) -> None:
    # The page once sent the whole chat back with every question (and the server re-rendered
    # it for every streamed piece): 2,000 forged messages were accepted and shown.
    forged = [{"role": "user", "content": [{"type": "text", "text": f"m{i}"}]} for i in range(2000)]
    event = chat_page.submit_event(client)
    reply = chat_page.ask(client, QUESTION, event=event, data=[QUESTION, forged, None])
    chat = reply.chat() if reply.completed and reply.completed.get("success") else []
    assert len(chat) <= 2
    assert not any(text.startswith("m1") for text in shown_text(chat))
    assert event.inputs == ["textbox", "state"]  # the question only; the chat stays on the server


def test_an_over_long_question_is_refused_without_being_echoed_whole(client: TestClient) -> None:
    question = "pain " * 40_000  # 200,000 characters, inside the body limit
    texts = shown_text(chat_page.ask(client, question).chat())
    assert "reply-error" in texts[-1] and "1,000" in texts[-1]
    assert sum(len(text) for text in texts) < 5_000


def test_the_queue_has_the_same_per_client_rate_limit_as_the_api(tmp_path: Path) -> None:
    with client_for(tmp_path, rate_limit_per_minute=2) as client:
        event = chat_page.submit_event(client)
        codes = [chat_page.ask(client, QUESTION, event=event).status for _ in range(3)]
        assert codes == [200, 200, 429]
        refused = chat_page.ask(client, QUESTION, event=event)
        assert refused.status == 429
        assert "ASSISTANT_RATE_LIMIT_PER_MINUTE" in refused.body["error"]
        # One budget per client: the API is spent too.
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 429


def test_an_oversized_queue_request_is_refused_with_413(client: TestClient) -> None:
    huge = "x" * (300 * 1024)
    reply = chat_page.ask(client, huge)
    assert reply.status == 413
    assert "262,144" in reply.body["error"]


def test_another_site_cannot_use_the_queue_even_on_a_public_host_name(client: TestClient) -> None:
    # Gradio answers any origin, with credentials, once the Host is not localhost.
    headers = {"Host": PUBLIC.removeprefix("https://"), "Origin": "https://evil.example"}
    reply = chat_page.ask(client, QUESTION, headers=headers)
    assert reply.status == 403
    assert "evil.example" in reply.body["error"]
    preflight = client.options(
        "/gradio_api/queue/join",
        headers={**headers, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 403
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-credentials" not in preflight.headers


def test_the_apps_own_page_on_a_public_host_name_may_use_the_queue(client: TestClient) -> None:
    host = PUBLIC.removeprefix("https://")
    config = client.get("/config", headers={"Host": host, "Origin": PUBLIC})
    assert config.status_code == 200
    assert "access-control-allow-credentials" not in config.headers
    reply = chat_page.ask(client, QUESTION, headers={"Host": host, "Origin": PUBLIC})
    assert reply.status == 200


def test_uploads_are_refused_and_nothing_is_stored(client: TestClient) -> None:
    response = client.post("/gradio_api/upload", files={"files": ("notes.txt", b"hello")})
    assert response.status_code == 403
    assert "no files" in response.json()["error"]
    for path in ("/gradio_api/process_recording", "/gradio_api/stream/abc"):
        assert client.post(path, files={"files": ("a.wav", b"RIFF")}).status_code == 403


def test_the_server_fetches_no_web_address_for_a_visitor(client: TestClient) -> None:
    for path in ("/gradio_api/file=https://example.org/x.png", "/gradio_api/proxy=https://x.io"):
        response = client.get(path)
        assert response.status_code == 403
        assert "web addresses" in response.json()["error"]


def test_answering_builds_no_traffic_summary_and_keeps_no_event_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Gradio rebuilt a pandas summary of its last 10,000 events after every event: a tenth of
    # the server's CPU under load, and more the longer it ran.
    import gradio.queueing

    built: list[int] = []
    original = gradio.queueing.Queue._get_df

    def counted(records: list[dict]) -> object:
        built.append(len(records))
        return original(records)

    monkeypatch.setattr(gradio.queueing.Queue, "_get_df", staticmethod(counted))
    with client_for(tmp_path) as client:
        event = chat_page.submit_event(client)
        for _ in range(3):
            assert chat_page.ask(client, QUESTION, event=event).completed is not None
        routes = client.app.routes  # type: ignore[attr-defined]
        page = next(r.app for r in routes if hasattr(getattr(r, "app", None), "get_blocks"))
        queue = page.get_blocks()._queue
        assert built == []
        assert len(queue.event_analytics) <= 1
        # Gradio's monitoring routes have no /gradio_api prefix; the summary was open before.
        assert client.get("/monitoring/summary").status_code == 403
        # The queue's poll interval exists under this name (a rename would lose it silently).
        assert queue.sleep_when_free == ui.QUEUE_POLL_SECONDS
