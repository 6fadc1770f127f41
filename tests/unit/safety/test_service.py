"""Questions about the clinic as a business (prices, hours, bookings, brands) against health
questions that share their words."""

from __future__ import annotations

import pytest

from assistant.safety.service import asks_about_service


@pytest.mark.parametrize(
    ("question", "topic", "word"),
    [
        ("How much do custom orthotics cost?", "cost", "cost"),
        ("whats the price of orthotics??", "cost", "price"),
        ("Does my insurance cover physio?", "cost", "insurance"),
        ("Do you take Medicare?", "cost", "medicare"),
        ("how much do you charge for a walking assessment", "cost", "charge"),
        ("what are your opening hours", "hours", "opening hours"),
        ("Is the clinic open on Saturdays?", "hours", "open"),
        ("what time does the office close", "hours", "close"),
        ("Where is your clinic?", "hours", "clinic"),
        ("can I book an appointment for next week", "booking", "appointment"),
        ("Which running shoe brand is best for flat feet?", "product", "brand"),
        ("where can i buy good insoles", "product", "buy"),
        ("can I order insoles online?", "product", "order"),
    ],
)
def test_service_questions_name_their_topic_and_the_word_that_asked(question, topic, word):
    assert asks_about_service(question) == (topic, word)


@pytest.mark.parametrize(
    "question",
    [
        "how many hours a day should I wear insoles?",
        "is cheap footwear bad for my back?",
        "how much should I walk each day?",
        "when should I see a doctor about my back?",
        "where is the pain coming from?",
        "can flat feet cause back pain?",
        "how long do I hold the toe press for?",
        "does it open up the arch if I stretch?",
        "what does an assessment show?",
    ],
)
def test_health_questions_are_not_service_questions(question):
    assert asks_about_service(question) is None


def test_only_the_sentences_that_ask_are_read():
    background = (
        "His doctor talked about a new drug but insurance is giving us trouble. "
        "What are the treatments for his condition?"
    )
    assert asks_about_service(background) is None
    assert asks_about_service("My back hurts a lot. Is it covered by my plan?") == (
        "cost",
        "covered",
    )
