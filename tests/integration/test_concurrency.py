"""Several questions at once: the engine gives the same answers from many threads, and the
chat page answers several visitors at the same time (it used to answer one at a time)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from assistant.settings import Settings
from assistant.types import Answer, Message
from assistant.web.app import create_app
from evals.paths import GOLD
from tests import chat_page
from tests.fakes import FakeAssistant
from tests.integration.live_server import live_server


def test_the_engine_answers_the_same_from_eight_threads(
    seed_index_settings: Settings, real_embedder
) -> None:
    import json

    from assistant.factory import build_assistant

    engine = build_assistant(seed_index_settings, embedder=real_embedder)
    try:
        rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
        questions = [row["question"] for row in rows if not row.get("history")][:48]
        alone = [engine.ask(q).model_dump(exclude={"timings_ms"}) for q in questions]
        with ThreadPoolExecutor(8) as pool:
            together = list(
                pool.map(lambda q: engine.ask(q).model_dump(exclude={"timings_ms"}), questions * 2)
            )
    finally:
        engine.close()
    assert together == alone * 2


class MeetingAssistant(FakeAssistant):
    """Answers only once `parties` questions are being answered at the same moment."""

    def __init__(self, parties: int) -> None:
        super().__init__()
        self.meeting = threading.Barrier(parties, timeout=20)

    def ask(self, question: str, history: Sequence[Message] = ()) -> Answer:
        self.meeting.wait()  # BrokenBarrierError if the others never arrive
        return super().ask(question, history)


def test_the_chat_page_answers_two_visitors_at_once(tmp_path: Path) -> None:
    settings = Settings(
        feedback_db=tmp_path / "feedback.sqlite3", rate_limit_per_minute=0, chat_concurrency=2
    )
    with live_server(create_app(settings, MeetingAssistant(parties=2))) as base:

        def visit(question: str) -> bool:
            with httpx.Client(base_url=base, timeout=60) as client:
                done = chat_page.ask(client, question).completed
                return done is not None and bool(done.get("success"))

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(visit, ["Which shoes help?", "Does walking help?"]))
    assert results == [True, True]
