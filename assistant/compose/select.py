"""Which sentences answer the question: the pieces a reply may quote, scored and chosen.

A piece (`Unit`) is one sentence, a sentence with the one(s) before it that it depends on
(`dependency.depends_on_previous`, also across a chunk boundary), or a short heading with all
its steps (an exercise keeps its steps). Each is scored on relevance - the sentence-vector
cosine stored at ingest plus word overlap with the query, minus a little per chunk rank - plus
how much it looks like the kind of answer the question asks for (`question.answer_shape`).
`choose` keeps the pieces close to the best and picks them greedily with MMR, best first; the
first one chosen is the reply's direct answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.compose.dependency import depends_on_previous
from assistant.compose.question import QuestionType, answer_shape
from assistant.text import is_heading, split_sentences, tokenize
from assistant.types import Article, SearchHit, SentenceSpans

MIN_SENTENCES = 2
# A procedure is a short heading followed by at most this many step sentences.
MAX_PROCEDURE_STEPS = 5
# Questions answered by one step of a procedure ("how long do I hold it?"): its steps are
# pieces of their own, so the step that answers leads (with the step it depends on).
PICKS_A_STEP: frozenset[QuestionType] = frozenset({"duration"})
# Relevance = this share of the sentence-vector cosine + the rest from word overlap.
VECTOR_SHARE = 0.7
# A later chunk's sentences are slightly less likely to be about the question.
RANK_PENALTY = 0.01
# How much looking like the asked kind of answer adds (same scale as relevance).
SHAPE_WEIGHT = 0.15
# Keep a unit only if it scores within this margin of the best one. 0.2 by measurement on the
# seen gold sets (docs/answers.md, "Scores and choice"): 0.15 left the second article's
# passage out more often.
RELATIVE_FLOOR = 0.2
MMR_LAMBDA = 0.75
# A unit this close (cosine) to one already chosen says the same thing again: skipped.
REDUNDANT = 0.9
# How many sentences back a dependent sentence may reach ("Conversely ..." after "This ...").
MAX_DEPENDENCY_CHAIN = 2
# How far before a chunk to look for the sentence its first sentence depends on.
LOOK_BACK_CHARS = 1000


@dataclass
class Sentence:
    """One sentence of an article: where it is, and how well it answers."""

    source_id: str
    chunk_id: str
    start: int
    end: int
    text: str
    heading: bool
    score: float = 0.0
    shape: float = 0.0
    vector: np.ndarray | None = None


@dataclass
class Unit:
    """Sentences quoted together; `score` and `vector` come from the ones it exists for."""

    members: list[Sentence]
    score: float
    vector: np.ndarray | None = field(default=None)

    @property
    def size(self) -> int:
        """Sentences that count towards the reply's length (headings do not)."""
        return sum(not s.heading for s in self.members)


@dataclass(frozen=True)
class Query:
    """What the sentences are scored against."""

    words: set[str]
    vector: np.ndarray
    kind: QuestionType
    focus: set[str]
    effect: set[str] = field(default_factory=set)


Known = dict[tuple[str, int], Sentence]


def chunk_units(
    hit: SearchHit, spans: SentenceSpans, article: Article, query: Query, rank: int, known: Known
) -> list[Unit]:
    """The units of one retrieved chunk whose sentences are not in `known` yet.

    `known` maps (source id, start) to every sentence seen so far; this adds the chunk's.
    """
    sentences = _sentences(hit, spans, article)
    fresh = {s.start for s in sentences if (s.source_id, s.start) not in known}
    for sentence in sentences:
        known.setdefault((sentence.source_id, sentence.start), sentence)
    blocks: list[list[Sentence]] = []
    for sentence in sentences:
        if sentence.heading or not blocks:
            blocks.append([sentence])
        else:
            blocks[-1].append(sentence)
    units: list[Unit] = []
    for block in blocks:
        steps = [s for s in block if not s.heading]
        if not steps or not any(s.start in fresh for s in block):
            continue
        heading = block[0].text if block[0].heading else ""
        if heading and len(steps) <= MAX_PROCEDURE_STEPS and query.kind not in PICKS_A_STEP:
            for step in steps:
                _score(step, query, rank, heading=heading)
            units.append(_unit(block, steps))
            continue
        for i, sentence in enumerate(block):
            if sentence.heading:
                continue
            # A procedure's step, split for a question one step answers, keeps its heading's words.
            _score(
                sentence, query, rank, heading=heading if len(steps) <= MAX_PROCEDURE_STEPS else ""
            )
            if sentence.start not in fresh:
                continue
            before = _depended_on(block[:i], sentence, article, hit)
            units.append(_unit([*before, sentence], [sentence]))
    return units


def choose(units: list[Unit], max_sentences: int) -> list[Unit]:
    """Greedy MMR over the units close to the best: best (the direct answer) first."""
    if not units:
        return []
    floor = max(u.score for u in units) - RELATIVE_FLOOR
    pool = [u for u in units if u.score >= floor]
    # Too few close to the best: allow the next ones so the reply has some context.
    if sum(u.size for u in pool) < MIN_SENTENCES:
        pool = sorted(units, key=lambda u: -u.score)[:MIN_SENTENCES]
    chosen: list[Unit] = []
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
        if size == 0 or (chosen and count + size > max_sentences):
            continue
        if any(_likeness(best, other) >= REDUNDANT for other in chosen):
            continue
        chosen.append(Unit(new, best.score, best.vector))
        taken.update((s.source_id, s.start) for s in new)
        said.update(_normal(s.text) for s in new)
        count += size
    return chosen


