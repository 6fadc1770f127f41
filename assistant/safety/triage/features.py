"""Word n-gram features of a message, the same at training and at answering time.

A message becomes its canonical words (`assistant.safety.normalise.canonical_words`: folded
Unicode, contractions and text-speak expanded, key terms spell-corrected); the words in the
scope of a negation are marked ("no chest pain" -> "no not_chest not_pain", the classic way to
let a bag of words see negation); then uni- and bigrams within each sentence, weighted TF-IDF
(sublinear term frequency, smoothed IDF) and L2-normalised - the weighting of scikit-learn's
`TfidfVectorizer` defaults, written out so that answering needs neither scikit-learn nor a
fitted Python object, only the vocabulary and the IDF values stored with the model.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.safety.normalise import canonical_words

_SENTENCE_END = frozenset({".", "!", "?", ";"})
_PUNCTUATION = frozenset({".", ",", ";", ":", "!", "?"})


def sentences_of(message: str) -> list[list[str]]:
    """The canonical words of `message`, one list per sentence (punctuation dropped)."""
    sentences: list[list[str]] = [[]]
    for word in canonical_words(message):
        if word.text in _SENTENCE_END:
            if sentences[-1]:
                sentences.append([])
        elif word.text not in _PUNCTUATION:
            sentences[-1].append(word.text)
    return [sentence for sentence in sentences if sentence]


_NEGATIONS = frozenset({"no", "not", "never", "without", "nor", "nothing", "none", "neither"})
# Words that end a negation's scope (a new clause starts), and how far it reaches at most.
_SCOPE_ENDS = frozenset(
    {"but", "however", "although", "though", "yet", "except", "and", "so", "now", "then",
     "because", "while", "when", "since"}
)  # fmt: skip
NEGATION_SCOPE = 4
FEATURES_VERSION = "words-1-2+negation-4"


def mark_negation(sentences: Iterable[Sequence[str]]) -> list[list[str]]:
    """Prefix "not_" to up to NEGATION_SCOPE words after a negation, within its clause."""
    marked = []
    for words in sentences:
        out, scope = [], 0
        for word in words:
            if word in _NEGATIONS:
                scope = NEGATION_SCOPE
                out.append(word)
                continue
            if word in _SCOPE_ENDS:
                scope = 0
            out.append(f"not_{word}" if scope else word)
            scope = max(0, scope - 1)
        marked.append(out)
    return marked


def document(message: str) -> Counter[str]:
    """The n-gram counts the model reads for one message."""
    return ngrams(mark_negation(sentences_of(message)))


def ngrams(sentences: Iterable[Sequence[str]]) -> Counter[str]:
    """Uni- and bigram counts; bigrams never cross a sentence end."""
    counts: Counter[str] = Counter()
    for words in sentences:
        counts.update(words)
        counts.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return counts


@dataclass(frozen=True)
class Vectorizer:
    """A fitted vocabulary: n-gram -> column, and each column's IDF."""

    vocabulary: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, documents: Sequence[Counter[str]], min_df: int = 2) -> Vectorizer:
        """Keep the n-grams found in at least `min_df` documents; IDF = ln((1+n)/(1+df)) + 1."""
        frequency: Counter[str] = Counter()
        for counts in documents:
            frequency.update(counts.keys())
        kept = sorted(gram for gram, df in frequency.items() if df >= min_df)
        n = len(documents)
        idf = np.array([math.log((1 + n) / (1 + frequency[g])) + 1 for g in kept], np.float32)
        return cls({gram: i for i, gram in enumerate(kept)}, idf)

    def row(self, counts: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
        """The sparse TF-IDF row of one document: column indices and their values."""
        columns = [self.vocabulary[g] for g in counts if g in self.vocabulary]
        if not columns:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        index = np.array(columns, dtype=np.int64)
        tf = np.array([1 + math.log(counts[g]) for g in counts if g in self.vocabulary])
        values = (tf * self.idf[index]).astype(np.float32)
        return index, values / np.float32(np.linalg.norm(values))

    def score(self, counts: Counter[str], weights: np.ndarray) -> np.ndarray:
        """`row(counts) @ weights` for a (vocabulary x k) or (vocabulary,) weight array."""
        index, values = self.row(counts)
        return values @ weights[index] if len(index) else np.zeros(weights.shape[1:], np.float32)
