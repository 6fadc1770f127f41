"""Questions about the clinic as a business (prices, hours, bookings, brands) against health
questions that share their words."""

from __future__ import annotations

import json

import pytest

from assistant.retrieval.vocabulary import Vocabulary
from assistant.safety.service import SERVICE_WORDS, asks_about_service
from evals.medquad import load_pairs
from evals.paths import SERVICE_QUESTIONS
from tests.support import MEDQUAD


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("How much do custom orthotics cost?", "cost"),
        ("whats the price of orthotics??", "cost"),
        ("Does my insurance cover physio?", "cost"),
        ("Do you take Medicare?", "cost"),
        ("how much do you charge for a walking assessment", "cost"),
        ("How expensive are orthotics?", "cost"),
        ("how much is a consultation?", "cost"),
        ("what do you charge for insoles", "cost"),
        ("what are your opening hours", "visit"),
        ("What are your hours?", "visit"),
        ("Is the clinic open on Saturdays?", "visit"),
        ("when do you open?", "visit"),
        ("what time does the office close", "visit"),
        ("Where is your clinic?", "visit"),
        ("Where are you located?", "visit"),
        ("What is your address?", "visit"),
        ("can I book an appointment for next week", "booking"),
        ("How do I book?", "booking"),
        ("Which running shoe brand is best for flat feet?", "product"),
        ("where can i buy good insoles", "product"),
        ("Do you sell orthotics?", "product"),
        ("can I order insoles online?", "product"),
        ("can i pay by card", "cost"),
        ("do you take BUPA insurance", "cost"),
        ("Is the initial assessment free?", "cost"),
        ("do u guys do home visits?", "visit"),
        ("whats your address", "visit"),
        ("I need to reschedule my appointment on Friday, how do I do that?", "booking"),
        ("can I move my appt from 3pm to 5pm today?", "booking"),
        ("How far in advance do I need to book with you?", "booking"),
        ("Do you bill my insurer directly or do I pay first and claim?", "cost"),
        ("I missed my appointment this morning by accident, will I be charged?", "cost"),
        ("Are you taking new patients at the moment?", "booking"),
        ("Is the clinic on the ground floor? My mum can't do stairs.", "visit"),
        ("Are you closed on public holidays?", "visit"),
        ("How do I contact the clinic?", "visit"),
        ("What are your rates?", "cost"),
        ("Are orthotics expensive?", "cost"),
        ("orthotics cost?", "cost"),
        ("Do you have any appointments on Friday?", "booking"),
    ],
)
def test_service_questions_name_their_topic(question, topic):
    assert asks_about_service(question) == topic


@pytest.mark.parametrize(
    "question",
    [
        "how many hours a day should I wear insoles?",
        "is cheap footwear bad for my back?",
        "how much should I walk each day?",
        "How much time should I spend on each exercise?",
        "how much do I have to spend walking each day?",
        "Where is the best place to practice these exercises?",
        "is it open chain or closed chain exercise?",
        "Is it open toed shoes that cause pain?",
        "Are you open to me doing these while pregnant?",
        "should I make an appointment with my doctor?",
        "can I get an appointment with a podiatrist for this?",
        "Should I cancel my appointment if my back feels better?",
        "Is it worth the cost to get orthotics or will exercises work?",
        "my insurance won't pay for orthotics, what exercises can I do instead?",
        "i sit for long office hours, will that hurt my back?",
        "when should I see a doctor about my back?",
        "where is the pain coming from?",
        "can flat feet cause back pain?",
        "does it open up the arch if I stretch?",
        "do brand new shoes need breaking in or should they be comfy straight away",
        "i paid the price for running without training, how long to recover?",
        "what's the price of ignoring flat feet, can it get worse?",
        "what does it cost my back to sleep on my stomach?",
        "is there a good book about back pain exercises?",
        "Is back pain just the price you pay for getting older, or can it be fixed?",
        "are zero drop shoes a good idea, or will it cost me an achilles injury?",
        "some people claim their back pain went away with insoles, is that true?",
        "my insurer won't cover orthotics, what else helps?",
        "I have pain near the center of my lower back",
        "Where are you supposed to feel the toe stretch?",
        "Is the treatment free of side effects?",
        "What is the cost of ignoring flat feet?",
        "How much attention should I pay to my posture?",
        "How much is the treatment likely to help?",
        "My insurance covers only six sessions, what exercises can I do at home?",
        "Is a morning session better than an evening session?",
        "Should I discount mild back pain?",
        "Will I pay with back pain later?",
        "at what cost to my knees is running on concrete?",
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
    assert asks_about_service("My back hurts a lot. Is it covered by my plan?") == "cost"


@pytest.mark.skipif(not MEDQUAD.exists(), reason="needs ../shared/datasets/medquad")
def test_real_health_questions_are_almost_never_service_questions():
    # 16,407 questions from NIH sites, none about the business of a clinic (0 fire today).
    questions = [pair.question for pair in load_pairs(MEDQUAD)]
    fired = [q for q in questions if asks_about_service(q) is not None]
    assert len(questions) > 16_000
    assert len(fired) <= len(questions) // 1000, fired[:10]


def test_the_two_written_batches_are_told_apart():
    # 520 questions by two authors who never saw the rules (evals/datasets/README.md); the
    # rules were then fitted to them, so this guards against regressions, it is no measure.
    rows = [json.loads(line) for line in SERVICE_QUESTIONS.read_text(encoding="utf-8").splitlines()]
    business = [r["question"] for r in rows if r["label"] == "business"]
    health = [r["question"] for r in rows if r["label"] == "health"]
    assert len(business) == 120 and len(health) == 400
    caught = sum(asks_about_service(q) is not None for q in business)
    wrongly = [q for q in health if asks_about_service(q) is not None]
    assert caught >= 0.95 * len(business)
    assert not wrongly


def test_every_topic_word_can_be_looked_up_and_a_page_on_fees_turns_cost_off():
    vocabulary = Vocabulary(["Nothing about the business of a clinic."])
    assert not any(vocabulary.uses(word) for words in SERVICE_WORDS.values() for word in words)
    fees_page = Vocabulary(["Our fees: an assessment is 60 dollars."])
    assert any(fees_page.uses(word) for word in SERVICE_WORDS["cost"])
    assert not any(fees_page.uses(word) for word in SERVICE_WORDS["visit"])