def extend_lead(
    chosen: list[Unit], known: Known, articles: Mapping[str, Article],
    usable: Callable[[Sentence], bool],
) -> list[Unit]:  # fmt: skip
    """The direct answer with the sentence after it in its paragraph, when that sentence is
    the same kind of answer ("The positive takeaway is that ... relief." then "Practical
    solutions include ..."). It does not count against the reply's length: a full reply still
    gets the rest of its direct answer (one sentence more than `choose` allowed)."""
    if not chosen:
        return chosen
    lead, last = chosen[0], chosen[0].members[-1]
    text = articles[last.source_id].text
    start = last.end + len(text[last.end :]) - len(text[last.end :].lstrip(" \t"))
    following = known.get((last.source_id, start))
    taken = {(s.source_id, s.start) for unit in chosen for s in unit.members}
    said = {_normal(s.text) for unit in chosen for s in unit.members}
    if (
        following is None
        or following.heading
        or following.shape < 1.0
        or (following.source_id, following.start) in taken
        or _normal(following.text) in said  # the same sentence, from another article
        or _repeats(following, chosen[1:])
        or not usable(following)
    ):
        return chosen
    return [Unit([*lead.members, following], lead.score, lead.vector), *chosen[1:]]


def _sentences(hit: SearchHit, spans: SentenceSpans, article: Article) -> list[Sentence]:
    result = []
    for row, (start, end) in enumerate(spans.spans):
        sentence = _sentence(hit.chunk.source_id, hit.chunk.chunk_id, article, start, end)
        if sentence is None:
            continue
        sentence.vector = spans.vectors[row] if row < len(spans.vectors) else None
        result.append(sentence)
    return result


def _sentence(
    source_id: str, chunk_id: str, article: Article, start: int, end: int
) -> Sentence | None:
    text = article.text[start:end]
    # Trim whitespace by moving the offsets, so the quote stays verbatim.
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    text = article.text[start:end]
    if not text:
        return None
    return Sentence(source_id, chunk_id, start, end, text, _is_heading(article.text, start, end))


def _score(sentence: Sentence, query: Query, rank: int, heading: str = "") -> None:
    words = set(tokenize(f"{heading} {sentence.text}"))
    overlap = len(query.words & words) / len(query.words) if query.words else 0.0
    vector = sentence.vector
    cosine = float(vector @ query.vector) if vector is not None else overlap
    relevance = VECTOR_SHARE * cosine + (1 - VECTOR_SHARE) * overlap - RANK_PENALTY * rank
    text = f"{heading}: {sentence.text}" if heading else sentence.text
    shape = answer_shape(query.kind, text, query.focus, bool(heading), query.effect)
    sentence.shape = shape
    sentence.score = relevance + SHAPE_WEIGHT * shape


def _depended_on(
    before: Sequence[Sentence], sentence: Sentence, article: Article, hit: SearchHit
) -> list[Sentence]:
    """The sentences before `sentence` that it (and they, in turn) depend on, in order.

    Past the start of the chunk the article itself is read, so a chunk that opens with
    "Conversely, ..." still brings the sentence it answers.
    """
    chain: list[Sentence] = []
    current = sentence
    previous = list(before)
    while len(chain) < MAX_DEPENDENCY_CHAIN and depends_on_previous(current.text):
        if previous:
            candidate: Sentence | None = previous.pop()
        else:
            candidate = _previous_in_article(article, current.start, hit)
        if candidate is None or candidate.heading:
            break
        chain.insert(0, candidate)
        current = candidate
    return chain


def _previous_in_article(article: Article, start: int, hit: SearchHit) -> Sentence | None:
    """The sentence just before offset `start`, split the way ingestion splits them."""
    spans = split_sentences(article.text, max(0, start - LOOK_BACK_CHARS), start)
    if not spans:
        return None
    begin, end = spans[-1]
    return _sentence(hit.chunk.source_id, hit.chunk.chunk_id, article, begin, end)


def _is_heading(text: str, start: int, end: int) -> bool:
    """A whole line that is a heading (`assistant.text.is_heading`), such as "Toe pressing"."""
    whole_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
    return whole_line and is_heading(text[start:end])


def _unit(members: list[Sentence], scored: list[Sentence]) -> Unit:
    vectors = [s.vector for s in scored if s.vector is not None]
    mean = None
    if vectors:
        stacked = np.mean(np.stack(vectors), axis=0)
        mean = stacked / max(float(np.linalg.norm(stacked)), 1e-12)
    return Unit(members, max(s.score for s in scored), mean)


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _repeats(sentence: Sentence, support: list[Unit]) -> bool:
    """True when `sentence` says again what a support unit says (cosine >= REDUNDANT)."""
    vector = sentence.vector
    if vector is None:
        return False
    return any(u.vector is not None and float(u.vector @ vector) >= REDUNDANT for u in support)


def _likeness(unit: Unit, other: Unit) -> float:
    if unit.vector is None or other.vector is None:
        return 0.0
    return float(unit.vector @ other.vector)


def _mmr(unit: Unit, chosen: list[Unit]) -> float:
    likeness = max((_likeness(unit, other) for other in chosen), default=0.0)
    return MMR_LAMBDA * unit.score - (1 - MMR_LAMBDA) * likeness
