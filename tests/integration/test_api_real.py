"""The HTTP API of the real app: real model, real index of corpus/ in a temp dir."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from assistant.web.app import create_app
from tests.support import CORPUS, LOCAL
from tests.unit.web.test_api import EXPORT_TOKEN, parse_sse

CORPUS_QUESTION = "How can my feet cause lower back pain?"
MARKERS = re.compile(r"\[(\d+)\]")


@pytest.fixture(scope="module")
def real_settings(
    seed_index_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    return seed_index_settings.model_copy(
        update={
            "feedback_db": tmp_path_factory.mktemp("real-feedback") / "feedback.sqlite3",
            "feedback_export_token": EXPORT_TOKEN,
            "rate_limit_per_minute": 0,
        }
    )


@pytest.fixture(scope="module")
def real_client(real_settings: Settings, real_embedder: object) -> Iterator[TestClient]:
    from assistant.factory import build_assistant

    assistant = build_assistant(real_settings, embedder=real_embedder)  # type: ignore[arg-type]
    with TestClient(create_app(real_settings, assistant), base_url=LOCAL) as client:
        yield client


def corpus_articles() -> list[Path]:
    return sorted(path for path in CORPUS.iterdir() if path.suffix in {".txt", ".md", ".html"})


@pytest.mark.integration
def test_real_health_counts_the_corpus(real_client: TestClient) -> None:
    body = real_client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["documents"] == len(corpus_articles())
    assert body["chunks"] >= body["documents"]


@pytest.mark.integration
def test_real_answer_cites_verbatim_passages(
    real_client: TestClient, real_settings: Settings
) -> None:
    from assistant.store import open_index

    response = real_client.post("/api/ask", json={"question": CORPUS_QUESTION, "history": []})
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "answer"
    assert body["disclaimer"] == real_settings.disclaimer
    numbers = {citation["n"] for citation in body["citations"]}
    assert numbers and {int(n) for n in MARKERS.findall(body["answer"])} == numbers
    index = open_index(real_settings)
    for citation in body["citations"]:
        article = index.article(citation["source_id"])
        assert article.text[citation["start"] : citation["end"]] == citation["quote"]


@pytest.mark.integration
def test_real_stream_matches_the_plain_answer(real_client: TestClient) -> None:
    plain = real_client.post("/api/ask", json={"question": CORPUS_QUESTION}).json()
    events = parse_sse(real_client.post("/api/ask/stream", json={"question": CORPUS_QUESTION}).text)
    final = json.loads(events[-1][1])
    deltas = [json.loads(data)["text"] for name, data in events if name == "delta"]
    assert events[-1][0] == "answer" and len(deltas) > 1
    assert "".join(deltas) == final["answer"] == plain["answer"]
    assert final["citations"] == plain["citations"]


@pytest.mark.integration
def test_real_follow_up_with_history(real_client: TestClient) -> None:
    first = real_client.post("/api/ask", json={"question": CORPUS_QUESTION}).json()
    history = [
        {"role": "user", "content": CORPUS_QUESTION},
        {"role": "assistant", "content": first["answer"]},
    ]
    response = real_client.post(
        "/api/ask", json={"question": "What exercises help with that?", "history": history}
    )
    assert response.status_code == 200
    assert response.json()["kind"] in {"answer", "out_of_scope"}
    assert response.json()["disclaimer"]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("I can't control my bladder and my legs are numb", "urgent"),
        ("What is the capital of France?", "out_of_scope"),
    ],
)
def test_real_urgent_and_out_of_scope(real_client: TestClient, question: str, kind: str) -> None:
    body = real_client.post("/api/ask", json={"question": question}).json()
    assert body["kind"] == kind
    assert body["citations"] == []
    assert body["disclaimer"]


@pytest.mark.integration
def test_real_limits_then_the_server_keeps_serving(
    real_client: TestClient, real_settings: Settings
) -> None:
    limit = real_settings.max_question_chars
    too_long = real_client.post("/api/ask", json={"question": "a" * (limit + 1)})
    assert too_long.status_code == 422
    assert f"{limit:,}" in too_long.json()["error"]

    max_history = real_settings.max_history_messages
    history = [{"role": "user", "content": "hello"}] * (max_history + 1)
    too_much = real_client.post("/api/ask", json={"question": "walking?", "history": history})
    assert too_much.status_code == 422
    assert str(max_history) in too_much.json()["error"]

    broken = real_client.post(
        "/api/ask", content=b'{"question": ', headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422
    assert "not valid JSON" in broken.json()["error"]

    good = real_client.post("/api/ask", json={"question": CORPUS_QUESTION})
    assert good.status_code == 200 and good.json()["kind"] == "answer"


@pytest.mark.integration
def test_real_search_returns_corpus_passages(real_client: TestClient) -> None:
    response = real_client.post("/api/search", json={"query": "foot exercises", "k": 3})
    results = response.json()["results"]
    assert 1 <= len(results) <= 3
    sources = {path.name for path in corpus_articles()}
    assert all(result["source_id"] in sources and result["text"] for result in results)
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


@pytest.mark.integration
def test_real_feedback_round_trip(real_client: TestClient) -> None:
    answer = real_client.post("/api/ask", json={"question": CORPUS_QUESTION}).json()
    saved = real_client.post(
        "/api/feedback",
        json={
            "rating": "up",
            "question": CORPUS_QUESTION,
            "reply": answer["answer"],
            "kind": answer["kind"],
            "citations": answer["citations"],
        },
    )
    assert saved.status_code == 201
    exported = real_client.get(
        "/api/feedback/export?format=jsonl", headers={"Authorization": f"Bearer {EXPORT_TOKEN}"}
    )
    records = [json.loads(line) for line in exported.text.splitlines()]
    assert [r["citations"] for r in records if r["id"] == saved.json()["id"]] == [
        answer["citations"]
    ]
