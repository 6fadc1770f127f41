"""The shared text helpers: the search tokenizer, the sentence splitter, the heading test."""

from __future__ import annotations

import pytest

from assistant.text import is_heading, light_stem, sentence_pieces, split_sentences, tokenize


@pytest.mark.parametrize(
    ("word", "stem"),
    [("exercises", "exercise"), ("walking", "walk"), ("stretched", "stretch"),
     ("injuries", "injury"), ("boxes", "box"), ("stress", "stress"), ("sinus", "sinus"),
     ("stretches", "stretch"), ("tissues", "tissue"), ("classes", "class")],
)  # fmt: skip
def test_light_stem(word, stem):
    assert light_stem(word) == stem


def test_tokenize_drops_stop_words_and_numbers():
    assert tokenize("What exercises help my back? 10 times") == ["exercise", "help", "back", "time"]


def sentences_of(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Take 2.5 mg daily. Then rest.",
            ["Take 2.5 mg daily.", "Then rest."],
        ),
        (
            "Ask Dr. Lee about it. Some foods, e.g. Brie, are soft.",
            ["Ask Dr. Lee about it.", "Some foods, e.g. Brie, are soft."],
        ),
        (
            "Weight, knees, feet, etc. These factors matter.",
            ["Weight, knees, feet, etc.", "These factors matter."],
        ),
        ("See J. Smith first. Is it sore? Yes!", ["See J. Smith first.", "Is it sore?", "Yes!"]),
        ("Toe pressing\nPress the toes down.", ["Toe pressing", "Press the toes down."]),
        ("Open 9 a.m. to 5 p.m. daily.", ["Open 9 a.m. to 5 p.m. daily."]),
        ('He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
        ("Symptoms: - Fever. - Night sweats.", ["Symptoms: - Fever.", "- Night sweats."]),
        ("See No. 5 and Fig. 2 below.", ["See No. 5 and Fig. 2 below."]),
    ],
)
def test_sentence_splitter(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_sentence_spans_are_absolute_and_trimmed() -> None:
    text = "Intro line.\n  First one.  Second one.  \n"
    spans = split_sentences(text, 12, len(text))
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one."]


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Toe pressing", True),
        ("Foot Exercise for Back Pain Relief", True),
        ("## Ankle circles", True),
        ("Stand straight on the floor.", False),
        ("Check with your doctor if you have any of the following:", False),
        ("- Fever or night sweats", False),
        ("word " * 20, False),
    ],
)
def test_is_heading(line: str, heading: bool) -> None:
    assert is_heading(line) is heading


def test_sentence_pieces_join_back_to_the_line() -> None:
    line = "One sentence.  Two here!   Three? end"
    pieces = sentence_pieces(line)
    assert "".join(pieces) == line
    assert [piece.strip() for piece in pieces] == ["One sentence.", "Two here!", "Three? end"]


def test_cjk_full_stops_and_a_url_before_a_capital_end_sentences() -> None:
    assert [p.strip() for p in sentence_pieces("足のケア。背中の痛み。")] == [
        "足のケア。",
        "背中の痛み。",
    ]
    text = "More at https://spam.example Then the article goes on."
    assert [p.strip() for p in sentence_pieces(text)] == [
        "More at https://spam.example",
        "Then the article goes on.",
    ]
