"""Hybrid retrieval: dense search in the index plus BM25 over the same chunks, fused.

The BM25 index and the chunk lookup tables are built once, when the retriever is made;
answering a question only tokenises it, embeds it once, and ranks. Which fusion is the default
was chosen by measurement (docs/benchmarks.md, "Retrieval").

This module must not load a model at import, nor talk to chromadb: the store adapter does that
behind `assistant.store.base.StoreReader`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from assistant.embedding.base import Embedder
from assistant.retrieval.bm25 import Bm25Index
from assistant.retrieval.speller import Speller
from assistant.retrieval.vocabulary import Vocabulary
from assistant.text import tokenize
from assistant.types import Chunk, SearchHit

FusionMethod = Literal["dense", "bm25", "rrf", "weighted"]

# Why "weighted" with a small BM25 weight: on MedQuAD, naive RRF scored below dense alone,
# while dense cosine plus a small share of max-normalised BM25 beat both (docs/benchmarks.md).
DEFAULT_METHOD: FusionMethod = "weighted"
DEFAULT_BM25_WEIGHT = 0.1
RRF_K = 60

# How deep each ranker looks before fusing: fusion can only reorder what either one found.
CANDIDATE_DEPTH = 30


class ChunkSource(Protocol):
    """The part of `StoreReader` retrieval needs."""

    def query(self, vector: np.ndarray, k: int) -> list[SearchHit]: ...

    def all_chunks(self) -> list[Chunk]: ...


_SCRIPT_BLOCK = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,500}>")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


def search_text(question: str) -> str:
    """The words of a question worth searching for: markup, links and URLs removed.

    `<script>...</script> do high heels hurt?` searches for "do high heels hurt?"; the markup
    would only pull the query vector away from the articles. Returns the question unchanged
    when nothing would be left.
    """
    text = _SCRIPT_BLOCK.sub(" ", question)
    text = _MD_LINK.sub(r"\1", text)
    text = _URL.sub(" ", _TAG.sub(" ", text))
    text = " ".join(text.split())
    return text or question


@dataclass(frozen=True)
class Retrieval:
    """What one search found: the fused ranking, and the dense hits with their raw cosines.

    `hits[i].score` is the fusion score (comparable only within one query); the relevance gate
    reads `dense`, whose scores are cosine similarities, `coverage`, the share of the query's
    words found anywhere in the corpus, and `unknown`, how much of the query's meaning rests on
    words the corpus never uses (1 - cosine between the query and the query without them).
    """

    query: str
    vector: np.ndarray
    hits: list[SearchHit]
    dense: list[SearchHit]
    bm25_best: float
    coverage: float = 0.0
    unknown: float = 0.0


@dataclass(frozen=True)
class QueryVectors:
    """A query's vector, and how much of its meaning rests on words the corpus lacks."""

    vector: np.ndarray
    unknown: float


