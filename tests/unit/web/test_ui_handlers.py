"""The chat page's event handlers, called directly with the readable fake assistant."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.web.feedback import FeedbackStore
from assistant.web.ui import ChatHandlers, ChatSession
from tests.fakes import FakeAssistant


@pytest.fixture
def store(tmp_path: Path) -> FeedbackStore:
    return FeedbackStore(tmp_path / "feedback.sqlite3")


@pytest.fixture
def fake() -> FakeAssistant:
    return FakeAssistant(settings=Settings(max_history_messages=4))


@pytest.fixture
def handlers(fake: FakeAssistant, store: FeedbackStore) -> ChatHandlers:
    return ChatHandlers(fake, Settings(max_history_messages=4), store)


def final(handlers: ChatHandlers, question: str, session: ChatSession) -> tuple:
    """Answer one question; return ([the page's update], that update)."""
    state = handlers.respond(question, session)
    return [state], state


def test_the_question_and_its_reply_with_sources_and_disclaimer_come_in_one_update(
    handlers: ChatHandlers,
) -> None:
    question = "Walking, shoes, a mattress or sleeping on the side for back pain?"
    states, (chat, box, session) = final(handlers, question, ChatSession())
    assert len(states) == 1
    assert box == ""
    assert [m["role"] for m in chat] == ["user", "assistant"]
    assert "reply-disclaimer" in chat[-1]["content"] and "Sources" in chat[-1]["content"]
    assert session.history[0].content == question
    assert session.replies[1][0] == question


def test_blank_question_changes_nothing(handlers: ChatHandlers, fake: FakeAssistant) -> None:
    session = ChatSession()
    assert handlers.respond("   ", session) == ([], "", session)
    assert fake.questions == []


def test_long_conversations_send_only_the_newest_turns(
    handlers: ChatHandlers, fake: FakeAssistant
) -> None:
    session = ChatSession()
    for question in ["walking?", "shoes?", "mattress?", "sleeping?"]:
        _, (chat, _, session) = final(handlers, question, session)
    # 8 earlier messages exceed the engine's limit of 4; the page keeps the last 4.
    _, (chat, _, session) = final(handlers, "arches?", session)
    assert "reply-error" not in chat[-1]["content"]
    assert [m.content for m in fake.histories[-1] if m.role == "user"] == ["mattress?", "sleeping?"]
    # The server keeps only what the engine may see, however long the conversation.
    assert [m.content for m in session.history if m.role == "user"] == ["sleeping?", "arches?"]
    assert len(chat) == 10


def test_refusal_shows_a_notice_and_keeps_the_session(
    handlers: ChatHandlers, fake: FakeAssistant
) -> None:
    session = ChatSession()
    _, (chat, _, after) = final(handlers, "x" * 1001, session)
    assert "reply-error" in chat[-1]["content"] and "1,000" in chat[-1]["content"]
    assert after is session and after.history == []


def test_missing_index_shows_what_to_run(store: FeedbackStore) -> None:
    handlers = ChatHandlers(FakeAssistant(index_available=False), Settings(), store)
    _, (chat, _, _) = final(handlers, "walking?", ChatSession())
    assert "assistant ingest" in chat[-1]["content"]


def test_ratings_are_stored_only_for_answers(handlers: ChatHandlers, store: FeedbackStore) -> None:
    _, (_, _, session) = final(handlers, "Which shoes help?", ChatSession())
    assert handlers.store_rating(session, 0, True) is False  # the user's own message
    assert handlers.store_rating(session, 1, "") is False  # a withdrawn rating
    assert handlers.store_rating(session, 1, False) is True
    [record] = store.records()
    assert (record.rating, record.question, record.kind) == ("down", "Which shoes help?", "answer")
    assert record.citations == session.replies[1][1].citations


def test_clear_starts_over() -> None:
    chat, box, session = ChatHandlers.clear()
    assert (chat, box, session.history, session.replies) == ([], "", [], {})
