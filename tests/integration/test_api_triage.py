"""Each triage level through the real app's API: kind, the `triage` object and the clinic's
own numbers in the reply (real model, real index of corpus/, real triage model)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from assistant.web.app import create_app
from tests.support import CLINIC_NUMBERS, LOCAL, TRIAGE_LEVEL_CASES
from tests.unit.web.test_api import parse_sse


@pytest.fixture(scope="module")
def client(seed_index_settings: Settings, real_embedder, tmp_path_factory) -> Iterator[TestClient]:
    from assistant import build_assistant

    settings = seed_index_settings.model_copy(
        update={
            **CLINIC_NUMBERS,
            "rate_limit_per_minute": 0,
            "feedback_db": tmp_path_factory.mktemp("triage-feedback") / "feedback.sqlite3",
        }
    )
    assistant = build_assistant(settings, embedder=real_embedder)
    with TestClient(create_app(settings, assistant), base_url=LOCAL) as test_client:
        yield test_client


@pytest.mark.parametrize(("message", "level", "numbers"), TRIAGE_LEVEL_CASES)
def test_each_level_is_urgent_with_its_own_reply_and_numbers(client, message, level, numbers):
    for path in ("/api/ask", "/api/ask/stream"):
        response = client.post(path, json={"question": message, "history": []})
        assert response.status_code == 200
        if path == "/api/ask":
            body = response.json()
        else:
            body = json.loads(
                [data for name, data in parse_sse(response.text) if name == "answer"][-1]
            )
        assert body["kind"] == "urgent"
        assert body["triage"]["level"] == level and body["triage"]["category"]
        assert body["citations"] == [] and body["disclaimer"]
        for number in numbers:
            assert number in body["answer"]
        assert "911" not in body["answer"] and message not in body["answer"]


def test_an_ordinary_question_is_answered_with_triage_none(client):
    body = client.post("/api/ask", json={"question": "Can flat feet cause back pain?"}).json()
    assert body["kind"] == "answer"
    assert body["triage"] == {"level": "none", "category": None}


def test_a_message_in_another_language_still_gets_the_emergency_line(client):
    body = client.post(
        "/api/ask", json={"question": "Mi padre no puede respirar y tiene los labios azules"}
    ).json()
    assert body["kind"] in ("urgent", "out_of_scope")
    assert "112" in body["answer"]


def test_getting_help_after_an_urgent_reply_is_not_flagged_again(client):
    first = client.post("/api/ask", json={"question": "crushing chest pain and I'm sweating"})
    history = [
        {"role": "user", "content": "crushing chest pain and I'm sweating"},
        {"role": "assistant", "content": first.json()["answer"]},
    ]
    body = client.post(
        "/api/ask", json={"question": "ok, I'm in the ambulance now", "history": history}
    ).json()
    assert body["kind"] != "urgent" and body["triage"]["level"] == "none"
