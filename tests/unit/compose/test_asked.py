"""The one thing a question asks about, and whether a sentence discusses it or only lists it."""

from __future__ import annotations

import pytest

from assistant.compose.asked import asked_term, discusses


@pytest.mark.parametrize(
    ("question", "term", "as_cause"),
    [
        ("what is a heel spur", "heel spur", False),
        ("What does overpronation mean?", "overpronation", False),
        ("whats the pencil exercise", "pencil", False),  # the kind of thing is not the thing
        ("What causes heel spurs?", "heel spurs", False),
        ("How should I treat a sprained ankle?", "sprained ankle", False),
        ("how do I get rid of a plantar wart on my sole", "plantar wart", False),
        ("how long does a sprained ankle take to heal", "sprained ankle", False),
        ("What is sciatica and why does it go down my leg?", "sciatica", False),
        ("can kidney stones cause back pain", "kidney stones", True),
        ("How does diabetes affect the feet?", "diabetes", True),
    ],
)
def test_the_one_thing_a_question_asks_about(question, term, as_cause):
    assert asked_term(question) == (term, as_cause)


@pytest.mark.parametrize(
    "question",
    [
        "what causes it?",  # a pronoun: the follow-up's history says what
        "what is that called?",
        "what are the stages of degenerative disc disease?",  # asks about stages of something
        "which treatments can a pain center offer for low back pain",  # "treatments", a noun
        "why do my feet hurt after standing all day",
        "how do I do the towel stretch",
        "what is the best thing to do for a very long list of many different sore body parts",
    ],
)
def test_questions_about_no_one_named_thing(question):
    assert asked_term(question) is None


LISTING = (
    "Low back pain may begin with a condition, including sciatica, plantar fasciitis, "
    "degenerative disk conditions, or a number of others, but feet can contribute."
)


@pytest.mark.parametrize(
    ("sentence", "term", "expected"),
    [
        (LISTING, {"sciatica"}, False),  # one item of a list after "including"
        (LISTING, {"plantar", "fasciitis"}, False),
        ("The spine may be placed by many factors: excess weight, knee location, feet, etc.",
         {"excess", "weight"}, False),
        ("Signs include fever, headache, and stiff neck.", {"headache"}, False),
        # Commas between clauses are not a list.
        ("When your feet are wrongly aligned, your knees, and hips can move into misalignment, "
         "which leads to a poor posture.", {"poor", "posture"}, True),
        # Named in a list, but defined there.
        ("Conversely, if your feet outwardly rotate, called underpronation, it can lead to "
         "stiffness.", {"underpronation"}, True),
        ("Sciatica is pain that travels down the leg, and it often starts in the back.",
         {"sciatica"}, True),
        ("Heels tilt the pelvis forward.", {"heel", "spur"}, False),  # not every word
    ],
)  # fmt: skip
def test_a_sentence_discusses_a_term_or_only_names_it(sentence, term, expected):
    assert discusses(sentence, term) is expected
