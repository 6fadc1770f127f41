"""Whole thoughts: which sentences must be quoted with the sentence before them."""

from __future__ import annotations

import pytest

from assistant.compose.dependency import depends_on_previous


@pytest.mark.parametrize(
    "sentence",
    [
        "This disrupts the natural curve of your lower spine.",
        "It lowers the heart rate within minutes.",
        "Conversely, if your feet roll outward, the knees take the strain.",
        "However, rest alone does not fix it.",
        "Both deviations can cause pain.",
        "For example, high heels tilt the pelvis forward.",
        # A subject named but nothing said about it: only the sentence before explains it.
        "The kinetic chain is known.",
        "This is called tendinitis.",
        # An instruction whose object is the step before.
        "Keep this position for three seconds and repeat for every foot 10 times.",
        "Hold it for ten seconds, then relax.",
    ],
)
def test_sentences_that_lean_on_the_one_before(sentence):
    assert depends_on_previous(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "When your arches collapse, your knees rotate inward and strain the lower back.",
        "Toe walking makes the tendons of the feet stronger.",
        "The spine holds the body, but it does not operate alone.",
        "What are the symptoms?",
        "Shoes:",
        "Thistle tea is not a proven treatment for back pain.",  # "This" inside a word
        "Hold the pencil for a few seconds, release, take a break and repeat.",
    ],
)
def test_sentences_that_stand_alone(sentence):
    assert not depends_on_previous(sentence)
