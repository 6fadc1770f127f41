"""The engine's orchestration on fakes for the model and the index, with the real rules and
composer: what runs before what, and the replies every corpus gets."""

from __future__ import annotations

import pytest

from assistant.errors import IndexUnavailable
from assistant.types import Article, Message
from tests.fakes import MemoryIndex, WordEmbedder

# Fast orchestration tests: fakes for the model and the index, the real rules and composer.

NOTES = Article(
    source_id="notes.md",
    title="Hand Washing",
    text="Washing hands with soap stops germs from spreading. Rub for twenty seconds.",
)


def fake_assistant(articles=(NOTES,), **overrides):
    from assistant.factory import build_assistant
    from assistant.settings import Settings

    embedder = WordEmbedder()
    settings = Settings(relevance_threshold=0.2, **overrides)
    return build_assistant(settings, embedder=embedder, store=MemoryIndex(articles, embedder))


class CountingIndex(MemoryIndex):
    """Counts the searches and sentence reads: triage must need neither."""

    reads = 0

    def query(self, vector, k):
        self.reads += 1
        return super().query(vector, k)

    def sentences(self, chunk_ids):
        self.reads += 1
        return super().sentences(chunk_ids)


def test_urgent_is_decided_before_anything_is_retrieved():
    # One forward pass (the question, which the triage model reads, and the search texts); the
    # index is not searched and no article is read before an urgent reply.
    from assistant.factory import build_assistant
    from assistant.settings import Settings

    embedder = WordEmbedder()
    index = CountingIndex((NOTES,), embedder)
    assistant = build_assistant(Settings(relevance_threshold=0.2), embedder=embedder, store=index)
    calls = embedder.calls
    answer = assistant.ask("I have crushing chest pain right now, should I wash my hands?")
    assert answer.kind == "urgent" and answer.triage.level == "emergency"
    assert index.reads == 0
    assert embedder.calls == calls + 1
    # An ordinary question takes one forward pass too: the search reuses that pass.
    calls = embedder.calls
    assert assistant.ask("how long should I rub when washing hands?").kind == "answer"
    assert embedder.calls == calls + 1 and index.reads > 0


def test_a_blank_disclaimer_setting_falls_back_to_the_built_in_one():
    from assistant.settings import DEFAULT_DISCLAIMER

    answer = fake_assistant(disclaimer="   ").ask("how long should I rub when washing hands?")
    assert answer.kind == "answer"
    assert answer.disclaimer == DEFAULT_DISCLAIMER
    assert "twenty seconds" in answer.answer


def test_an_empty_index_tells_to_run_ingest():
    with pytest.raises(IndexUnavailable, match="assistant ingest"):
        fake_assistant(articles=()).ask("how do I wash my hands?")


def test_out_of_scope_lists_the_corpus_titles_whatever_they_are():
    answer = fake_assistant().ask("what is the capital of France?")
    assert answer.kind == "out_of_scope"
    assert "- Hand Washing" in answer.answer


def test_a_follow_up_is_triaged_with_the_message_before_it():
    assistant = fake_assistant()
    history = [
        Message(role="user", content="I fell off a ladder yesterday."),
        Message(role="assistant", content="I can only answer from the clinic's articles."),
    ]
    answer = assistant.ask("now my back really hurts, is that from my feet?", history)
    assert answer.kind == "urgent"
    # A new, self-contained question is not held hostage by an earlier message.
    assert assistant.ask("how long should I rub when washing hands?", history).kind == "answer"


def test_a_question_about_prices_is_sent_to_the_clinic_unless_the_articles_cover_prices():
    from assistant.compose.replies import SERVICE_REQUEST

    question = "how much does a hand washing lesson cost?"
    answer = fake_assistant().ask(question)
    assert answer.kind == "out_of_scope" and not answer.citations
    assert SERVICE_REQUEST in answer.answer and "- Hand Washing" in answer.answer
    fees = Article(
        source_id="fees.md",
        title="Fees",
        text="A hand washing lesson costs ten dollars. The cost is the same for children.",
    )
    answer = fake_assistant(articles=(NOTES, fees)).ask(question)
    assert answer.kind == "answer"
    assert "fees.md" in {citation.source_id for citation in answer.citations}
    assert "ten dollars" in answer.answer


def test_a_personal_request_keeps_its_reply_when_it_also_asks_a_price():
    from assistant.compose.replies import PERSONAL_REQUEST, SERVICE_REQUEST

    answer = fake_assistant().ask("how much soap should I take, and what does it cost?")
    assert answer.answer.startswith(PERSONAL_REQUEST["dose"])
    assert SERVICE_REQUEST not in answer.answer
