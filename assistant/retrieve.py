"""Hybrid retrieval: dense search in the index plus BM25 over the same chunks, fused.

The BM25 index (bm25s) and the chunk lookup tables are built once, when the retriever is made;
answering a question only tokenises it, embeds it once, and ranks. bm25s stays inside this
module. Which fusion is the default was chosen by measurement (README, "Answer engine").

This module must not load a model at import, nor talk to chromadb directly: the index adapter
(`assistant.index`) does that behind the `ChunkSource` protocol.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from assistant.embeddings import Embedder
from assistant.types import Chunk, SearchHit

FusionMethod = Literal["dense", "bm25", "rrf", "weighted"]

# Why "weighted" with a small BM25 weight: on MedQuAD, naive RRF scored below dense alone,
# while dense cosine plus a small share of max-normalised BM25 beat both (README table).
DEFAULT_METHOD: FusionMethod = "weighted"
DEFAULT_BM25_WEIGHT = 0.1
RRF_K = 60

# How deep each ranker looks before fusing: fusion can only reorder what either one found.
CANDIDATE_DEPTH = 30

_TOKEN = re.compile(r"\w\w+", re.UNICODE)
# A short English stop list: BM25 should not reward "what", "does", "my".
_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not of off on once only or other our ours ourselves
    out over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself yourselves get got im ive dont cant
    please tell know"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


# Only long words are corrected: short ones sit one edit from too many others ("acne"/"ache").
MIN_CORRECTED_LENGTH = 6
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Speller:
    """Corrects a misspelt query word to a nearby corpus word ("excercise" -> "exercise").

    Symmetric deletes (SymSpell's idea): two words are one substitution, insertion, deletion or
    swap apart when their one-letter-deleted forms meet. Only words of the corpus are proposed,
    only for words the corpus lacks, with the same first letter, of MIN_CORRECTED_LENGTH or
    more; the most frequent candidate wins.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.counts: dict[str, int] = {}
        for text in texts:
            for word in _WORD.findall(text.lower()):
                self.counts[word] = self.counts.get(word, 0) + 1
        self._by_delete: dict[str, set[str]] = {}
        for word in self.counts:
            if len(word) >= MIN_CORRECTED_LENGTH - 1:
                for variant in _deletes(word) | {word}:
                    self._by_delete.setdefault(variant, set()).add(word)

    def correct_word(self, word: str) -> str:
        lower = word.lower()
        if len(lower) < MIN_CORRECTED_LENGTH or lower in self.counts:
            return word
        found: set[str] = set()
        for variant in _deletes(lower) | {lower}:
            found |= self._by_delete.get(variant, set())
        found = {c for c in found if c[0] == lower[0] and abs(len(c) - len(lower)) <= 1}
        if not found:
            return word
        return max(sorted(found), key=lambda c: self.counts[c])

    def correct(self, text: str) -> str:
        """`text` with each misspelt word replaced by its corpus spelling."""
        return _WORD.sub(lambda match: self.correct_word(match.group(0)), text)


class ChunkSource(Protocol):
    """The part of the index adapter retrieval needs (see `assistant.index.ChunkIndex`)."""

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


def light_stem(token: str) -> str:
    """Strip common English inflections so "exercises"/"exercise", "walking"/"walk" meet.

    Deliberately tiny (no stemming package is installed): plural -s/-es/-ies, -ing, -ed.
    """
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 5 and token.endswith("ing"):
        return token[:-3]
    if len(token) > 4 and token.endswith("ed"):
        return token[:-2]
    if len(token) > 4 and token.endswith(("sses", "ches", "shes", "xes", "zes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop-word-free, lightly stemmed word tokens (BM25 and the composer)."""
    return [
        light_stem(word)
        for word in _TOKEN.findall(text.lower())
        if word not in STOPWORDS and not word.isdigit()
    ]


class Bm25Index:
    """BM25 over a fixed list of texts; built once, queried many times."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s  # kept local: only this class knows bm25s

        self._size = len(texts)
        self._model = bm25s.BM25()
        # An empty document would make bm25s drop the row; a placeholder keeps positions aligned.
        corpus = [tokenize(text) or [""] for text in texts]
        if corpus:
            self._model.index(corpus, show_progress=False)
        self._vocab = set(self._model.vocab_dict) if corpus else set()

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every text for `query`, in input order (all zeros if no word is known)."""
        known = [token for token in tokenize(query) if token in self._vocab]
        if not known:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)

    def coverage(self, query: str) -> float:
        """Share of the query's words that occur anywhere in the texts (0.0 for no words)."""
        words = tokenize(query)
        return sum(word in self._vocab for word in words) / len(words) if words else 0.0

    def top(self, query: str, k: int) -> list[tuple[int, float]]:
        """Positions and scores of the `k` best texts with a score above zero, best first."""
        scores = self.scores(query)
        if not scores.size or k <= 0:
            return []
        k = min(k, scores.size)
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(i), float(scores[i])) for i in best if scores[i] > 0]


@dataclass(frozen=True)
class Retrieval:
    """What one search found: the fused ranking, and the dense hits with their raw cosines.

    `hits[i].score` is the fusion score (comparable only within one query); the relevance gate
    reads `dense`, whose scores are cosine similarities, and `coverage`, the share of the
    query's words found anywhere in the corpus.
    """

    query: str
    vector: np.ndarray
    hits: list[SearchHit]
    dense: list[SearchHit]
    bm25_best: float
    coverage: float = 0.0


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
        self.speller = Speller(texts)

    def embed_query(self, query: str) -> np.ndarray:
        """The query's vector (one forward pass)."""
        return self.embedder.embed([query])[0]

    def retrieve(self, query: str, k: int = 5, vector: np.ndarray | None = None) -> Retrieval:
        """The `k` best chunks for `query` by the configured fusion."""
        if vector is None:
            vector = self.embed_query(query)
        dense, lexical = self.candidates(query, vector, max(CANDIDATE_DEPTH, k))
        fused = self.fuse(dense, lexical, self.method)
        bm25_best = lexical[0][1] if lexical else 0.0
        coverage = self.bm25.coverage(query)
        return Retrieval(query, vector, fused[:k], dense, bm25_best, coverage)

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
