"""The default composer: an extractive, cited answer built only from retrieved sentences.

It never writes medical content of its own. It reads what kind of answer the question asks for
(`question.py`), scores and picks the sentences of the retrieved chunks that answer it
(`select.py`: a sentence that depends on the one before brings it, an exercise keeps its
steps, MMR against redundancy), drops promotional lines (and amounts of a medicine when asked
to), puts the direct answer first and the support after it in the articles' order, and marks
each passage with `[n]`. Each citation's quote is `article.text[start:end]`, verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from assistant.compose.base import Composed, Evidence
from assistant.compose.question import effect_terms, focus_terms, question_type
from assistant.compose.select import (
    Known,
    Query,
    Sentence,
    Unit,
    choose,
    chunk_units,
    extend_lead,
)
from assistant.text import tokenize
from assistant.types import Article, Citation, SearchHit, SentenceSpans

MAX_SENTENCES = 6

# Promotion, not health information. Generic phrasing, nothing about one clinic.
# The provider speaking of itself ("visit our clinic", "our team offers ...") ...
_PROVIDER = re.compile(
    r"\bour (doctors?|team|clinic|experts?|specialists?|staff|cent(er|re)|practice)\b",
    re.IGNORECASE,
)
# ... except to say what its clinicians found or advise, which is health information: "Our
# doctors for back pain realize that ... orthotics ... are not the only step".
_FINDING = re.compile(
    r"\bour (doctors?|team|experts?|specialists?|staff)\b[^.;]{0,40}?"
    r"\b(realiz|realis|recogni[sz]|have found|found|find|know|agree|note|advis|recommend)\w*"
    r"\s+that\b",
    re.IGNORECASE,
)
PROMOTIONAL = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bwe (believe|offer|provide|are proud|are here|will help|can help|recommend our)\b",
        r"\bcontact (us|the best|our)\b",
        r"\bcall (us|today|now)\b",
        r"\b(book|schedule|make) (an|your) (appointment|visit|consultation)\b",
        r"\bthe best (doctors?|clinic|specialists?|experts?)\b",
        r"\b(click|subscribe|sign up|follow us)\b",
    )
)
# A stated amount of a medicine: removed from replies to personal dose requests.
_AMOUNT = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|half|a)"
DOSE = re.compile(
    rf"\b{_AMOUNT}(?:\s*(?:-|to|or)\s*{_AMOUNT})?\s*-?\s*"
    r"(mg|mcg|µg|g|ml|milligrams?|micrograms?|grams?|units?|iu|tablets?|pills?|capsules?|"
    r"drops?|puffs?|teaspoons?|tsp|tablespoons?|tbsp|sachets?|patch(?:es)?|sprays?|doses?)\b",
    re.IGNORECASE,
)


def is_promotional(sentence: str) -> bool:
    """True for marketing or calls to action ("our team offers", "we believe", "contact us");
    not for what the provider's clinicians found or advise ("our doctors realize that ...")."""
    if any(pattern.search(sentence) for pattern in PROMOTIONAL):
        return True
    return bool(_PROVIDER.search(sentence)) and not _FINDING.search(sentence)


class ExtractiveComposer:
    """The default `Composer`: at most `max_sentences` sentences of the evidence, cited (one
    more when the direct answer goes on in the next sentence: `select.extend_lead`)."""

    def __init__(self, max_sentences: int = MAX_SENTENCES) -> None:
        self.max_sentences = max_sentences

    def compose(self, evidence: Evidence) -> Composed:
        """Select, order and cite the sentences of the hits that answer the question."""
        return compose_answer(
            evidence.query,
            evidence.vector,
            evidence.hits,
            evidence.sentences,
            evidence.articles,
            question=evidence.asks or evidence.question,
            exclude_doses=evidence.exclude_doses,
            max_sentences=self.max_sentences,
        )


