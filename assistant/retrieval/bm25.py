"""BM25 over the chunk texts (bm25s), built once when the retriever is made.

bm25s stays inside this module; texts are tokenised with `assistant.text.tokenize`, the same
tokenizer the gate's word coverage and the composer use.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.text import tokenize


class Bm25Index:
    """BM25 over a fixed list of texts; built once, queried many times."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s  # kept local: only this class knows bm25s

        self._size = len(texts)
        self._model = bm25s.BM25()
        # An empty document would make bm25s drop the row; a placeholder keeps positions aligned.
        # One string object per distinct word: the token lists are garbage once indexed, and
        # millions of separate copies left the heap too fragmented to shrink (full MedQuAD:
        # the serving process kept 174 MB after building this index, 45 MB with one copy).
        distinct: dict[str, str] = {}
        corpus = [
            [distinct.setdefault(token, token) for token in tokenize(text)] or [""]
            for text in texts
        ]
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
