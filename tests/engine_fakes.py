"""Readable fakes for the answer engine's fast unit tests (the real model and index are tested too).

`WordEmbedder` turns a text into a normalised bag of lightly stemmed words, so texts that share
words are close. `MemoryIndex` holds articles in memory: one chunk per paragraph, one span per
sentence, with absolute offsets into the article like the real adapter.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.retrieve import tokenize
from assistant.types import Article, Chunk, IndexStats, SearchHit

DIM = 256


class WordEmbedder:
    """Bag-of-words vectors: each word hashed to one of DIM axes."""

    name = "fake-words"
    dimension = DIM

    def __init__(self) -> None:
        self.calls = 0

    def _one(self, text: str) -> np.ndarray:
        vector = np.zeros(DIM, dtype=np.float32)
        for word in tokenize(text):
            vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % DIM] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, DIM))

    def embed_passages(self, texts, spans):
        vectors = self.embed(texts)
        return vectors, [
            self.embed([t[s:e] for s, e in sp]) for t, sp in zip(texts, spans, strict=True)
        ]


@dataclass(frozen=True)
class Sentences:
    spans: list[tuple[int, int]]
    vectors: np.ndarray


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)


class MemoryIndex:
    """Articles in memory: a chunk per blank-line-separated block, a span per sentence or line."""

    def __init__(self, articles: Sequence[Article], embedder: WordEmbedder) -> None:
        self._articles = {a.source_id: a for a in articles}
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
