"""Long messages: the subject line and the sentence that asks, found by text rules."""

from __future__ import annotations

from assistant.retrieval.long_message import is_long, split_message

NURSE = (
    "Subject: sore back after shifts\n"
    "I work as a nurse and stand on hard hospital floors for twelve hour shifts, and by the "
    "end of the week my lower back is killing me. My coworker said my feet might have "
    "something to do with it. Is that true?"
)
TEACHER = (
    "Heels and my back\n"
    "I'm a teacher and I wear heels most days because of the dress code at my school. Over "
    "the last few months I've noticed a dull ache in my lower back by the afternoon. Could "
    "my shoes be causing this? My sister thinks it is the mattress though."
)


def test_a_short_question_is_not_long():
    assert not is_long("Can high heels cause lower back pain?")
    assert is_long(NURSE) and is_long(TEACHER)


def test_subject_line_and_a_short_question_with_the_sentence_it_leans_on():
    parts = split_message(NURSE)
    assert parts.subject == "sore back after shifts"
    # "Is that true?" alone means nothing: the sentence before it comes along.
    assert parts.question == (
        "My coworker said my feet might have something to do with it. Is that true?"
    )
    assert parts.sentences[0].startswith("I work as a nurse")


def test_the_last_asking_sentence_even_when_background_follows_it():
    parts = split_message(TEACHER)
    assert parts.subject == "Heels and my back"
    # "Could my shoes be causing this?" leans on the sentence before it, which comes along.
    assert parts.question == (
        "Over the last few months I've noticed a dull ache in my lower back by the afternoon. "
        "Could my shoes be causing this?"
    )


def test_without_a_question_mark_the_last_sentence_that_asks_or_else_the_last():
    asks = split_message("My arches ache every evening. Tell me which exercises might help.")
    assert asks.question == "My arches ache every evening. Tell me which exercises might help."
    plain = split_message(
        "My back hurts. I stand all day. I want to know what helps tired feet after long shifts"
    )
    assert plain.question == "I want to know what helps tired feet after long shifts"