def compose_answer(
    query: str,
    vector: np.ndarray,
    hits: Sequence[SearchHit],
    sentences: Mapping[str, SentenceSpans],
    articles: Mapping[str, Article],
    *,
    question: str | None = None,
    exclude_doses: bool = False,
    max_sentences: int = MAX_SENTENCES,
) -> Composed:
    """Select, order and cite the sentences of `hits` that answer `question`.

    Sentences are scored against `query` (the searched words) and `vector` (its embedding);
    the kind of answer wanted is read from `question`, the patient's own words (default: the
    query). `sentences` maps a chunk id to its sentence spans and vectors; `articles` maps a
    source id to the cleaned article the spans point into. Returns an empty `Composed` when
    nothing relevant is left. With `exclude_doses`, no sentence stating an amount of a
    medicine is used.
    """
    asked = query if question is None else question
    target = Query(
        words=set(tokenize(query)),
        vector=vector,
        kind=question_type(asked),
        focus=focus_terms(asked) or set(tokenize(query)),
        effect=effect_terms(asked),
    )
    units: list[Unit] = []
    known: Known = {}
    for rank, hit in enumerate(hits):
        article = articles.get(hit.chunk.source_id)
        spans = sentences.get(hit.chunk.chunk_id)
        if article is None or spans is None:
            continue
        units.extend(chunk_units(hit, spans, article, target, rank, known))
    units = [u for u in units if _usable(u.members, exclude_doses)]
    chosen = choose(units, max_sentences)
    chosen = extend_lead(chosen, known, articles, lambda s: _usable([s], exclude_doses))
    return _render(chosen, articles)


def _usable(members: Sequence[Sentence], exclude_doses: bool) -> bool:
    texts = [s.text for s in members]
    if any(is_promotional(text) for text in texts):
        return False
    # A question in the source ("What are the symptoms of X?") introduces an answer; it is not one.
    if all(s.text.endswith("?") for s in members if not s.heading):
        return False
    return not (exclude_doses and any(DOSE.search(text) for text in texts))


def _render(chosen: list[Unit], articles: Mapping[str, Article]) -> Composed:
    """The direct answer (the first unit chosen) first; then the rest by source (the one with
    the best unit first) and position in the article. Neighbouring sentences are merged into
    one cited passage, except support just before the answer, which would open the reply."""
    if not chosen:
        return Composed("", [])
    lead = chosen[0]
    best: dict[str, float] = {}
    for unit in chosen:
        source = unit.members[0].source_id
        best[source] = max(best.get(source, unit.score), unit.score)
    passages = _passages(list(lead.members), articles)
    support = sorted(
        (s for unit in chosen[1:] for s in unit.members),
        key=lambda s: (-best[s.source_id], s.source_id, s.start),
    )
    for passage in _passages(support, articles):
        # Support right after the lead continues its passage; support right before it is
        # cited on its own, after it, so the reply still opens with the answer.
        if _adjacent(passages[0][-1], passage[0], articles):
            passages[0].extend(passage)
        else:
            passages.append(passage)
    paragraphs, citations = [], []
    for n, passage in enumerate(passages, start=1):
        article = articles[passage[0].source_id]
        start, end = passage[0].start, passage[-1].end
        citations.append(
            Citation(
                n=n,
                source_id=article.source_id,
                title=article.title,
                url=article.url,
                chunk_id=passage[0].chunk_id,
                quote=article.text[start:end],
                start=start,
                end=end,
            )
        )
        words = [f"**{s.text}:**" if s.heading else s.text for s in passage]
        paragraphs.append(f"{' '.join(words)} [{n}]")
    return Composed("\n\n".join(paragraphs), citations)


def _passages(sentences: list[Sentence], articles: Mapping[str, Article]) -> list[list[Sentence]]:
    """Runs of sentences that follow each other in one article (input in reading order)."""
    passages: list[list[Sentence]] = []
    for sentence in sentences:
        if passages and _adjacent(passages[-1][-1], sentence, articles):
            passages[-1].append(sentence)
        else:
            passages.append([sentence])
    return passages


def _adjacent(first: Sentence, second: Sentence, articles: Mapping[str, Article]) -> bool:
    """True when `second` follows `first` in the same article with only whitespace between."""
    if first.source_id != second.source_id or second.start < first.end:
        return False
    return not articles[first.source_id].text[first.end : second.start].strip()
