"""Vocabulary variants: a query word the corpus lacks rewritten to the corpus's own form."""

from __future__ import annotations

import pytest

from assistant.retrieval.vocabulary import Vocabulary, word_root

# A made-up corpus (not the seed articles): the rules must work on any articles.
TEXTS = [
    "Knee Care\nWhen the kneecap tracks badly, a condition known as excessive tracking, "
    "the knee aches. Misalignment of the hips adds to it.",
    "Low-heeled shoes and flat feet strain the arch. Supination means the foot rolls out.",
    "Unsupportive footwear and poor posture hurt the spine. Stretching helps.",
    "Place the foot where it feels correct, then move it into position.",
]


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary(TEXTS)


@pytest.mark.parametrize(
    ("word", "variant"),
    [
        ("overtracking", "excessive tracking"),  # prefix + the corpus's own word pair
        ("over-tracking", None),  # rewrite() joins hyphens first (see below)
        ("supinated", "supination"),  # same root, other suffix
        ("supinating", "supination"),
        ("misaligned", "misalignment"),
        ("flatfeet", "flat feet"),  # a closed compound the corpus writes as two words
        ("unsupported", "unsupportive"),
        ("supination", None),  # the corpus has it: nothing to do
        ("kneecaps", None),  # an inflection of a corpus word is known already
        ("scoliosis", None),  # nothing like it in the corpus: left to the gate
        ("gout", None),  # too short to guess at
        ("replacement", None),  # not "place": "re", "pre" and "in" are not stripped
        ("remove", None),
        ("incorrect", None),
        ("reposition", None),
    ],
)
def test_variants_come_from_the_corpus(vocabulary, word, variant):
    if "-" in word:
        assert vocabulary.rewrite(word) == "excessive tracking"
    else:
        assert vocabulary.variant(word) == variant


def test_rewrite_keeps_known_words_and_hyphenated_corpus_words(vocabulary):
    assert (
        vocabulary.rewrite("Is over-tracking worse in low-heeled shoes with flatfeet?")
        == "Is excessive tracking worse in low-heeled shoes with flat feet?"
    )
    assert vocabulary.rewrite("what helps knee pain") == "what helps knee pain"


def test_known_part_drops_only_words_the_corpus_never_uses(vocabulary):
    assert vocabulary.known_part("what is a bone spur on the knee") == "what is a on the knee"
    # "heel" is known from "Low-heeled" (an inflection counts); "pain" is not in this corpus.
    assert vocabulary.known_part("heel pain and the knee") == "heel and the knee"
    assert vocabulary.known_part("does stretching help the knee") is None


def test_word_roots_meet_across_suffixes():
    assert word_root("pronation") == word_root("pronated") == word_root("pronate")
    assert word_root("alignment") == word_root("aligned")
    assert word_root("nation") == "nation"  # a root under four letters is not stripped to


def test_uses_a_word_or_words_side_by_side():
    vocabulary = Vocabulary(["Our opening hours are posted.", "Hours of rest help."])
    assert vocabulary.uses("opening hours") and vocabulary.uses("Hours")
    assert not vocabulary.uses("hours opening")  # the words, but never in that order
    assert not vocabulary.uses("fees") and not vocabulary.uses("")
    with pytest.raises(ValueError):
        vocabulary.uses("our opening hours")  # only pairs are recorded


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("tracking", True),
        ("tracked", True),  # an inflection of a corpus word
        ("aching", True),  # "aches" is in the corpus
        ("stretches", True),
        ("spurs", False),
    ],
)
def test_knows_a_word_in_its_light_stem(vocabulary, word, known):
    assert vocabulary.knows(word) is known


def test_recognises_inflections_the_stemmer_misses():
    vocabulary = Vocabulary(["Sit on the floor, grip it and lie down. The back keeps aching."])
    for word in ("sitting", "gripped", "lying", "ache"):
        assert vocabulary.recognises(word), word
        assert not vocabulary.knows(word), word  # rewriting and scoring keep to knows
    assert not vocabulary.recognises("setting") and not vocabulary.recognises("dying")
    assert not vocabulary.recognises("cane")  # "can" is a stop word, not "cane" without -ing
    # The -e form is met through any of its endings the corpus writes.
    assert Vocabulary(["My feet ached."]).recognises("ache")
    assert Vocabulary(["It aches."]).recognises("ache")


def test_recognises_two_corpus_words_written_as_one():
    vocabulary = Vocabulary(["The back is aching. Flat feet and foot care. Heels hurt."])
    assert vocabulary.recognises("backache")  # "ache" as in "aching"
    assert vocabulary.recognises("flatfoot")
    assert not vocabulary.recognises("toenail")  # "nail" is in no article
    assert not vocabulary.recognises("heelspur")
    assert not vocabulary.recognises("yourfeet")  # a stop word is no part
