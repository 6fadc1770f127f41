"""A small readable stand-in for the answer engine, for fast unit tests of the web app.

`FakeAssistant` follows the `Assistant` protocol: a question mentioning "bladder" is urgent, one
sharing a word with an article's text is answered from that article with a real citation, anything
else is out of scope. It enforces the same input limits as the engine (`InvalidQuestion`) and can
be switched to "no index" (`IndexUnavailable`). It records every question it is asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.errors import IndexUnavailable, InvalidQuestion
from assistant.settings import DEFAULT_DISCLAIMER
from assistant.types import Answer, Article, Chunk, Citation, IndexStats, Message, SearchHit

ARTICLES = (
    Article(
        source_id="walking.txt",
        title="Walking for a Healthy Back",
        url="https://clinic.example/walking",
        text="Walking every day keeps the back muscles strong. Good shoes support the arches.",
    ),
    Article(
        source_id="sleep.txt",
        title="Sleeping Positions",
        text="A firm mattress helps many people with back pain. "
        "Sleeping on the side eases pressure.",
    ),
)


def _sentences(article: Article) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(r"[^.]+\.", article.text)]


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]+", text.lower()) if len(word) > 3}


@dataclass
class FakeAssistant:
    """A scripted assistant; `index_available=False` makes every call raise IndexUnavailable."""

    articles: Sequence[Article] = ARTICLES
    max_question_chars: int = 1000
    max_history_messages: int = 20
    disclaimer: str = DEFAULT_DISCLAIMER
    index_available: bool = True
    questions: list[str] = field(default_factory=list)

    def _require_index(self) -> None:
        if not self.index_available:
            raise IndexUnavailable("No index found. Run `assistant ingest` first.")

    def ask(self, question: str, history: Sequence[Message] = ()) -> Answer:
        self._require_index()
        if not question.strip():
            raise InvalidQuestion("The question is empty. Please type a question.")
        if len(question) > self.max_question_chars:
            raise InvalidQuestion(
                f"Your question is {len(question):,} characters; the limit is "
                f"{self.max_question_chars:,}. Please shorten it."
            )
        if len(history) > self.max_history_messages:
            raise InvalidQuestion(
                f"The conversation has {len(history)} earlier messages; the limit is "
                f"{self.max_history_messages}. Please start a new conversation."
            )
        self.questions.append(question)
        if "bladder" in question.lower():
            return Answer(
                kind="urgent",
                answer="Losing control of your bladder with back pain needs care **now**. "
                "Call your local emergency number or go to the nearest emergency department.",
                disclaimer=self.disclaimer,
                query=question,
            )
        citations = self._cite(question)
        if not citations:
            topics = "; ".join(self.topics())
            return Answer(
                kind="out_of_scope",
                answer=f"I can only answer from the clinic's articles, which cover: {topics}. "
                "Please ask a clinician about anything else.",
                disclaimer=self.disclaimer,
                query=question,
            )
        text = " ".join(f"{citation.quote} [{citation.n}]" for citation in citations)
        return Answer(
            kind="answer",
            answer=text,
            citations=citations,
            disclaimer=self.disclaimer,
            query=question,
        )

    def _cite(self, question: str) -> list[Citation]:
        wanted = _words(question)
        citations: list[Citation] = []
        for article in self.articles:
            for start, end in _sentences(article):
                quote = article.text[start:end].strip()
                start = article.text.index(quote, start)
                if wanted & _words(quote):
                    citations.append(
                        Citation(
                            n=len(citations) + 1,
                            source_id=article.source_id,
                            title=article.title,
                            url=article.url,
                            chunk_id=f"{article.source_id}#0",
                            quote=quote,
                            start=start,
                            end=start + len(quote),
                        )
                    )
        return citations

    def search(self, query: str, k: int = 5) -> list[SearchHit]:
        self._require_index()
        wanted = _words(query)
        hits = []
        for article in self.articles:
            overlap = len(wanted & _words(article.text))
            if overlap:
                chunk = Chunk(
                    chunk_id=f"{article.source_id}#0",
                    source_id=article.source_id,
                    title=article.title,
                    section="",
                    text=article.text,
                    start=0,
                    end=len(article.text),
                    url=article.url,
                )
                hits.append(SearchHit(chunk=chunk, score=overlap / max(len(wanted), 1)))
        return sorted(hits, key=lambda hit: -hit.score)[:k]

    def stats(self) -> IndexStats:
        self._require_index()
        return IndexStats(documents=len(self.articles), chunks=len(self.articles))

    def topics(self) -> list[str]:
        return [article.title for article in self.articles]
