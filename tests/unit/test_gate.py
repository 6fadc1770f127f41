"""The relevance gate: the score it reads and the pass/fail it decides."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.gate import (
    COVERAGE_WEIGHT,
    DEFINITION_MARGIN,
    PROCEDURE_MARGIN,
    covers_asked_term,
    defines_asked_term,
    explains_asked_procedure,
    passes,
    relevance_score,
)
from assistant.retrieval.hybrid import Retrieval
from assistant.types import AskedTerm, Chunk, SearchHit


def test_gate_reads_the_best_dense_cosine():
    chunk = Chunk(chunk_id="c", source_id="s", title="t", section="", text="x", start=0, end=1)
    retrieval = Retrieval(
        query="q",
        vector=np.zeros(2),
        hits=[SearchHit(chunk=chunk, score=0.9)],  # fused scores are not cosines: ignored
        dense=[SearchHit(chunk=chunk, score=0.42), SearchHit(chunk=chunk, score=0.3)],
        bm25_best=0.0,
    )
    assert relevance_score(retrieval) == pytest.approx(0.42)
    assert passes(retrieval, 0.42) and not passes(retrieval, 0.43)
    empty = Retrieval(query="q", vector=np.zeros(2), hits=[], dense=[], bm25_best=0.0)
    assert not passes(empty, -0.5)


def test_words_found_in_the_corpus_add_a_bounded_bonus():
    chunk = Chunk(chunk_id="c", source_id="s", title="t", section="", text="x", start=0, end=1)
    hits = [SearchHit(chunk=chunk, score=0.3)]
    covered = Retrieval("q", np.zeros(2), hits, hits, 0.0, coverage=1.0)
    unknown = Retrieval("q", np.zeros(2), hits, hits, 0.0, coverage=0.0)
    assert relevance_score(covered) == pytest.approx(0.3 + COVERAGE_WEIGHT)
    assert relevance_score(unknown) == pytest.approx(0.3)
    assert 0 < COVERAGE_WEIGHT < 0.5  # a bonus, never enough on its own to pass a gate near 0.4


def test_one_well_matching_sentence_counts_more_than_its_diluted_chunk():
    from dataclasses import dataclass

    @dataclass
    class Spans:
        spans: list[tuple[int, int]]
        vectors: np.ndarray

    chunk = Chunk(chunk_id="c", source_id="s", title="t", section="", text="x", start=0, end=1)
    hits = [SearchHit(chunk=chunk, score=0.3)]
    query = np.array([1.0, 0.0], dtype=np.float32)
    retrieval = Retrieval("q", query, hits, hits, 0.0, coverage=0.0)
    sentences = {"c": Spans([(0, 1), (1, 2)], np.array([[0.0, 1.0], [0.8, 0.6]], np.float32))}
    assert relevance_score(retrieval, sentences) == pytest.approx(0.8)
    assert relevance_score(retrieval, {}) == pytest.approx(0.3)  # no sentences: the chunk's
    assert passes(retrieval, 0.5, sentences) and not passes(retrieval, 0.5)


def test_meaning_on_words_the_corpus_never_uses_lowers_the_score():
    chunk = Chunk(chunk_id="c", source_id="s", title="t", section="", text="x", start=0, end=1)
    hits = [SearchHit(chunk=chunk, score=0.5)]
    # "what is a heel spur" against articles about heels: half covered, the topic unknown.
    near_miss = Retrieval("q", np.zeros(2), hits, hits, 0.0, coverage=0.5, unknown=0.3)
    in_scope = Retrieval("q", np.zeros(2), hits, hits, 0.0, coverage=0.5, unknown=0.0)
    assert relevance_score(near_miss) == pytest.approx(relevance_score(in_scope) - 0.3 * 0.15)
    assert relevance_score(near_miss) < relevance_score(in_scope)


DEFINING = (
    "Some feet roll inward, a condition known as excessive pronation. "
    "Back pain is a common problem, with causes including sciatica, plantar fasciitis or others. "
    "This compromises spinal health and allows for customized strategies."
)


def _retrieval(query: str, text: str = DEFINING, score: float = 0.2) -> Retrieval:
    chunk = Chunk(chunk_id="c", source_id="s", title="t", section="", text=text, start=0, end=1)
    hits = [SearchHit(chunk=chunk, score=score)]
    return Retrieval(query, np.zeros(2), hits, hits, 0.0)


@pytest.mark.parametrize(
    "query",
    ["what is pronation?", "What does excessive pronation mean", "whats pronation? my physio said"],
)
def test_a_term_the_articles_define_passes_a_little_under_the_threshold(query):
    retrieval = _retrieval(query)  # scores 0.2
    assert defines_asked_term(retrieval)
    assert passes(retrieval, 0.2 + DEFINITION_MARGIN - 0.01)
    assert not passes(retrieval, 0.2 + DEFINITION_MARGIN + 0.01)  # far under: still refused


@pytest.mark.parametrize(
    "query",
    [
        "my podiatrist says i have excessive pronation. what does that mean in plain words",
        "Hello. Please what is meaning of word pronation?",  # "word", "please" ask, name nothing
    ],
)
def test_a_defined_term_named_before_what_does_that_mean_passes(query):
    assert defines_asked_term(_retrieval(query))


def test_what_does_that_mean_after_a_term_the_articles_do_not_define_is_left_to_the_score():
    assert not defines_asked_term(_retrieval("my friend has heel spurs. what does that mean?"))
    assert not defines_asked_term(_retrieval("i walk a lot. what does that mean?"))
    # A defined word earlier in the message is not what "that" points to.
    excessive = "my dad has excessive thirst and numb feet. what does that mean?"
    assert not defines_asked_term(_retrieval(excessive))


@pytest.mark.parametrize(
    "query",
    [
        "what is it, excessive pronation?",  # named after the pointing word
        "My podiatrist says I have excessive pronation. What’s that mean?",  # a phone's apostrophe
    ],
)
def test_a_defined_term_next_to_what_is_it_passes(query):
    assert defines_asked_term(_retrieval(query))


def test_the_difference_between_two_terms_needs_both_defined():
    both = DEFINING + " Other feet roll outward, called underpronation."
    asked = "whats the difference between pronation and underpronation"
    assert defines_asked_term(_retrieval(asked, both))
    assert not defines_asked_term(_retrieval(asked))  # underpronation is not defined here
    assert not defines_asked_term(
        _retrieval("what is the difference between pronation and sciatica")
    )


@pytest.mark.parametrize(
    "query",
    [
        "what is sciatica?",  # only in a list, although that sentence has "is a"
        "what is health?",  # named, but not where the sentence defines something
        "what does allow mean?",
        "what is a heel spur?",  # "spur" is in no sentence
        "why does pronation hurt?",  # not asking what the term means
        "what is the capital of France?",
    ],
)
def test_terms_the_articles_do_not_define_are_left_to_the_score(query):
    assert not defines_asked_term(_retrieval(query))
    assert not passes(_retrieval(query), 0.25)


EXERCISE = "Ankle circles: lie on the floor. Now rotate the ankle for 15 seconds."


def test_how_long_until_an_outcome_needs_a_sentence_that_says():
    asked = "how long does a sprained ankle take to heal?"
    # Scores well above the threshold, but the only time given is an exercise's.
    assert not passes(_retrieval(asked, EXERCISE, score=0.9), 0.45, until_outcome=True)
    says = EXERCISE + " A mild sprain usually heals within a week or two."
    assert passes(_retrieval(asked, says, score=0.9), 0.45, until_outcome=True)
    # Not asked how long until an outcome: the exercise's time is left to the score.
    assert passes(_retrieval("how long do I rotate the ankle?", EXERCISE, score=0.9), 0.45)


PROCEDURE = (
    "Knee care helps runners.\n"
    "Wall slide\n"
    "Stand with your back to the wall. Hold a cushion between the knees and slide down."
)


@pytest.mark.parametrize(
    "query",
    [
        "how do I do the wall slide with a cushion?",
        "How is the slide with the cushion done?",  # its words are in the steps
    ],
)
def test_how_to_do_a_procedure_the_articles_give_passes_a_little_under_the_threshold(query):
    retrieval = _retrieval(query, PROCEDURE)  # scores 0.2
    assert explains_asked_procedure(retrieval)
    assert passes(retrieval, 0.2 + PROCEDURE_MARGIN - 0.01)
    assert not passes(retrieval, 0.2 + PROCEDURE_MARGIN + 0.01)


@pytest.mark.parametrize(
    "query",
    [
        "how do I do a plank?",  # no procedure has "plank"
        "how do I do the wall slide with a ball?",  # "ball" is in no step
        "does the wall slide help with a cushion?",  # not asking how to do it
        "how do I care for my knees?",  # the words are only in a line above the heading
    ],
)
def test_a_procedure_without_the_asked_words_is_left_to_the_score(query):
    assert not explains_asked_procedure(_retrieval(query, PROCEDURE))


LISTING = (
    "Back pain may begin with a condition, including sciatica, plantar fasciitis, or others. "
    "The spine may be placed by many factors: excess weight, knee location, feet, etc. "
    "Flat feet roll inward and strain the lower back."
)


def _asked(words: str, unknown: bool = False) -> AskedTerm:
    return AskedTerm(words=frozenset(words.split()), unknown=unknown)


def test_a_thing_the_articles_only_list_or_never_name_is_not_covered():
    retrieval = _retrieval("q", text=LISTING, score=0.9)  # scores far above any threshold
    assert passes(retrieval, 0.5)
    for asked in (_asked("sciatica"), _asked("plantar fasciitis"), _asked("spur heel", True)):
        assert not covers_asked_term(retrieval, asked)
        assert not passes(retrieval, 0.5, asked=asked)


def test_a_thing_the_articles_discuss_is_covered():
    retrieval = _retrieval("q", text=LISTING, score=0.9)
    assert covers_asked_term(retrieval, _asked("flat feet"))
    assert not covers_asked_term(retrieval, _asked("excess weight"))  # only in the list
    # Words in no one sentence may be spread over a passage: left to the score.
    assert covers_asked_term(retrieval, _asked("flat weight"))
    assert passes(retrieval, 0.5, asked=_asked("flat weight"))
