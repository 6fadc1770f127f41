"""The reloading assistant over in-memory stores: it switches by itself, between requests, and
never closes an engine a request still uses. (With real generations and a real server:
tests/integration/test_live_reload.py.)"""

from __future__ import annotations

import threading

import pytest

from assistant.factory import build_assistant
from assistant.reload import ReloadingAssistant
from assistant.settings import Settings
from assistant.types import Article
from tests.fakes import MemoryIndex, WordEmbedder

OLD = Article(source_id="walk.txt", title="Walking", text="Walking every day keeps backs strong.")
NEW = Article(source_id="swim.txt", title="Swimming", text="Swimming eases stiff backs gently.")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Engines:
    """Builds engines over MemoryIndex stores; `articles` is what the next one will hold."""

    def __init__(self) -> None:
        self.embedder = WordEmbedder()
        self.articles = [OLD]
        self.stores: list[MemoryIndex] = []
        self.fail: Exception | None = None
        self.started = threading.Event()
        self.release = threading.Event()
        self.release.set()

    def build(self):  # -> ClinicAssistant
        if self.stores:
            self.started.set()
            assert self.release.wait(10), "the test never let the reload finish"
        if self.fail is not None:
            raise self.fail
        store = MemoryIndex(self.articles, self.embedder)
        self.stores.append(store)
        return build_assistant(Settings(), embedder=self.embedder, store=store)


@pytest.fixture
def engines() -> Engines:
    return Engines()


def reloading(engines: Engines, clock: Clock) -> ReloadingAssistant:
    return ReloadingAssistant(engines.build(), engines.build, check_every_s=1.0, clock=clock)


def test_it_switches_to_a_new_index_by_itself(engines: Engines) -> None:
    clock = Clock()
    assistant = reloading(engines, clock)
    assert assistant.topics() == ["Walking"]
    engines.articles = [OLD, NEW]
    engines.stores[0].stale = True  # an ingest made a newer generation live
    assert assistant.topics() == ["Walking"]  # not checked again within the interval
    clock.now += 1.0
    assistant.stats()  # this request notices; the new engine is built in the background
    assistant.wait_for_reload(10)
    assert assistant.topics() == ["Swimming", "Walking"]
    assert assistant.ask("Does swimming help stiff backs?").citations[0].source_id == "swim.txt"
    assert engines.stores[0].closed and not engines.stores[1].closed
    assert assistant.reloads == 1


def test_requests_keep_being_answered_while_the_new_engine_is_built(engines: Engines) -> None:
    clock = Clock()
    assistant = reloading(engines, clock)
    engines.articles = [OLD, NEW]
    engines.stores[0].stale = True
    engines.release.clear()  # the reload will hang until released
    clock.now += 1.0
    assistant.stats()
    assert engines.started.wait(10)
    for _ in range(3):  # meanwhile, the old engine answers
        assert assistant.ask("Is walking every day good?").kind == "answer"
    assert assistant.topics() == ["Walking"]
    engines.release.set()
    assistant.wait_for_reload(10)
    assert assistant.topics() == ["Swimming", "Walking"]


def test_an_engine_in_use_is_closed_only_when_its_last_request_ends(engines: Engines) -> None:
    clock = Clock()
    assistant = reloading(engines, clock)
    old_store = engines.stores[0]
    with assistant._engine() as in_flight:  # a request that started before the switch
        engines.articles = [OLD, NEW]
        old_store.stale = True
        clock.now += 1.0
        assistant.stats()
        assistant.wait_for_reload(10)
        assert assistant.engine is not in_flight
        assert not old_store.closed  # still answering that request
        assert in_flight.ask("Is walking every day good?").kind == "answer"
    assert old_store.closed


def test_a_generation_that_cannot_be_opened_leaves_the_old_one_serving(
    engines: Engines, caplog: pytest.LogCaptureFixture
) -> None:
    from assistant.errors import IndexUnavailable

    clock = Clock()
    assistant = reloading(engines, clock)
    engines.stores[0].stale = True
    engines.fail = IndexUnavailable("the index is damaged; run `assistant ingest --rebuild`")
    clock.now += 1.0
    assistant.stats()
    assistant.wait_for_reload(10)
    assert "could not be opened" in caplog.text
    assert assistant.ask("Is walking every day good?").kind == "answer"
    assert not engines.stores[0].closed
    engines.fail = None  # repaired: the next check picks it up
    engines.articles = [OLD, NEW]
    clock.now += 1.0
    assistant.stats()
    assistant.wait_for_reload(10)
    assert assistant.topics() == ["Swimming", "Walking"]


def test_close_closes_the_engine_in_use(engines: Engines) -> None:
    assistant = reloading(engines, Clock())
    assistant.close()
    assert engines.stores[0].closed
