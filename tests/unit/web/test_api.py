"""The HTTP API through an HTTP client: shapes, limits, errors, streaming, feedback.

`fake_client` runs the whole app (API + mounted UI) around the readable `FakeAssistant`, for fast
checks of the HTTP layer. The real integration tests (real model, real index) are in
tests/test_api_real.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from assistant.web.app import create_app
from tests.fakes import FakeAssistant
from tests.support import LOCAL

EXPORT_TOKEN = "s3cret-token"


def parse_sse(body: str) -> list[tuple[str, str]]:
    """(event, data) pairs of a server-sent event stream, parsed by the spec's rules."""
    events = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[len("event:") :].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:") :].removeprefix(" "))
        if data:
            events.append((name, "\n".join(data)))
    return events


@pytest.fixture(scope="module")
def fake() -> FakeAssistant:
    return FakeAssistant()


@pytest.fixture(scope="module")
def fake_client(
    fake: FakeAssistant, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    settings = Settings(
        feedback_db=tmp_path_factory.mktemp("feedback") / "feedback.sqlite3",
        feedback_export_token=EXPORT_TOKEN,
        rate_limit_per_minute=0,  # the limit has its own tests (test_security.py)
    )
    with TestClient(create_app(settings, fake), base_url=LOCAL) as client:
        yield client


def test_ask_returns_the_answer_json(fake_client: TestClient) -> None:
    response = fake_client.post("/api/ask", json={"question": "Which shoes help?", "history": []})
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "answer"
    assert "[1]" in body["answer"]
    assert body["citations"][0]["quote"] == "Good shoes support the arches."
    assert body["citations"][0]["url"] == "https://clinic.example/walking"
    assert body["disclaimer"]


def test_ask_passes_history_to_the_assistant(fake_client: TestClient, fake: FakeAssistant) -> None:
    history = [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "hi"}]
    response = fake_client.post(
        "/api/ask", json={"question": "bladder trouble", "history": history}
    )
    assert response.json()["kind"] == "urgent"
    assert fake.questions[-1] == "bladder trouble"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"{not json", "not valid JSON"),
        (b'"just a string"', "must be a JSON object"),
        (b'{"question": 5}', "body.question: Input should be a valid string"),
        (b'{"history": []}', "body.question: Field required"),
        (b'{"question": "hi", "history": [{"role": "doctor", "content": "x"}]}', "'user' or"),
        (b'{"question": "hi", "history": "none"}', "body.history"),
        (b'{"question": "hi", "sneaky": true}', "body.sneaky: Extra inputs"),
    ],
)
def test_malformed_requests_get_422_with_a_clear_message(
    fake_client: TestClient, body: bytes, expected: str
) -> None:
    response = fake_client.post(
        "/api/ask", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert expected in response.json()["error"]


def test_too_long_question_names_the_limit_and_the_server_keeps_serving(
    fake_client: TestClient,
) -> None:
    response = fake_client.post("/api/ask", json={"question": "x" * 1001})
    assert response.status_code == 422
    assert "1,000" in response.json()["error"]
    again = fake_client.post("/api/ask", json={"question": "Is walking good?"})
    assert again.status_code == 200
    assert again.json()["kind"] == "answer"


def test_too_much_history_names_the_limit(fake_client: TestClient) -> None:
    history = [{"role": "user", "content": f"message {i}"} for i in range(21)]
    response = fake_client.post("/api/ask", json={"question": "walking?", "history": history})
    assert response.status_code == 422
    assert "20" in response.json()["error"]


def test_oversized_body_is_refused_before_reading_then_serving_goes_on(
    fake_client: TestClient, fake: FakeAssistant
) -> None:
    asked = len(fake.questions)
    huge = json.dumps({"question": "walking?", "history": [], "pad": "x" * 300_000})
    response = fake_client.post(
        "/api/ask", content=huge, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "262,144" in response.json()["error"]
    assert len(fake.questions) == asked
    assert fake_client.post("/api/ask", json={"question": "walking?"}).status_code == 200


def test_an_over_long_history_message_names_the_limit(fake_client: TestClient) -> None:
    # One limit, the engine's (it was 20,000 here and 10,000 in the engine: a 15,000-character
    # message passed the API and was then refused).
    limit = Settings().max_history_message_chars
    for size, status in ((limit + 1, 422), (limit, 200)):
        history = [{"role": "assistant", "content": "y" * size}]
        for path in ("/api/ask", "/api/ask/stream"):
            response = fake_client.post(path, json={"question": "walking?", "history": history})
            assert response.status_code == status
            if status == 422:
                error = response.json()["error"]
                assert "history[0]" in error and f"{limit:,}" in error


def test_stream_deltas_join_to_the_same_answer_as_ask(fake_client: TestClient) -> None:
    question = {"question": "Does a firm mattress help?"}
    plain = fake_client.post("/api/ask", json=question).json()
    response = fake_client.post("/api/ask/stream", json=question)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    names = [name for name, _ in events]
    assert names[-1] == "answer" and set(names[:-1]) == {"delta"}
    assert len(names) > 2  # really streamed in pieces
    joined = "".join(json.loads(data)["text"] for name, data in events if name == "delta")
    final = json.loads(events[-1][1])
    assert joined == final["answer"] == plain["answer"]
    assert final["citations"] == plain["citations"]


def test_stream_refusals_are_plain_json_errors(fake_client: TestClient) -> None:
    response = fake_client.post("/api/ask/stream", json={"question": "   "})
    assert response.status_code == 422
    assert "empty" in response.json()["error"]


def test_search_returns_passages_best_first(fake_client: TestClient) -> None:
    response = fake_client.post("/api/search", json={"query": "firm mattress sleeping", "k": 1})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 1
    assert results[0]["source_id"] == "sleep.txt"
    assert set(results[0]) == {"source_id", "chunk_id", "title", "url", "text", "score"}


@pytest.mark.parametrize("body", [{"query": "walking", "k": 0}, {"query": "walking", "k": 500}])
def test_search_k_out_of_range_is_refused(fake_client: TestClient, body: dict) -> None:
    response = fake_client.post("/api/search", json=body)
    assert response.status_code == 422
    assert "body.k" in response.json()["error"]


def test_empty_search_query_is_refused(fake_client: TestClient) -> None:
    response = fake_client.post("/api/search", json={"query": "  "})
    assert response.status_code == 422
    assert "empty" in response.json()["error"]


def test_health_reports_the_index(fake_client: TestClient) -> None:
    assert fake_client.get("/api/health").json() == {"status": "ok", "documents": 2, "chunks": 2}


def test_missing_index_is_503_with_the_message(tmp_path: Path) -> None:
    settings = Settings(feedback_db=tmp_path / "f.sqlite3")
    with TestClient(
        create_app(settings, FakeAssistant(index_available=False)), base_url=LOCAL
    ) as client:
        for response in (
            client.get("/api/health"),
            client.post("/api/ask", json={"question": "walking?"}),
            client.post("/api/search", json={"query": "walking"}),
        ):
            assert response.status_code == 503
            assert "assistant ingest" in response.json()["error"]


def test_feedback_is_stored_and_exported(fake_client: TestClient) -> None:
    answer = fake_client.post("/api/ask", json={"question": "Which shoes help?"}).json()
    saved = fake_client.post(
        "/api/feedback",
        json={
            "rating": "down",
            "question": "=Which shoes help?",
            "reply": answer["answer"],
            "kind": answer["kind"],
            "citations": answer["citations"],
            "comment": "too short",
        },
    )
    assert saved.status_code == 201
    headers = {"Authorization": f"Bearer {EXPORT_TOKEN}"}
    lines = fake_client.get("/api/feedback/export?format=jsonl", headers=headers).text.splitlines()
    record = next(
        json.loads(line) for line in lines if json.loads(line)["id"] == saved.json()["id"]
    )
    assert record["rating"] == "down"
    assert record["question"] == "=Which shoes help?"
    assert record["citations"] == answer["citations"]
    csv_response = fake_client.get("/api/feedback/export?format=csv", headers=headers)
    assert csv_response.headers["content-disposition"] == 'attachment; filename="feedback.csv"'
    assert csv_response.text.splitlines()[0].startswith("id,created_at,rating")
    # A spreadsheet must not run a patient's text as a formula.
    assert "'=Which shoes help?" in csv_response.text


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Bearer é".encode()}],
)
def test_feedback_export_needs_the_token(fake_client: TestClient, headers: dict) -> None:
    response = fake_client.get("/api/feedback/export", headers=headers)
    assert response.status_code == 403
    assert "ASSISTANT_FEEDBACK_EXPORT_TOKEN" in response.json()["error"]


def test_feedback_export_is_off_without_a_token(tmp_path: Path) -> None:
    settings = Settings(feedback_db=tmp_path / "f.sqlite3")
    with TestClient(create_app(settings, FakeAssistant()), base_url=LOCAL) as client:
        response = client.get("/api/feedback/export", headers={"Authorization": "Bearer "})
    assert response.status_code == 403
    assert "disabled" in response.json()["error"]


def test_bad_feedback_rating_is_refused_and_nothing_is_stored(fake_client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {EXPORT_TOKEN}"}
    before = fake_client.get("/api/feedback/export?format=jsonl", headers=headers).text
    response = fake_client.post(
        "/api/feedback", json={"rating": "meh", "question": "q", "reply": "r"}
    )
    assert response.status_code == 422
    assert "body.rating" in response.json()["error"]
    assert fake_client.get("/api/feedback/export?format=jsonl", headers=headers).text == before


def test_openapi_documents_the_request_shapes(fake_client: TestClient) -> None:
    schema = fake_client.get("/openapi.json").json()
    assert {"/api/ask", "/api/ask/stream", "/api/search", "/api/feedback", "/api/health"} <= set(
        schema["paths"]
    )
    assert "AskRequest" in schema["components"]["schemas"]
    assert fake_client.get("/docs").status_code == 200


def test_chat_page_is_served_at_root(fake_client: TestClient) -> None:
    response = fake_client.get("/")
    assert response.status_code == 200
    assert "<html" in response.text.lower()
