"""A readable fake embedder for ingestion tests: hashed bag of words, counting its work.

Texts sharing words get close vectors, so searches behave sensibly; `texts_embedded` counts
every passage embedded, which is how tests prove that unchanged input costs no embedding work.
`fail_after` raises the given exception on that call, to interrupt an ingest mid-way.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

DIMENSION = 32


class CountingEmbedder:
    name = "fake-bag-of-words"
    dimension = DIMENSION
    batch_size = 4

    def __init__(self, fail_after: int | None = None, failure: BaseException | None = None) -> None:
        self.texts_embedded = 0
        self.calls = 0
        self.fail_after = fail_after
        self.failure = failure or KeyboardInterrupt()

    def vector(self, text: str) -> np.ndarray:
        vector = np.zeros(DIMENSION, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % DIMENSION] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else np.full(DIMENSION, DIMENSION**-0.5, np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise self.failure
        self.texts_embedded += len(texts)
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.stack([self.vector(text) for text in texts])

    def embed_passages(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        vectors = self.embed(texts)
        sentences = [
            np.stack([self.vector(text[s:e]) for s, e in spans_of])
            if spans_of
            else np.zeros((0, DIMENSION), dtype=np.float32)
            for text, spans_of in zip(texts, spans, strict=True)
        ]
        return vectors, sentences


def snapshot(settings) -> dict:
    """Every record the index holds, for "unchanged record-for-record" assertions."""
    from assistant.index import open_index

    index = open_index(settings)
    try:
        chunks = index.all_chunks()
        sentences = index.sentences([chunk.chunk_id for chunk in chunks])
        state = {
            "manifest": index.manifest(),
            "stats": index.stats().model_dump(),
            "articles": [article.model_dump() for article in index.articles()],
            "chunks": [chunk.model_dump() for chunk in chunks],
            "sentences": {
                chunk_id: (value.spans, value.vectors.tobytes())
                for chunk_id, value in sorted(sentences.items())
            },
        }
    finally:
        index.close()
    if not settings.chroma_url:
        index_dir = settings.index_dir
        state["pointer"] = (index_dir / "CURRENT").read_text()
        state["generations"] = sorted(p.name for p in index_dir.glob("gen-*"))
    return state
