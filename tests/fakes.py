"""Readable fakes for the fast unit tests (the real model, Chroma and app are tested too).

- `WordEmbedder`: a text's vector is its bag of words (`assistant.text.tokenize`), each word
  hashed to one axis, so texts that share words are close. It counts its work (`calls`,
  `texts_embedded`) and can be told to fail on a given call, to interrupt an ingest.
- `MemoryIndex`: articles in memory behind the `StoreReader` seam, one chunk per paragraph,
  one span per sentence, with absolute offsets into the article like the real adapter.
- `FakeAssistant`: the `Assistant` protocol for the web tests: a question mentioning
  "bladder" is urgent, one sharing a word with an article is answered from it with a real
  citation, anything else is out of scope. Its input checks are the engine's own
  (`assistant.safety.guard.check_question`), never a copy of them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.errors import IndexUnavailable
from assistant.safety.guard import check_question
from assistant.settings import DEFAULT_DISCLAIMER, Settings
from assistant.text import tokenize
from assistant.types import Answer, Article, Chunk, Citation, IndexStats, Message, SearchHit


class WordEmbedder:
    """Bag-of-words vectors: each word hashed to one of `dimension` axes, then normalised.

    A text with no words gets the uniform unit vector (never a zero vector, which a cosine
    index cannot rank). `fail_after=n` raises `failure` on call n + 1.
    """

    name = "fake-words"
    batch_size = 4

    def __init__(
        self,
        dimension: int = 256,
        fail_after: int | None = None,
        failure: BaseException | None = None,
    ) -> None:
        self.dimension = dimension
        self.calls = 0
        self.texts_embedded = 0
        self.fail_after = fail_after
        self.failure = failure or KeyboardInterrupt()

    def vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        for word in tokenize(text):
            vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension] += 1.0
        norm = float(np.linalg.norm(vector))
        if not norm:
            return np.full(self.dimension, self.dimension**-0.5, np.float32)
        return vector / norm

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise self.failure
        self.texts_embedded += len(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self.vector(text) for text in texts])

    def embed_passages(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        vectors = self.embed(texts)
        sentences = [
            np.stack([self.vector(text[s:e]) for s, e in spans_of])
            if spans_of
            else np.zeros((0, self.dimension), dtype=np.float32)
            for text, spans_of in zip(texts, spans, strict=True)
        ]
        return vectors, sentences


ARTICLES = (
    Article(
        source_id="walking.txt",
        title="Walking for a Healthy Back",
        url="https://clinic.example/walking",
        text="Walking every day keeps the back muscles strong. Good shoes support the arches.",
    ),
    Article(
        source_id="sleep.txt",
        title="Sleeping Positions",
        text="A firm mattress helps many people with back pain. "
        "Sleeping on the side eases pressure.",
    ),
)


def _sentences(article: Article) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(r"[^.]+\.", article.text)]


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]+", text.lower()) if len(word) > 3}


@dataclass
class FakeAssistant:
    """A scripted assistant; `index_available=False` makes every call raise IndexUnavailable."""

    articles: Sequence[Article] = ARTICLES
    settings: Settings = field(default_factory=Settings)
    disclaimer: str = DEFAULT_DISCLAIMER
    index_available: bool = True
    questions: list[str] = field(default_factory=list)
    histories: list[list[Message]] = field(default_factory=list)

    def _require_index(self) -> None:
        if not self.index_available:
            raise IndexUnavailable("No index found. Run `assistant ingest` first.")

    def ask(self, question: str, history: Sequence[Message] = ()) -> Answer:
        self._require_index()
        question = check_question(question, history, self.settings)
        self.questions.append(question)
        self.histories.append(list(history))
        if "bladder" in question.lower():
            return Answer(
                kind="urgent",
                answer="Losing control of your bladder with back pain needs care **now**. "
                "Call your local emergency number or go to the nearest emergency department.",
                disclaimer=self.disclaimer,
                query=question,
            )
        citations = self._cite(question)
        if not citations:
            topics = "; ".join(self.topics())
            return Answer(
                kind="out_of_scope",
                answer=f"I can only answer from the clinic's articles, which cover: {topics}. "
                "Please ask a clinician about anything else.",
                disclaimer=self.disclaimer,
                query=question,
            )
        text = " ".join(f"{citation.quote} [{citation.n}]" for citation in citations)
        return Answer(
            kind="answer",
            answer=text,
            citations=citations,
            disclaimer=self.disclaimer,
            query=question,
        )

    def _cite(self, question: str) -> list[Citation]:
        wanted = _words(question)
        citations: list[Citation] = []
        for article in self.articles:
            for start, end in _sentences(article):
                quote = article.text[start:end].strip()
                start = article.text.index(quote, start)
                if wanted & _words(quote):
                    citations.append(
                        Citation(
                            n=len(citations) + 1,
                            source_id=article.source_id,
                            title=article.title,
                            url=article.url,
                            chunk_id=f"{article.source_id}#0",
                            quote=quote,
                            start=start,
                            end=start + len(quote),
                        )
                    )
        return citations

    def search(self, query: str, k: int = 5) -> list[SearchHit]:
        self._require_index()
        wanted = _words(query)
        hits = []
        for article in self.articles:
            overlap = len(wanted & _words(article.text))
            if overlap:
                chunk = Chunk(
                    chunk_id=f"{article.source_id}#0",
                    source_id=article.source_id,
                    title=article.title,
                    section="",
                    text=article.text,
                    start=0,
                    end=len(article.text),
                    url=article.url,
                )
                hits.append(SearchHit(chunk=chunk, score=overlap / max(len(wanted), 1)))
        return sorted(hits, key=lambda hit: -hit.score)[:k]

    def stats(self) -> IndexStats:
        self._require_index()
        return IndexStats(documents=len(self.articles), chunks=len(self.articles))

    def topics(self) -> list[str]:
        return [article.title for article in self.articles]

    def article(self, source_id: str) -> Article:
        for article in self.articles:
            if article.source_id == source_id:
                return article
        raise KeyError(source_id)


@dataclass(frozen=True)
class Sentences:
    spans: list[tuple[int, int]]
    vectors: np.ndarray


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)


class MemoryIndex:
    """Articles in memory: a chunk per blank-line-separated block, a span per sentence or line."""

    def __init__(self, articles: Sequence[Article], embedder: WordEmbedder) -> None:
        self._articles = {a.source_id: a for a in articles}
        self.closed = False
        self.stale = False  # set by a test: "an ingest has made a newer index live"
        self.chunks: list[Chunk] = []
        self._sentences: dict[str, Sentences] = {}
        for article in articles:
            for block in re.finditer(r"[^\n](?:.|\n(?!\n))*", article.text):
                text = block.group(0)
                chunk_id = hashlib.sha256(f"{article.source_id}{text}".encode()).hexdigest()[:16]
                self.chunks.append(
                    Chunk(
                        chunk_id=chunk_id,
                        source_id=article.source_id,
                        title=article.title,
                        section="",
                        text=text,
                        start=block.start(),
                        end=block.end(),
                    )
                )
                spans = [
                    (block.start() + m.start() + len(m.group(0)) - len(m.group(0).lstrip()),
                     block.start() + m.end())
                    for m in _SENTENCE.finditer(text)
                    if m.group(0).strip()
                ]  # fmt: skip
                vectors = embedder.embed([article.text[s:e] for s, e in spans])
                self._sentences[chunk_id] = Sentences(spans, vectors)
        self._vectors = embedder.embed([c.text for c in self.chunks])

    def stats(self) -> IndexStats:
        return IndexStats(documents=len(self._articles), chunks=len(self.chunks))

    def query(self, vector: np.ndarray, k: int) -> list[SearchHit]:
        if not self.chunks:
            return []
        scores = self._vectors @ vector
        order = np.argsort(-scores, kind="stable")[:k]
        return [SearchHit(chunk=self.chunks[i], score=float(scores[i])) for i in order]

    def all_chunks(self) -> list[Chunk]:
        return list(self.chunks)

    def sentences(self, chunk_ids: Sequence[str]) -> dict[str, Sentences]:
        return {i: self._sentences[i] for i in chunk_ids if i in self._sentences}

    def article(self, source_id: str) -> Article:
        return self._articles[source_id]

    def articles(self) -> list[Article]:
        return list(self._articles.values())

    def manifest(self) -> dict[str, object]:
        return {"model": "fake-words"}

    def is_stale(self) -> bool:
        return self.stale

    def close(self) -> None:
        self.closed = True
