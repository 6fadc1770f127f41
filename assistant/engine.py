"""The answer engine: `ClinicAssistant.ask` runs the stages in order, and only that.

    check_question -> embed (question and search query, one pass) -> triage (before any
    retrieval) -> language -> personal requests -> service questions -> retrieve -> relevance
    gate -> compose (extractive, cited) -> wrap

Each stage lives in its own package (`safety`, `retrieval`, `gate`, `compose`); this module
only orchestrates them. Everything is embedded in one forward pass before triage: the
question (which the triage model reads) and the texts the search reads (the same text when
the question needs no rewriting). Every reply is an `Answer` built by `_Reply`, the one place
that sets the disclaimer and the triage result, so no message can remove them.
`assistant.factory` wires it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from assistant.compose import replies
from assistant.compose.base import Composer, Evidence
from assistant.compose.question import asks_time_to_outcome
from assistant.compose.urgent import (
    Numbers,
    emergency_line,
    is_urgent_reply,
    safety_net,
    urgent_reply,
)
from assistant.errors import IndexUnavailable
from assistant.gate import asked_thing, gate_chunk_ids, passes, relevance_score
from assistant.retrieval.followup import rewrite_query, search_context
from assistant.retrieval.hybrid import HybridRetriever, search_text
from assistant.retrieval.long_message import is_long, split_message
from assistant.safety.guard import check_question
from assistant.safety.language import detect_language_problem
from assistant.safety.personal import is_personal_medical_request
from assistant.safety.service import SERVICE_WORDS, asks_about_service
from assistant.safety.triage import Triager, TriageResult, triage_conversation
from assistant.settings import DEFAULT_DISCLAIMER, Settings
from assistant.store.base import StoreReader
from assistant.types import (
    Answer,
    AnswerKind,
    Article,
    AskedTerm,
    Citation,
    IndexStats,
    Message,
    SearchHit,
    Triage,
)

ARTICLE_CACHE_SIZE = 512


class ClinicAssistant:
    """Implements the `Assistant` protocol of assistant/types.py over one store.

    Safe to call from several threads at once (the web app does): the only state that
    changes after construction is the article cache, which a lock guards; the retriever's
    tables, the speller and the composer are read-only once built.
    """

    def __init__(
        self,
        settings: Settings,
        store: StoreReader,
        retriever: HybridRetriever,
        composer: Composer,
        triager: Triager,
        loader: threading.Thread | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.retriever = retriever
        self.composer = composer
        self.triager = triager
        self.numbers = Numbers.from_settings(settings)
        self._loader = loader
        self.disclaimer = settings.disclaimer.strip() or DEFAULT_DISCLAIMER
        self._articles: dict[str, Article] = {}
        self._articles_lock = threading.Lock()
        self._topics: list[str] | None = None

    def close(self) -> None:
        """Release the store (the embedded index's files, or the server connection)."""
        if self._loader is not None:
            # A model half-loaded in a thread at interpreter exit aborts the process.
            self._loader.join()
        self.store.close()

    def warm_up(self) -> None:
        """Load the embedding model now rather than on the first question."""
        self.retriever.embed_query("warm up")

    def stats(self) -> IndexStats:
        return self.store.stats()

    def topics(self) -> list[str]:
        if self._topics is None:
            # From the chunks already in memory: fetching every article's text just for its
            # title would cost seconds on a large corpus.
            titles = {chunk.title.strip() for chunk in self.retriever.chunks}
            self._topics = sorted(title for title in titles if title)
        return self._topics

    def article(self, source_id: str) -> Article:
        """The cleaned article citations point into (KeyError when it is not indexed)."""
        # Cached: the same few articles answer most questions, and each fetch is a round trip.
        # Bounded, oldest out first, so a server on a large corpus does not grow without end.
        article = self._articles.get(source_id)
        if article is None:
            article = self.store.article(source_id)  # outside the lock: a round trip
            with self._articles_lock:
                if len(self._articles) >= ARTICLE_CACHE_SIZE:
                    self._articles.pop(next(iter(self._articles)))
                self._articles[source_id] = article
        return article

    def search_query(self, question: str, history: Sequence[Message] = ()) -> str:
        """What is searched for: the follow-up resolved, markup dropped, the corpus's own words
        for variants and misspellings."""
        return self.retriever.normalise(search_text(search_context(question, history)))

    def asking_part(self, question: str) -> str | None:
        """For a long message, the sentence(s) that ask, prepared like the query; else None
        (short questions stay on the ordinary path)."""
        if not is_long(question):
            return None
        return self.retriever.normalise(search_text(_asking_text(question)))

    def asked(self, question: str) -> AskedTerm | None:
        """The one thing a question asks about, in the corpus's words (`gate.asked_thing`);
        None when it asks about no one thing. A long message is read by the sentence(s) that
        ask."""
        return asked_thing(_asking_text(question), self.retriever)

    def relevance(self, question: str) -> float:
        """The relevance gate's score for a question (`evals.calibration` calibrates it),
        computed exactly as `ask` computes it. The gate's rules that refuse whatever the score
        (the asked thing, `asked`; how long until an outcome) are not part of it."""
        self._require_chunks()
        query = self.search_query(question)
        asks = self.asking_part(question)
        vectors = self.retriever.query_vectors(query, asks, self._embed(question, query, asks))
        retrieval = self.retriever.retrieve(
            query, k=self.settings.retrieval_k, vector=vectors.vector, unknown=vectors.unknown
        )
        return relevance_score(retrieval, self.store.sentences(gate_chunk_ids(retrieval)))

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
            query = self.search_query(question, history)
            asks = self.asking_part(question)
        with _timed(timings, "embed"):
            embedded = self._embed(question, query, asks)
        with _timed(timings, "triage"):
            language_problem = detect_language_problem(question)
            triage = triage_conversation(
                self.triager,
                question,
                history,
                embedded[question],
                was_urgent=is_urgent_reply,
                rules_only=language_problem is not None,
            )
        reply = _Reply(self, triage, timings, started)
        if triage.urgent:
            return reply("urgent", urgent_reply(triage, self.numbers), [], question)
        if language_problem is not None:
            # It may still be an emergency the assistant cannot read: say where to call.
            text = f"{emergency_line(self.numbers)}\n\n{language_problem}"
            return reply("out_of_scope", text, [], question)
        # A follow-up together with the user's earlier question(s); the user's words only.
        conversation = rewrite_query(question, history)
        personal = is_personal_medical_request(question)
        if personal is None and conversation != question:
            # "and for kids?" after a dose question is still a dose question.
            personal = is_personal_medical_request(conversation)
        self._require_chunks()
        service = asks_about_service(question) if personal is None else None
        vocabulary = self.retriever.vocabulary
        if service is not None and not any(map(vocabulary.uses, SERVICE_WORDS[service])):
            # Prices, hours, bookings, brands: health articles that never talk about them
            # would only be quoted beside the point. A personal request keeps its own reply.
            return reply("out_of_scope", replies.service_request(self.topics()), [], query)
        vectors = self.retriever.query_vectors(query, asks, embedded)
        vector = vectors.vector
        with _timed(timings, "retrieve"):
            retrieval = self.retriever.retrieve(
                query, k=self.settings.retrieval_k, vector=vector, unknown=vectors.unknown
            )
        with _timed(timings, "gate"):
            # One round trip for the sentences both the gate and the composer read.
            wanted = gate_chunk_ids(retrieval) + [hit.chunk.chunk_id for hit in retrieval.hits]
            sentences = self.store.sentences(list(dict.fromkeys(wanted)))
            relevant = passes(
                retrieval,
                self.settings.relevance_threshold,
                sentences,
                self.asked(question),
                until_outcome=asks_time_to_outcome(_asking_text(question)),
            )
        markdown, citations = "", list[Citation]()  # empty unless the gate lets it through
        if relevant:
            with _timed(timings, "compose"):
                hits = retrieval.hits
                evidence = Evidence(
                    question=question,
                    query=query,
                    asks=asks or question,
                    vector=vector,
                    hits=hits,
                    sentences=sentences,
                    articles={h.chunk.source_id: self.article(h.chunk.source_id) for h in hits},
                    exclude_doses=personal == "dose",
                )
                composed = self.composer.compose(evidence)
                markdown, citations = composed.markdown, composed.citations
        if personal is not None:
            text = replies.with_general_info(replies.personal_request(personal), markdown)
            kind: AnswerKind = "answer" if citations else "out_of_scope"
            return reply(kind, text, citations, query)
        if not citations:
            return reply("out_of_scope", replies.out_of_scope(self.topics()), [], query)
        return reply("answer", markdown, citations, query)

    def _embed(self, question: str, query: str, asks: str | None) -> dict[str, np.ndarray]:
        """One forward pass over the question (read by triage) and what the search reads.

        Always the same batch for the same question: with int8 weights a text's vector moves a
        little with what it is batched with, and the gate's threshold was calibrated on these.
        """
        return self.retriever.embed_texts([question, *self.retriever.query_texts(query, asks)])

    def _require_chunks(self) -> None:
        if not self.retriever.chunks:
            raise IndexUnavailable(replies.EMPTY_INDEX)


def _asking_text(question: str) -> str:
    """The sentence(s) of a long message that ask (`long_message.split_message`); a short
    question whole."""
    return split_message(question).question if is_long(question) else question


class _Reply:
    """Builds every `Answer` of one `ask`: the one place that sets the disclaimer, the triage
    result, the safety-net line and the timings."""

    def __init__(
        self,
        engine: ClinicAssistant,
        triage: TriageResult,
        timings: dict[str, float],
        started: float,
    ) -> None:
        self.engine = engine
        self.triage = triage
        self.timings = timings
        self.started = started

    def __call__(
        self, kind: AnswerKind, text: str, citations: list[Citation], query: str
    ) -> Answer:
        if self.triage.safety_net and kind != "urgent":
            text = f"{safety_net(self.engine.numbers)}\n\n{text}"
        self.timings["total"] = (time.perf_counter() - self.started) * 1000
        return Answer(
            kind=kind,
            answer=text,
            citations=citations,
            disclaimer=self.engine.disclaimer,
            query=query,
            timings_ms={name: round(ms, 2) for name, ms in self.timings.items()},
            triage=Triage(level=self.triage.level, category=self.triage.category),
        )


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = (time.perf_counter() - start) * 1000
