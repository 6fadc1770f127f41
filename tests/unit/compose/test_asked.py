"""The one thing a question asks about, and whether a sentence discusses it or only lists it."""

from __future__ import annotations

import pytest

from assistant.compose.asked import asked_term, discusses


@pytest.mark.parametrize(
    ("question", "term", "head", "relation"),
    [
        ("what is a heel spur", "heel spur", "spur", False),
        ("What does overpronation mean?", "overpronation", "overpronation", False),
        # The kind of thing is not the thing, but still the phrase's head.
        ("whats the pencil exercise", "pencil", "exercise", False),
        ("What causes heel spurs?", "heel spurs", "spurs", False),
        ("How should I treat a sprained ankle?", "sprained ankle", "ankle", False),
        ("how do I get rid of a plantar wart on my sole", "plantar wart", "wart", False),
        ("how can I prevent shin splints when running", "shin splints", "splints", False),
        ("what exercises help sciatica", "sciatica", "sciatica", False),
        ("how long does a sprained ankle take to heal", "sprained ankle", "ankle", False),
        ("What is sciatica and why does it go down my leg?", "sciatica", "sciatica", False),
        ("excercises to help lower bak pain pls", "lower bak pain", "pain", False),
        ("can kidney stones cause back pain", "kidney stones", "stones", True),
        ("How does diabetes affect the feet?", "diabetes", "diabetes", True),
        ("does yoga help lower back pain", "yoga", "yoga", True),
        ("do calf stretches help back pain?", "calf", "stretches", True),
    ],
)
def test_the_one_thing_a_question_asks_about(question, term, head, relation):
    assert asked_term(question) == (term, head, relation)


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
