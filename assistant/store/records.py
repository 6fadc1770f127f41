"""How chunks and articles are laid out as Chroma records, and back (no chromadb import here).

A chunk record's metadata carries its source, offsets and its sentences: spans as a JSON list
and vectors as base64 float16 (half the size; cosine scores move by ~1e-3), so sentences need
no HNSW index of their own. An article record's metadata carries its editable fields and the
`doc_hash` ingest compares to skip unchanged documents.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.types import Article, Chunk


@dataclass(frozen=True)
class SentenceVectors:
    """A chunk's sentences: absolute spans in the cleaned article, one float32 unit row each."""

    spans: list[tuple[int, int]]
    vectors: np.ndarray


@dataclass(frozen=True)
class ChunkRecord:
    """A chunk with its vector and its sentences, as ingest hands it to the index."""

    chunk: Chunk
    vector: np.ndarray
    spans: Sequence[tuple[int, int]]
    sentence_vectors: np.ndarray

    def metadata(self) -> dict[str, Any]:
        chunk = self.chunk
        return {
            "source_id": chunk.source_id,
            "title": chunk.title,
            "section": chunk.section,
            "start": chunk.start,
            "end": chunk.end,
            "url": chunk.url,
            "spans": json.dumps([list(span) for span in self.spans]),
            "sentence_vectors": base64.b64encode(
                np.asarray(self.sentence_vectors, dtype=np.float16).tobytes()
            ).decode("ascii"),
        }


@dataclass(frozen=True)
class ArticleRecord:
    """A cleaned article with its vector and the hash ingest uses to skip unchanged input."""

    article: Article
    vector: np.ndarray
    doc_hash: str

    def metadata(self) -> dict[str, Any]:
        article = self.article
        return {
            "title": article.title,
            "url": article.url,
            "author": article.author,
            "date": article.date,
            "license": article.license,
            "doc_hash": self.doc_hash,
        }


def decode_sentences(meta: dict[str, Any]) -> SentenceVectors:
    """Unpack the sentence spans and vectors stored in a chunk's metadata."""
    spans = [(int(start), int(end)) for start, end in json.loads(str(meta["spans"]))]
    raw = base64.b64decode(str(meta["sentence_vectors"]))
    vectors = np.frombuffer(raw, dtype=np.float16).astype(np.float32)
    vectors = vectors.reshape(len(spans), -1) if spans else vectors.reshape(0, 0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True) if spans else 1.0
    return SentenceVectors(spans=spans, vectors=vectors / np.maximum(norms, 1e-12))


def chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        chunk_id=chunk_id,
        source_id=str(meta["source_id"]),
        title=str(meta.get("title", "")),
        section=str(meta.get("section", "")),
        text=text,
        start=int(meta["start"]),
        end=int(meta["end"]),
        url=str(meta.get("url", "")),
    )


def article_from_record(source_id: str, text: str, meta: dict[str, Any]) -> Article:
    fields = ("title", "url", "author", "date", "license")
    return Article(
        source_id=source_id, text=text, **{key: str(meta.get(key, "")) for key in fields}
    )
