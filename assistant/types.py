"""Core types shared by ingestion, the answer engine, the web app and the evals.

Everything outside the adapter modules speaks in these types; LangChain and chromadb objects
never leave their adapters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

AnswerKind = Literal["answer", "out_of_scope", "urgent"]
TriageLevel = Literal["emergency", "same_day", "crisis", "poison", "none"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Article(_Frozen):
    """One source document after cleaning: the text every citation offset points into."""

    source_id: str
    title: str
    text: str
    url: str = ""
    author: str = ""
    date: str = ""
    license: str = ""


class Chunk(_Frozen):
    """A passage of an article: `text == article.text[start:end]`; `chunk_id` is a content hash."""

    chunk_id: str
    source_id: str
    title: str
    section: str
    text: str
    start: int
    end: int
    url: str = ""


class SearchHit(_Frozen):
    """A chunk returned by a search, with its score (higher is better)."""

    chunk: Chunk
    score: float


class Citation(_Frozen):
    """The exact passage behind one `[n]` marker: `quote == article.text[start:end]`."""

    n: int
    source_id: str
    title: str
    url: str
    chunk_id: str
    quote: str
    start: int
    end: int


class SentenceSpans(Protocol):
    """A chunk's sentences: absolute offsets into the cleaned article, one unit vector each."""

    @property
    def spans(self) -> list[tuple[int, int]]: ...

    @property
    def vectors(self) -> np.ndarray: ...


class AskedTerm(_Frozen):
    """The one thing a question asks about (`compose.asked.asked_term`), in the corpus's words:
    what the relevance gate checks the articles discuss (`gate.covers_asked_term`)."""

    words: frozenset[str]  # stemmed, as `text.tokenize` gives
    unknown: bool  # its head word appears nowhere in the corpus


class Message(_Frozen):
    """One turn of a conversation, as the API and the UI pass it."""

    role: Literal["user", "assistant"]
    content: str


class Triage(_Frozen):
    """What emergency triage decided for the message.

    `level` is `emergency` (call the emergency number now), `same_day` (see a clinician
    today), `crisis` (crisis line), `poison` (poison line) or `none`; `category` names the
    situation (e.g. `stroke`, `chest_pain`), None when the level is `none`. Every reply whose
    level is not `none` has kind `urgent`.
    """

    level: TriageLevel = "none"
    category: str | None = None


class Answer(_Frozen):
    """A reply of one of three kinds; its JSON form is the public API's reply shape."""

    kind: AnswerKind
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    disclaimer: str
    query: str = ""
    timings_ms: dict[str, float] = Field(default_factory=dict)
    triage: Triage = Field(default_factory=Triage)


class IndexStats(_Frozen):
    """What the index holds, for `assistant info` and `GET /api/health`."""

    documents: int
    chunks: int


class Assistant(Protocol):
    """The answer engine as every front end sees it (CLI, HTTP API, UI, widget, evals).

    `ask` raises `InvalidQuestion` for input it refuses outright (empty, over-long, too much
    history) and `IndexUnavailable` when there is no usable index; every other outcome,
    including a question in another language, is an `Answer` with the disclaimer.
    """

    def ask(self, question: str, history: Sequence[Message] = ()) -> Answer: ...

    def search(self, query: str, k: int = 5) -> list[SearchHit]: ...

    def stats(self) -> IndexStats: ...

    def topics(self) -> list[str]:
        """Titles of the articles, for 'what I can help with' and example questions."""
        ...

    def article(self, source_id: str) -> Article:
        """The cleaned article a citation points into (KeyError when it is not indexed)."""
        ...
