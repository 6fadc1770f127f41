"""`assistant ingest` on a live deployment: the running server switches to each new index
generation by itself, and no request fails while it does.

A real `assistant serve` process (real model, real embedded Chroma) answers a steady stream of
API and chat-page requests from several threads while this test runs ingests that add
articles, two of them back to back. Every request must succeed; each new article must become
answerable without a restart; and once the server has moved on, the next ingest removes the
generations it no longer reads.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import httpx

from assistant.settings import Settings
from ingest.pipeline import ingest_paths
from tests import chat_page
from tests.integration.live_server import serving

ASSISTANT = Path(sys.executable).with_name("assistant")
STARTUP_S = 180.0
RELOAD_DEADLINE_S = 60.0
QUESTIONS = [
    "Can my feet cause back pain?",
    "Which foot exercises help?",
    "How do I do toe pressing?",
]
NEW_ARTICLES = {
    "salt-soak.txt": (
        "Warm salt water foot soak\nSoak your feet in warm salt water for ten minutes to "
        "ease aching arches after a long day.\n",
        "How long should I soak my feet in warm salt water for aching arches?",
    ),
    "marble-pickup.txt": (
        "Marble pick-up exercise\nPick up twenty marbles with your toes and drop them in a "
        "bowl to strengthen the small muscles of the foot.\n",
        "How many marbles should I pick up with my toes to strengthen my feet?",
    ),
    "calf-raises.txt": (
        "Slow calf raises\nRise slowly onto the balls of both feet, hold for two seconds, and "
        "lower your heels over four seconds; repeat fifteen times.\n",
        "How slowly should I lower my heels when doing calf raises?",
    ),
}


class Load:
    """Threads asking the server without pause; every outcome is recorded."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.stop = threading.Event()
        self.outcomes: list[str] = []  # "ok" or what went wrong
        self._lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._api, args=(n,), daemon=True) for n in range(3)
        ] + [threading.Thread(target=self._chat, daemon=True)]

    def _record(self, outcome: str) -> None:
        with self._lock:
            self.outcomes.append(outcome)

    def _api(self, n: int) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as client:
            while not self.stop.is_set():
                question = QUESTIONS[(n + len(self.outcomes)) % len(QUESTIONS)]
                try:
                    response = client.post("/api/ask", json={"question": question})
                    ok = response.status_code == 200 and bool(response.json().get("disclaimer"))
                    self._record("ok" if ok else f"HTTP {response.status_code}: {response.text}")
                    health = client.get("/api/health")
                    self._record("ok" if health.status_code == 200 else f"health {health.text}")
                except httpx.HTTPError as error:
                    self._record(f"{type(error).__name__}: {error}")

    def _chat(self) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as client:
            event = chat_page.submit_event(client)
            while not self.stop.is_set():
                try:
                    reply = chat_page.ask(client, QUESTIONS[0], event=event)
                    done = reply.completed
                    ok = reply.status == 200 and done is not None and done.get("success")
                    self._record("ok" if ok else f"chat page: {reply.status} {reply.body}")
                except httpx.HTTPError as error:
                    self._record(f"chat page {type(error).__name__}: {error}")

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=90)


def cites(base: str, question: str, source_id: str) -> bool:
    answer = httpx.post(base + "/api/ask", json={"question": question}, timeout=60).json()
    return any(c["source_id"] == source_id for c in answer.get("citations", []))


def wait_until_cited(base: str, question: str, source_id: str) -> float:
    """Seconds until the server's answer to `question` cites `source_id` (fails at the deadline)."""
    started = time.monotonic()
    while not cites(base, question, source_id):
        assert time.monotonic() - started < RELOAD_DEADLINE_S, (
            f"the running server never served {source_id} (no reload without a restart?)"
        )
    return time.monotonic() - started


def test_ingests_on_a_live_server_need_no_restart_and_fail_no_request(
    tmp_path: Path, real_index: Settings, real_embedder
) -> None:
    settings = real_index
    corpus = settings.corpus_dir
    with serving(settings, tmp_path, ASSISTANT_RATE_LIMIT_PER_MINUTE="0") as base:
        (first, (text_1, q_1)), (second, (text_2, q_2)), (third, (text_3, q_3)) = (
            NEW_ARTICLES.items()
        )
        assert not cites(base, q_2, second)
        with Load(base) as load:
            (corpus / first).write_text(text_1, encoding="utf-8")
            ingest_paths(settings, embedder=real_embedder)
            (corpus / second).write_text(text_2, encoding="utf-8")
            ingest_paths(settings, embedder=real_embedder)  # back to back: leases matter here
            wait_until_cited(base, q_2, second)
            assert cites(base, q_1, first)
            (corpus / third).write_text(text_3, encoding="utf-8")
            ingest_paths(settings, embedder=real_embedder)
            wait_until_cited(base, q_3, third)
            served_during = len(load.outcomes)
        failures = [outcome for outcome in load.outcomes if outcome != "ok"]
        assert failures == [], failures[:5]
        assert served_during >= 30  # a real stream of requests, not a handful
        assert httpx.get(base + "/api/health").json()["documents"] == 5
        # The server has left the older generations; the next ingest's clean-up removes them.
        ingest_paths(settings, embedder=real_embedder)
        live = (settings.index_dir / "CURRENT").read_text().strip()
        previous = (settings.index_dir / "PREVIOUS").read_text().strip()
        assert {p.name for p in settings.index_dir.glob("gen-*")} == {live, previous}