class HybridRetriever:
    """Dense + BM25 retrieval with a selectable fusion; all lookup tables built at construction."""

    def __init__(
        self,
        index: ChunkSource,
        embedder: Embedder,
        method: FusionMethod = DEFAULT_METHOD,
        bm25_weight: float = DEFAULT_BM25_WEIGHT,
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.method = method
        self.bm25_weight = bm25_weight
        self.chunks = index.all_chunks()
        self.position = {chunk.chunk_id: i for i, chunk in enumerate(self.chunks)}
        texts = [f"{chunk.title}\n{chunk.text}" for chunk in self.chunks]
        self.bm25 = Bm25Index(texts)
        self.vocabulary = Vocabulary(texts)
        self.speller = Speller(self.vocabulary.counts)

    def normalise(self, text: str) -> str:
        """`text` in the corpus's words: misspellings corrected ("excesive" -> "excessive",
        not "excess", a word of the same root), then variants the corpus lacks rewritten to
        its own form ("overpronation" -> "excessive pronation")."""
        return self.vocabulary.rewrite(self.speller.correct(text))

    def embed_query(self, query: str) -> np.ndarray:
        """The query's vector (one forward pass)."""
        return self.embedder.embed([query])[0]

    def query_texts(self, query: str, asks: str | None = None) -> list[str]:
        """The texts `query_vectors` reads: the query, the query without the words the corpus
        lacks (`Vocabulary.known_part`, when that differs and leaves something), and `asks`."""
        texts = [query]
        known = self.vocabulary.known_part(query)
        if known is not None and tokenize(known):
            texts.append(known)
        if asks:
            texts.append(asks)
        return texts

    def embed_texts(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """text -> vector for every distinct text, in one forward pass."""
        distinct = list(dict.fromkeys(texts))
        return dict(zip(distinct, self.embedder.embed(distinct), strict=True))

    def query_vectors(
        self,
        query: str,
        asks: str | None = None,
        embedded: Mapping[str, np.ndarray] | None = None,
    ) -> QueryVectors:
        """The vector to search with, and how much of the query's meaning rests on words the
        corpus lacks (1 - cosine to the query without them).

        `asks`, the sentence(s) of a long message that ask the question
        (`long_message.split_message`), is added to the message's vector: chosen by
        measurement on long MedQuAD messages (docs/answers.md). `embedded` holds vectors
        already computed (`embed_texts`); the rest are embedded here, in one forward pass.
        """
        texts = self.query_texts(query, asks)
        cache = dict(embedded or {})
        missing = [text for text in texts if text not in cache]
        if missing:
            cache.update(self.embed_texts(missing))
        vector = cache[query]
        known = self.vocabulary.known_part(query)
        if known is None:
            unknown = 0.0
        elif known in cache and known != query:
            unknown = 1.0 - float(vector @ cache[known])
        else:
            unknown = 1.0  # nothing of the query is in the corpus's words
        if asks:
            combined = vector + cache[asks]
            vector = combined / max(float(np.linalg.norm(combined)), 1e-12)
        return QueryVectors(vector, unknown)

    def retrieve(
        self, query: str, k: int = 5, vector: np.ndarray | None = None, unknown: float = 0.0
    ) -> Retrieval:
        """The `k` best chunks for `query` by the configured fusion.

        `vector` saves embedding the query again; `unknown` (from `query_vectors`) is passed
        through to the relevance gate.
        """
        if vector is None:
            vector = self.embed_query(query)
        dense, lexical = self.candidates(query, vector, max(CANDIDATE_DEPTH, k))
        fused = self.fuse(dense, lexical, self.method)
        bm25_best = lexical[0][1] if lexical else 0.0
        coverage = self.bm25.coverage(query)
        return Retrieval(query, vector, fused[:k], dense, bm25_best, coverage, unknown)

    def candidates(
        self, query: str, vector: np.ndarray, depth: int = CANDIDATE_DEPTH
    ) -> tuple[list[SearchHit], list[tuple[int, float]]]:
        """The dense hits (cosine) and BM25 hits (chunk position, score), best first."""
        if not self.chunks:
            return [], []
        lexical = self.bm25.top(query, depth) if self.method != "dense" else []
        return self.index.query(vector, depth), lexical

    def fuse(
        self,
        dense: list[SearchHit],
        lexical: list[tuple[int, float]],
        method: FusionMethod,
        bm25_weight: float | None = None,
    ) -> list[SearchHit]:
        """One ranking from both candidate lists (the benchmark compares methods with this)."""
        match method:
            case "dense":
                return dense
            case "bm25":
                return [SearchHit(chunk=self.chunks[i], score=s) for i, s in lexical]
            case "rrf":
                return self._rrf(dense, lexical)
            case "weighted":
                weight = self.bm25_weight if bm25_weight is None else bm25_weight
                return self._weighted(dense, lexical, weight)

    def _rrf(self, dense: list[SearchHit], lexical: list[tuple[int, float]]) -> list[SearchHit]:
        scores: dict[str, float] = {}
        for rank, hit in enumerate(dense):
            scores[hit.chunk.chunk_id] = 1.0 / (RRF_K + rank + 1)
        for rank, (position, _) in enumerate(lexical):
            chunk_id = self.chunks[position].chunk_id
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        return self._ranked(scores, dense)

    def _weighted(
        self, dense: list[SearchHit], lexical: list[tuple[int, float]], weight: float
    ) -> list[SearchHit]:
        """Dense cosine + weight x (BM25 / best BM25 of this query).

        A chunk only BM25 found gets the lowest dense cosine seen as its dense part: a
        conservative stand-in, since it ranked below every dense candidate.
        """
        floor = dense[-1].score if dense else 0.0
        scores = {hit.chunk.chunk_id: hit.score for hit in dense}
        best = lexical[0][1] if lexical else 0.0
        bonus = {self.chunks[p].chunk_id: s / best for p, s in lexical} if best > 0 else {}
        for chunk_id, share in bonus.items():
            scores[chunk_id] = scores.get(chunk_id, floor) + weight * share
        return self._ranked(scores, dense)

    def _ranked(self, scores: dict[str, float], dense: list[SearchHit]) -> list[SearchHit]:
        # Dense hits carry chunks as stored; BM25-only ones come from the load-time table.
        by_id = {hit.chunk.chunk_id: hit.chunk for hit in dense}
        order = sorted(scores, key=lambda chunk_id: -scores[chunk_id])
        return [
            SearchHit(
                chunk=by_id.get(chunk_id) or self.chunks[self.position[chunk_id]],
                score=scores[chunk_id],
            )
            for chunk_id in order
        ]
