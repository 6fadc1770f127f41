"""The default composer: an extractive, cited answer built only from retrieved sentences.

It never writes medical content of its own. It picks 2-6 sentences of the retrieved chunks that
answer the question - relevance from the sentence vectors stored at ingest (no embedding here)
plus word overlap, MMR against redundancy - keeps an exercise's steps together, lets a sentence
that starts with "This"/"It"/... bring the sentence it refers to, drops promotional lines,
orders the result by source and position, and marks each passage with `[n]`. Each citation's
quote is `article.text[start:end]`, verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.compose.base import Composed, Evidence
from assistant.text import is_heading, tokenize
from assistant.types import Article, Citation, SearchHit, SentenceSpans

MAX_SENTENCES = 6
MIN_SENTENCES = 2
# A procedure is a short heading followed by at most this many step sentences.
MAX_PROCEDURE_STEPS = 5
# Relevance = this share of the sentence-vector cosine + the rest from word overlap.
VECTOR_SHARE = 0.7
# A later chunk's sentences are slightly less likely to be about the question.
RANK_PENALTY = 0.01
# Keep a unit only if it scores within this margin of the best one (same scale as cosine).
RELATIVE_FLOOR = 0.15
MMR_LAMBDA = 0.75
# A unit this close (cosine) to one already chosen says the same thing again: skipped.
REDUNDANT = 0.9

# Sentences that refer back: they need the sentence before them to make sense.
_REFERS_BACK = re.compile(r"^(This|It|These|They|That|Those|Such|Both|Each)\b")
# Promotion, not health information. Generic phrasing, nothing about one clinic.
PROMOTIONAL = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bour (doctors?|team|clinic|experts?|specialists?|staff|cent(er|re)|practice)\b",
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


@dataclass
class _Sentence:
    source_id: str
    chunk_id: str
    start: int
    end: int
    text: str
    heading: bool
    score: float
    vector: np.ndarray | None


@dataclass
class _Unit:
    members: list[_Sentence]
    score: float
    vector: np.ndarray | None = field(default=None)


def is_promotional(sentence: str) -> bool:
    """True for marketing or calls to action ("our doctors", "we believe", "contact us")."""
    return any(pattern.search(sentence) for pattern in PROMOTIONAL)


class ExtractiveComposer:
    """The default `Composer`: at most `max_sentences` sentences of the evidence, cited."""

    def __init__(self, max_sentences: int = MAX_SENTENCES) -> None:
        self.max_sentences = max_sentences

    def compose(self, evidence: Evidence) -> Composed:
        """Select, order and cite the sentences of the hits that answer the query."""
        return compose_answer(
            evidence.query,
            evidence.vector,
            evidence.hits,
            evidence.sentences,
            evidence.articles,
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
    exclude_doses: bool = False,
    max_sentences: int = MAX_SENTENCES,
) -> Composed:
    """Select, order and cite the sentences of `hits` that answer `query`.

    `sentences` maps a chunk id to its sentence spans and vectors; `articles` maps a source id
    to the cleaned article the spans point into. Returns an empty `Composed` when nothing
    relevant is left. With `exclude_doses`, no sentence stating an amount of a medicine is used.
    """
    query_words = set(tokenize(query))
    units: list[_Unit] = []
    seen: set[tuple[str, int]] = set()
    for rank, hit in enumerate(hits):
        article = articles.get(hit.chunk.source_id)
        spans = sentences.get(hit.chunk.chunk_id)
        if article is None or spans is None:
            continue
        chunk_sentences = _sentences(hit, spans, article, vector, query_words, rank)
        fresh = [s for s in chunk_sentences if (s.source_id, s.start) not in seen]
        seen.update((s.source_id, s.start) for s in chunk_sentences)
        units.extend(_units(fresh, chunk_sentences))
    units = [u for u in units if _usable(u, exclude_doses)]
    chosen = _select(units, max_sentences)
    return _render(chosen, articles)


def _sentences(
    hit: SearchHit,
    spans: SentenceSpans,
    article: Article,
    vector: np.ndarray,
    query_words: set[str],
    rank: int,
) -> list[_Sentence]:
    result = []
    for row, (start, end) in enumerate(spans.spans):
        text = article.text[start:end]
        # Trim whitespace by moving the offsets, so the quote stays verbatim.
        start += len(text) - len(text.lstrip())
        end -= len(text) - len(text.rstrip())
        text = article.text[start:end]
        if not text:
            continue
        words = set(tokenize(text))
        overlap = len(query_words & words) / len(query_words) if query_words else 0.0
        sentence_vector = spans.vectors[row] if row < len(spans.vectors) else None
        cosine = float(sentence_vector @ vector) if sentence_vector is not None else overlap
        score = VECTOR_SHARE * cosine + (1 - VECTOR_SHARE) * overlap - RANK_PENALTY * rank
        heading = _is_heading(article.text, start, end)
        result.append(
            _Sentence(
                hit.chunk.source_id,
                hit.chunk.chunk_id,
                start,
                end,
                text,
                heading,
                score,
                sentence_vector,
            )
        )
    return result


def _is_heading(text: str, start: int, end: int) -> bool:
    """A whole line that is a heading (`assistant.text.is_heading`), such as "Toe pressing"."""
    whole_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
    return whole_line and is_heading(text[start:end])


def _units(fresh: list[_Sentence], chunk: list[_Sentence]) -> list[_Unit]:
    """Group a chunk's new sentences into the pieces the composer may pick.

    A short heading with at most MAX_PROCEDURE_STEPS steps is one unit (an exercise keeps its
    steps); any other sentence is its own unit, joined by the one before it if it refers back.
    """
    fresh_starts = {s.start for s in fresh}
    units: list[_Unit] = []
    blocks: list[list[_Sentence]] = []
    for sentence in chunk:
        if sentence.heading or not blocks:
            blocks.append([sentence])
        else:
            blocks[-1].append(sentence)
    for block in blocks:
        steps = [s for s in block if not s.heading]
        if not steps or not any(s.start in fresh_starts for s in block):
            continue
        if block[0].heading and len(steps) <= MAX_PROCEDURE_STEPS:
            units.append(_unit(block, steps))
            continue
        for i, sentence in enumerate(block):
            if sentence.heading or sentence.start not in fresh_starts:
                continue
            before = block[i - 1] if i > 0 and not block[i - 1].heading else None
            if _REFERS_BACK.match(sentence.text) and before is not None:
                units.append(_unit([before, sentence], [sentence]))
            else:
                units.append(_unit([sentence], [sentence]))
    return units


def _unit(members: list[_Sentence], scored: list[_Sentence]) -> _Unit:
    vectors = [s.vector for s in scored if s.vector is not None]
    mean = None
    if vectors:
        stacked = np.mean(np.stack(vectors), axis=0)
        mean = stacked / max(float(np.linalg.norm(stacked)), 1e-12)
    return _Unit(members, max(s.score for s in scored), mean)


def _usable(unit: _Unit, exclude_doses: bool) -> bool:
    texts = [s.text for s in unit.members]
    if any(is_promotional(text) for text in texts):
        return False
    # A question in the source ("What are the symptoms of X?") introduces an answer; it is not one.
    if all(s.text.endswith("?") for s in unit.members if not s.heading):
        return False
    return not (exclude_doses and any(DOSE.search(text) for text in texts))


def _size(unit: _Unit) -> int:
    return sum(not s.heading for s in unit.members)


def _select(units: list[_Unit], max_sentences: int) -> list[_Unit]:
    """Greedy MMR: relevant units first, each new one penalised by its likeness to those taken."""
    if not units:
        return []
    floor = max(u.score for u in units) - RELATIVE_FLOOR
    pool = [u for u in units if u.score >= floor]
    # Too few close to the best: allow the next ones so the reply has some context.
    if sum(_size(u) for u in pool) < MIN_SENTENCES:
        pool = sorted(units, key=lambda u: -u.score)[:MIN_SENTENCES]
    chosen: list[_Unit] = []
    taken: set[tuple[str, int]] = set()
    said: set[str] = set()  # the same sentence often recurs across articles
    count = 0
    while pool:
        best = max(pool, key=lambda u: _mmr(u, chosen))
        pool.remove(best)
        new = [s for s in best.members if (s.source_id, s.start) not in taken]
        if all(_normal(s.text) in said for s in new if not s.heading):
            continue
        size = sum(not s.heading for s in new)
        if size == 0:
            continue
        if chosen and count + size > max_sentences:
            continue
        if any(_likeness(best, other) >= REDUNDANT for other in chosen):
            continue
        chosen.append(_Unit(new, best.score, best.vector))
        taken.update((s.source_id, s.start) for s in new)
        said.update(_normal(s.text) for s in new)
        count += size
    return chosen


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _likeness(unit: _Unit, other: _Unit) -> float:
    if unit.vector is None or other.vector is None:
        return 0.0
    return float(unit.vector @ other.vector)


def _mmr(unit: _Unit, chosen: list[_Unit]) -> float:
    likeness = max((_likeness(unit, other) for other in chosen), default=0.0)
    return MMR_LAMBDA * unit.score - (1 - MMR_LAMBDA) * likeness


def _render(chosen: list[_Unit], articles: Mapping[str, Article]) -> Composed:
    """Order by source (the one with the best passage first), then by position in the article;
    merge neighbouring sentences into one cited passage."""
    best: dict[str, float] = {}
    for unit in chosen:
        source = unit.members[0].source_id
        best[source] = max(best.get(source, unit.score), unit.score)
    sentences = sorted(
        (s for unit in chosen for s in unit.members),
        key=lambda s: (-best[s.source_id], s.start),
    )
    passages: list[list[_Sentence]] = []
    for sentence in sentences:
        last = passages[-1][-1] if passages else None
        adjacent = (
            last is not None
            and last.source_id == sentence.source_id
            and not articles[sentence.source_id].text[last.end : sentence.start].strip()
        )
        if adjacent:
            passages[-1].append(sentence)
        else:
            passages.append([sentence])
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
