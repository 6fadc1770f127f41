"""The composer seam: what the engine hands a composer, and what it gets back.

A composer turns the passages that passed the relevance gate into the reply's Markdown with
`[n]` markers and the citations behind them. Contract for every implementation: each
citation's `quote` is `article.text[start:end]` of the cleaned article, verbatim; every `[n]`
in the Markdown has a citation; nothing in the Markdown is medical content of its own; an
empty `Composed` means nothing relevant was left (the engine then answers out of scope).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.types import Article, Citation, SearchHit, SentenceSpans


@dataclass(frozen=True)
class Evidence:
    """What a composer may use: the search query and its vector, the ranked hits, their
    sentences (by chunk id) and the cleaned articles they point into (by source id).

    `question` is the user's own message (the query may add a follow-up's context to it);
    `asks` is the part of it that asks (the sentence(s) with the question of a long message;
    "" = the whole question); `exclude_doses` asks for no sentence that states an amount of a
    medicine.
    """

    question: str
    query: str
    vector: np.ndarray
    hits: Sequence[SearchHit]
    sentences: Mapping[str, SentenceSpans]
    articles: Mapping[str, Article]
    exclude_doses: bool = False
    asks: str = ""


@dataclass(frozen=True)
class Composed:
    """The answer's Markdown (with `[n]` markers) and the citations behind the markers."""

    markdown: str
    citations: list[Citation]


class Composer(Protocol):
    """Builds a cited answer from evidence; see the module docstring for the contract."""

    def compose(self, evidence: Evidence) -> Composed: ...
