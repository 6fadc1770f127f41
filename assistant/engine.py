"""The answer engine: `build_assistant(settings)` wires the parts; `ask` runs them in order.

    check_question -> triage (before any retrieval) -> language -> rewrite follow-ups ->
    embed + retrieve -> relevance gate -> compose (extractive, cited) -> wrap with disclaimer

Every reply is an `Answer` built by `_reply`, the one place that sets the disclaimer, so no
message can remove it. The index, the BM25 tables and the model load once, in the factory or
on first use; nothing heavy happens per question beyond one query embedding.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Protocol

import numpy as np

from assistant import replies
from assistant.compose import SentenceSpans, compose_answer
from assistant.embeddings import Embedder, build_embedder
from assistant.errors import IndexUnavailable
from assistant.followup import rewrite_query, search_context
from assistant.gate import gate_chunk_ids, passes, relevance_score
from assistant.guard import check_question, detect_language_problem, is_personal_medical_request
from assistant.retrieve import ChunkSource, HybridRetriever, search_text
from assistant.settings import DEFAULT_DISCLAIMER, Settings
from assistant.triage import triage, triage_conversation, urgent_reply
from assistant.types import Answer, AnswerKind, Article, Citation, IndexStats, Message, SearchHit

ARTICLE_CACHE_SIZE = 512


class AnswerIndex(ChunkSource, Protocol):
    """What the engine reads from the index adapter (`assistant.index.ChunkIndex`)."""

    def stats(self) -> IndexStats: ...

    def sentences(self, chunk_ids: Sequence[str]) -> Mapping[str, SentenceSpans]: ...

    def article(self, source_id: str) -> Article: ...

    def articles(self) -> list[Article]: ...


def build_retriever(
    settings: Settings, *, embedder: Embedder | None = None, index: AnswerIndex | None = None
) -> HybridRetriever:
    """The hybrid retriever over the index named in `settings` (raises IndexUnavailable)."""
    if index is None:
        from assistant.index import open_index

        index = open_index(settings)
    if embedder is None:
        embedder = build_embedder(settings.embedding_model, settings.embed_batch_size)
    return HybridRetriever(index, embedder)


def build_assistant(
    settings: Settings, *, embedder: Embedder | None = None, index: AnswerIndex | None = None
) -> ClinicAssistant:
    """The assistant every front end uses; tests pass their own embedder or index.

    Opens the index (IndexUnavailable if missing, empty or built with another model) and builds
    the BM25 tables now. A model built here starts loading in a background thread at once;
    `warm_up()` waits for it.
    """
    if index is None:
        from assistant.index import open_index

        index = open_index(settings)
    loader = None
    if embedder is None:
        embedder = build_embedder(settings.embedding_model, settings.embed_batch_size)
        # Loading torch and the model is most of a cold start: overlap it with the BM25 build.
        loader = threading.Thread(target=_load_model, args=(embedder,), daemon=True)
        loader.start()
    retriever = build_retriever(settings, embedder=embedder, index=index)
    return ClinicAssistant(settings, index, retriever, loader)


def _load_model(embedder: Embedder) -> None:
    # Failures are not lost: the first question loads the model again and raises there.
    with suppress(Exception):
        embedder.embed(["warm up"])


class ClinicAssistant:
    """Implements the `Assistant` protocol of assistant/types.py."""

    def __init__(
        self,
        settings: Settings,
        index: AnswerIndex,
        retriever: HybridRetriever,
        loader: threading.Thread | None = None,
    ) -> None:
        self.settings = settings
        self._loader = loader
        self.index = index
        self.retriever = retriever
        self.disclaimer = settings.disclaimer.strip() or DEFAULT_DISCLAIMER
        self._articles: dict[str, Article] = {}
        self._topics: list[str] | None = None

    def close(self) -> None:
        """Release the index (the embedded store's files, or the server connection)."""
        if self._loader is not None:
            # A model half-loaded in a thread at interpreter exit aborts the process.
            self._loader.join()
        close = getattr(self.index, "close", None)
        if close is not None:
            close()

    def warm_up(self) -> None:
        """Load the embedding model now rather than on the first question."""
        self.retriever.embed_query("warm up")

    def stats(self) -> IndexStats:
        return self.index.stats()

    def topics(self) -> list[str]:
        if self._topics is None:
            # From the chunks already in memory: fetching every article's text just for its
            # title would cost seconds on a large corpus.
            titles = {chunk.title.strip() for chunk in self.retriever.chunks}
            self._topics = sorted(title for title in titles if title)
        return self._topics

    def search_query(self, question: str, history: Sequence[Message] = ()) -> str:
        """What is searched for: the follow-up resolved, markup dropped, misspellings fixed."""
        return self.retriever.speller.correct(search_text(search_context(question, history)))

    def relevance(self, question: str) -> float:
        """The relevance gate's score for a question (`python -m assistant.gate` calibrates it)."""
        self._require_chunks()
        retrieval = self.retriever.retrieve(
            self.search_query(question), k=self.settings.retrieval_k
        )
        return relevance_score(retrieval, self.index.sentences(gate_chunk_ids(retrieval)))

    def search(self, query: str, k: int = 5) -> list[SearchHit]:
        self._require_chunks()
        return self.retriever.retrieve(query, k=k).hits

    def ask(self, question: str, history: Sequence[Message] = ()) -> Answer:
        """One reply of kind urgent, out_of_scope or answer, always with the disclaimer.

        Raises InvalidQuestion for refused input and IndexUnavailable for an empty index.
        """
        timings: dict[str, float] = {}
        started = time.perf_counter()
        with _timed(timings, "check"):
            question = check_question(question, history, self.settings)
        with _timed(timings, "triage"):
            # A red flag can be split over two messages ("I fell off a ladder" / "now my back
            # really hurts"), neither of which looks like a follow-up on its own.
            urgent = triage_conversation(question, history)
            # A follow-up together with the user's earlier question(s); the user's words only.
            conversation = rewrite_query(question, history)
            if urgent is None and conversation != question:
                # "It started after I fell" only means something with the message before it.
                urgent = triage(conversation)
        if urgent is not None:
            return self._reply("urgent", urgent_reply(urgent), [], question, timings, started)
        language_problem = detect_language_problem(question)
        if language_problem is not None:
            return self._reply("out_of_scope", language_problem, [], question, timings, started)
        personal = is_personal_medical_request(question)
        if personal is None and conversation != question:
            # "and for kids?" after a dose question is still a dose question.
            personal = is_personal_medical_request(conversation)
        query = self.search_query(question, history)
        self._require_chunks()
        with _timed(timings, "embed"):
            vector = self.retriever.embed_query(query)
        with _timed(timings, "retrieve"):
            retrieval = self.retriever.retrieve(query, k=self.settings.retrieval_k, vector=vector)
        with _timed(timings, "gate"):
            # One round trip for the sentences both the gate and the composer read.
            wanted = gate_chunk_ids(retrieval) + [hit.chunk.chunk_id for hit in retrieval.hits]
            sentences = self.index.sentences(list(dict.fromkeys(wanted)))
            relevant = passes(retrieval, self.settings.relevance_threshold, sentences)
        markdown, citations = "", list[Citation]()  # empty unless the gate lets it through
        if relevant:
            with _timed(timings, "compose"):
                markdown, citations = self._compose(
                    query, vector, retrieval.hits, sentences, personal
                )
        if personal is not None:
            text = replies.with_general_info(replies.personal_request(personal), markdown)
            kind: AnswerKind = "answer" if citations else "out_of_scope"
            return self._reply(kind, text, citations, query, timings, started)
        if not citations:
            text = replies.out_of_scope(self.topics())
            return self._reply("out_of_scope", text, [], query, timings, started)
        return self._reply("answer", markdown, citations, query, timings, started)

    def _compose(
        self,
        query: str,
        vector: np.ndarray,
        hits: list[SearchHit],
        sentences: Mapping[str, SentenceSpans],
        personal: str | None,
    ) -> tuple[str, list[Citation]]:
        articles = {hit.chunk.source_id: self._article(hit.chunk.source_id) for hit in hits}
        composed = compose_answer(
            query, vector, hits, sentences, articles, exclude_doses=personal == "dose"
        )
        return composed.markdown, composed.citations

    def _article(self, source_id: str) -> Article:
        # Cached: the same few articles answer most questions, and each fetch is a round trip.
        # Bounded, oldest out first, so a server on a large corpus does not grow without end.
        article = self._articles.get(source_id)
        if article is None:
            article = self.index.article(source_id)
            if len(self._articles) >= ARTICLE_CACHE_SIZE:
                self._articles.pop(next(iter(self._articles)))
            self._articles[source_id] = article
        return article

    def _require_chunks(self) -> None:
        if not self.retriever.chunks:
            raise IndexUnavailable(replies.EMPTY_INDEX)

    def _reply(
        self,
        kind: AnswerKind,
        text: str,
        citations: list[Citation],
        query: str,
        timings: dict[str, float],
        started: float,
    ) -> Answer:
        timings["total"] = (time.perf_counter() - started) * 1000
        return Answer(
            kind=kind,
            answer=text,
            citations=citations,
            disclaimer=self.disclaimer,
            query=query,
            timings_ms={name: round(ms, 2) for name, ms in timings.items()},
        )


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = (time.perf_counter() - start) * 1000
