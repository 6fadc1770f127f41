"""Groundedness: the share of answer sentences supported by the passages they cite.

Method (offline, no LLM judge):

1. The answer is cut into paragraphs (lines) and sentences; a sentence owns the `[n]` markers
   written in it or right after its full stop. A sentence without markers borrows those of the
   next cited sentence in the same paragraph ("One. Two [1]." cites [1] for both).
2. A sentence that cites something gets a support score against each cited quote:
   `0.5 * lexical + 0.5 * cosine`, where lexical is the share of the sentence's content words
   (stop words dropped, words cut to 5 letters as a crude stem) that occur in the quote, and
   cosine is the similarity of the two all-MiniLM-L6-v2 embeddings. The best quote counts; the
   sentence is supported when that score is at least `SUPPORTED`.
3. A sentence that cites nothing counts as unsupported when it has at least `CLAIM_WORDS`
   words; shorter ones and lead-ins ending in a colon ("What the articles say:") are not scored, and
   neither are safety notices that only send the patient to a clinician or say what the
   assistant cannot do (`NOTICE`): they state no medical content, so no article must back them.

Limits: this measures closeness, not entailment. A sentence that copies words from its quote but
negates it ("X does not help") still scores high; a faithful paraphrase with rare synonyms can
score low; quotes in another language than the answer score low. It is a regression signal
for an extractive engine, not proof that an answer is true.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.text import STOPWORDS, split_sentences
from assistant.types import Citation
from evals.metrics import MARKER

SUPPORTED = 0.5
CLAIM_WORDS = 6
_ONLY_MARKERS = re.compile(r"^(?:\[\d+\]\s*)+[.!?]*$")
NOTICE = re.compile(
    r"^\**if this is (?:happening now|an emergency)\b|"  # the safety-net and emergency lines
    r"^(?:i can(?:no|')t|i can only|i am not able|i'm not able|please (?:see|ask|contact|call)"
    r"|(?:see|ask|contact|call) (?:a|your) (?:doctor|clinician|pharmacist|gp|emergency))"
    r"|\b(?:see|ask|contact|call|visit) (?:a|your|another) (?:qualified )?"
    r"(?:doctor|clinician|pharmacist|gp|health ?care)",
    re.IGNORECASE,
)
_LINE_PREFIX = re.compile(r"^(?:#+|>|[-*+]|\d+[.)])\s+")  # heading, quote or list bullet
_WORD = re.compile(r"[a-z0-9]+")


class TextEmbedder(Protocol):
    """What grounding needs from `assistant.embedding.base.Embedder`: normalised vectors."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class SentenceSupport:
    """One scored answer sentence: its cited numbers and best support score (None: uncited)."""

    text: str
    cited: tuple[int, ...]
    score: float | None
    supported: bool


def answer_sentences(answer: str) -> list[tuple[str, tuple[int, ...]]]:
    """Sentences of the answer with the markers each cites (own, or borrowed from the next)."""
    result: list[tuple[str, tuple[int, ...]]] = []
    for line in answer.splitlines():
        paragraph = _LINE_PREFIX.sub("", line.strip())
        if not paragraph:
            continue
        sentences: list[str] = []
        for start, end in split_sentences(paragraph):
            piece = paragraph[start:end]
            if sentences and _ONLY_MARKERS.match(piece):
                sentences[-1] = f"{sentences[-1]} {piece}"  # "One. Two. [1]": [1] ends Two
            else:
                sentences.append(piece)
        own = [tuple(int(n) for n in MARKER.findall(sentence)) for sentence in sentences]
        borrowed: tuple[int, ...] = ()
        cited: list[tuple[int, ...]] = [()] * len(sentences)
        for index in range(len(sentences) - 1, -1, -1):
            if own[index]:
                borrowed = own[index]
            cited[index] = own[index] or borrowed
        result.extend(
            (text, numbers) for text, numbers in zip(sentences, cited, strict=True) if text
        )
    return result


def content_words(text: str) -> set[str]:
    """Lower-case words without stop words, cut to 5 letters (a crude stem)."""
    text = MARKER.sub(" ", text.lower())
    return {word[:5] for word in _WORD.findall(text) if word not in STOPWORDS}


def lexical_support(sentence: str, quote: str) -> float:
    """Share of the sentence's content words that occur in the quote (1.0 for no content)."""
    words = content_words(sentence)
    if not words:
        return 1.0
    return len(words & content_words(quote)) / len(words)


def score_answer(
    answer: str, citations: Sequence[Citation], embedder: TextEmbedder
) -> list[SentenceSupport]:
    """Score every answer sentence against the quotes it cites (see the module docstring)."""
    quotes = {citation.n: citation.quote for citation in citations}
    sentences = answer_sentences(answer)
    pairs = [
        (MARKER.sub("", text).strip(), quotes[n])
        for text, cited in sentences
        for n in cited
        if n in quotes
    ]
    cosines = _pair_cosines(pairs, embedder)
    result: list[SentenceSupport] = []
    for text, cited in sentences:
        usable = [n for n in cited if n in quotes]
        if not usable:
            words = len(_WORD.findall(MARKER.sub(" ", text.lower())))
            lead_in = text.rstrip().endswith(":")
            if cited or (words >= CLAIM_WORDS and not lead_in and not NOTICE.search(text)):
                # a dangling [n] is a claim whose source is missing
                result.append(SentenceSupport(text, cited, None, False))
            continue
        plain = MARKER.sub("", text).strip()
        scores = [
            0.5 * lexical_support(plain, quotes[n]) + 0.5 * max(cosines[(plain, quotes[n])], 0.0)
            for n in usable
        ]
        best = max(scores)
        result.append(SentenceSupport(text, cited, best, best >= SUPPORTED))
    return result


def groundedness(supports: Sequence[SentenceSupport]) -> float | None:
    """Share of scored sentences that are supported; None when no sentence was scored."""
    if not supports:
        return None
    return sum(support.supported for support in supports) / len(supports)


def _pair_cosines(
    pairs: Sequence[tuple[str, str]], embedder: TextEmbedder
) -> dict[tuple[str, str], float]:
    if not pairs:
        return {}
    texts = sorted({text for pair in pairs for text in pair})
    vectors = embedder.embed(texts)
    row = {text: index for index, text in enumerate(texts)}
    return {
        (sentence, quote): float(np.dot(vectors[row[sentence]], vectors[row[quote]]))
        for sentence, quote in pairs
    }
