"""The relevance gate: does the clinic's corpus cover this question at all?

The gate reads one number per question, `relevance_score`: the best cosine between the question
and any sentence of the best-matching chunks (sentence vectors stored at ingest; a long chunk's
own vector dilutes a one-sentence match), plus a small bonus for the share of the question's
words that occur in the corpus at all (so "What is underpronation?" counts as covered when an
article defines the word, and words that appear nowhere - "casino", "lanthanum" - add nothing),
minus a small penalty for how much of the question's meaning rests on words the corpus never
uses ("what is a heel spur" against articles that mention heels but never spurs).
It compares that with `settings.relevance_threshold`. Two more routes in: a question that asks
what a term means passes a little under the threshold when a top chunk has a sentence that
defines every word of that term ("what is pronation?" and "... a condition known as excessive
pronation"); so does a question about how to do something when a top chunk's procedure (a
heading and its steps) has all its words ("how is the stretch with the towel done?" and "Upward
stretching / ... Wrap the feet with a towel ..."). And two ways out, whatever the score: a
question about one named thing (what it is, what causes it, how to treat or prevent it, how long
it lasts, which of two, which kind or which one is best, its symptoms or risks, how to stretch
it) that the articles never name, or only name in a list ("what causes sciatica?" against
"including sciatica, plantar fasciitis, ..."), is refused (`asked_thing`, `covers_asked_term`);
so is a question about how long until an outcome ("how long does a sprain take to heal?") when
no top sentence says how long something takes (`question.states_time_to_outcome`: "within a week
or two"): "rotate the ankle for 15 seconds" times an exercise, not a recovery. The threshold is
not a guess: `evals.calibration` picks it from questions labelled in-scope / out-of-scope for a
corpus (`make calibrate-gate QUESTIONS=FILE`; docs/design.md for the method and the shipped
figures).
This module only scores and decides; it never calibrates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

from assistant.compose.asked import asked_term, discusses
from assistant.compose.question import (
    ASKING_WORDS,
    HOWTO_WORDS,
    defines,
    focus_terms,
    question_type,
    states_time_to_outcome,
)
from assistant.retrieval.hybrid import HybridRetriever, Retrieval
from assistant.retrieval.vocabulary import WORD
from assistant.text import is_heading, split_sentences, tokenize
from assistant.types import AskedTerm, Chunk, SentenceSpans

# Weights of word coverage and of the meaning carried by words the corpus never uses, next to
# the cosine; chosen by measurement (docs/answers.md, "Relevance gate"): a near miss such as
# "what is a heel spur" shares the articles' words ("heel") but its topic is a word they lack.
COVERAGE_WEIGHT = 0.15
UNKNOWN_WEIGHT = 0.15


_AFTER_QUESTION_MARK = re.compile(r"(?<=\?)\s+")
# How far under the threshold a question that the articles define may score and still pass:
# "what is pronation?" scores 0.38 and the follow-up "and the opposite? what is excessive
# pronation" 0.35 against 0.455. A bound, not the test: `defines_asked_term` is.
DEFINITION_MARGIN = 0.2

# How far under the threshold a question about how to do something may score and still pass
# when a top chunk's procedure (a heading and its steps) has all its words: "how is the stretch
# with the towel done?" scores 0.44 against 0.455. A bound, not the test:
# `explains_asked_procedure` is.
PROCEDURE_MARGIN = 0.1

_BACK_REFERENCE = re.compile(
    r"\bwhat(?:\s+(?:does|do|is)|['’]s|s)\s+(?:that|this|it)\b", re.IGNORECASE
)
_DIFFERENCE = re.compile(r"\bdifference between (.+?) and (.+?)\W*$", re.IGNORECASE)

# How many of the best dense chunks have their sentences compared with the question.
GATE_DEPTH = 5


def gate_chunk_ids(retrieval: Retrieval) -> list[str]:
    """The chunks whose sentence vectors `relevance_score` needs."""
    return [hit.chunk.chunk_id for hit in retrieval.dense[:GATE_DEPTH]]


def relevance_score(
    retrieval: Retrieval, sentences: Mapping[str, SentenceSpans] | None = None
) -> float:
    """How well the corpus covers the query: the best cosine of a chunk or of a sentence of the
    top GATE_DEPTH chunks (from `sentences`), + a weight x word coverage, - a weight x the share
    of the query's meaning that rests on words the corpus never uses (`Retrieval.unknown`).

    -1 when nothing was retrieved (an empty index).
    """
    if not retrieval.dense:
        return -1.0
    best = max(hit.score for hit in retrieval.dense)
    for chunk_id in gate_chunk_ids(retrieval):
        spans = (sentences or {}).get(chunk_id)
        if spans is not None and len(spans.vectors):
            best = max(best, float(np.max(spans.vectors @ retrieval.vector)))
    return best + COVERAGE_WEIGHT * retrieval.coverage - UNKNOWN_WEIGHT * retrieval.unknown


def passes(
    retrieval: Retrieval,
    threshold: float,
    sentences: Mapping[str, SentenceSpans] | None = None,
    asked: AskedTerm | None = None,
    until_outcome: bool = False,
) -> bool:
    """True when the question is in scope. Never when it asks about one named thing, `asked`,
    that the articles do not discuss (`covers_asked_term`), or asks how long until an outcome
    (`until_outcome`: `question.asks_time_to_outcome` of the patient's asking words) and no
    top sentence says how long something takes (`states_time_to_outcome`), whatever the
    score. Otherwise when
    its relevance score reaches the threshold, or it asks what a term means, a top chunk
    defines that term (`defines_asked_term`) and its score is at most DEFINITION_MARGIN under
    the threshold."""
    if asked is not None and not covers_asked_term(retrieval, asked):
        return False
    if until_outcome and not any(map(states_time_to_outcome, _top_sentences(retrieval))):
        return False
    score = relevance_score(retrieval, sentences)
    if score >= threshold:
        return True
    if score >= threshold - PROCEDURE_MARGIN and explains_asked_procedure(retrieval):
        return True
    return score >= threshold - DEFINITION_MARGIN and defines_asked_term(retrieval)


def defines_asked_term(retrieval: Retrieval) -> bool:
    """True when the query asks what a term means ("what is pronation?") and a sentence of the
    top GATE_DEPTH chunks or the hits defines it (`question.defines`: the term's words right
    after "known as" / "called", or right before "is a" / "means"). "What's the difference
    between A and B?" needs both defined.

    A short "what is X?" carries little beyond X, so its cosine to a long defining sentence
    is low even when the articles define X; a term they never define ("what is a heel spur?",
    or one only named in a list) is not rescued.
    """
    # Typed questions often run on in lower case ("what is X? my physio said ..."): each
    # question mark ends a piece too.
    pieces = [
        piece
        for start, end in split_sentences(retrieval.query)
        for piece in _AFTER_QUESTION_MARK.split(retrieval.query[start:end])
    ]
    index = next((i for i, p in enumerate(pieces) if question_type(p) == "definition"), None)
    if index is None:
        return False
    piece = pieces[index]
    defining = _top_sentences(retrieval)
    back = _BACK_REFERENCE.search(piece)
    if back is not None:
        # "my podiatrist says i overpronate. what does that mean?": the term named just before
        # it (the last one to three words) is what "that" means; "what is it, underpronation?"
        # names it after.
        before = " ".join([*pieces[:index], piece[: back.start()]])
        words = [w for w in tokenize(before) if w not in ASKING_WORDS]
        named = [set(words[-n:]) for n in (1, 2, 3) if len(words) >= n]
        after = focus_terms(piece[back.end() :])
        if after:
            named.append(after)
        return any(defines(sentence, term) for term in named for sentence in defining)
    # "What's the difference between A and B?" asks what each of them is.
    pair = _DIFFERENCE.search(piece)
    terms = [focus_terms(part) for part in pair.groups()] if pair else [focus_terms(piece)]
    return all(any(defines(sentence, term) for sentence in defining) for term in terms)


def explains_asked_procedure(retrieval: Retrieval) -> bool:
    """True when the query asks how to do something ("how is the stretch with the towel
    done?") and a procedure of the top GATE_DEPTH chunks or the hits - a heading line and the
    lines under it, "Upward stretching" / "... Wrap the feet with a towel ..." - has every
    content word of the question (`question.focus_terms`)."""
    if question_type(retrieval.query) != "howto":
        return False
    words = focus_terms(retrieval.query) - HOWTO_WORDS
    if not words:
        return False
    return any(words <= set(tokenize(block)) for block in _top_procedures(retrieval))


def _top_procedures(retrieval: Retrieval) -> list[str]:
    """The procedures of the chunks the gate reads: each heading line with the lines under it
    up to the next heading; a heading with no line under it is none."""
    blocks: list[list[str]] = []
    for chunk in _top_chunks(retrieval):
        block: list[str] | None = None
        for line in chunk.text.splitlines():
            if is_heading(line):
                block = [line]
                blocks.append(block)
            elif block is not None and line.strip():
                block.append(line)
    return ["\n".join(block) for block in blocks if len(block) > 1]


def asked_thing(question: str, retriever: HybridRetriever) -> AskedTerm | None:
    """The one thing `question` asks about (`asked.asked_term`: "what causes heel spurs?"),
    in the corpus's own words (`HybridRetriever.normalise`); None when it asks about no one
    thing.

    The head of the phrase names the thing: "a heel spur" is a spur, and "sore feet" are feet,
    whatever the articles call their soreness. It is unknown when the corpus has it in no
    form (`Vocabulary.recognises`); an activity ("hurting", "cupping") never is: articles
    name activities by their verbs.
    """
    written = asked_term(question)
    if written is None:
        return None
    words = tokenize(retriever.normalise(written.term))
    if not words:
        return None
    head = WORD.findall(retriever.normalise(written.head))
    unknown = (
        bool(head)
        and not head[-1].lower().endswith("ing")
        and not retriever.vocabulary.recognises(head[-1])
    )
    return AskedTerm(words=frozenset(words), unknown=unknown)


def covers_asked_term(retrieval: Retrieval, asked: AskedTerm) -> bool:
    """False when the articles cannot say what the asked thing is, causes or how to treat it:
    its head word appears nowhere in the corpus ("what is a heel spur?"), or every sentence of
    the top chunks with all its words only lists it (`asked.discusses`: "including sciatica,
    plantar fasciitis, ..."). True otherwise, also when no one sentence has all its words:
    they may be spread over a passage that explains it."""
    if asked.unknown:
        return False
    term = set(asked.words)
    mentions = [s for s in _top_sentences(retrieval) if term <= set(tokenize(s))]
    return not mentions or any(discusses(sentence, term) for sentence in mentions)


def _top_chunks(retrieval: Retrieval) -> list[Chunk]:
    """The chunks the gate reads: the top GATE_DEPTH dense chunks, then the hits, each once."""
    chunks = {
        hit.chunk.chunk_id: hit.chunk for hit in [*retrieval.dense[:GATE_DEPTH], *retrieval.hits]
    }
    return list(chunks.values())


def _top_sentences(retrieval: Retrieval) -> list[str]:
    """The sentences of `_top_chunks`."""
    return [
        chunk.text[start:end]
        for chunk in _top_chunks(retrieval)
        for start, end in split_sentences(chunk.text)
    ]
