"""Urgent triage: many phrasings per category, misspellings, negations, and the non-urgent ones.

Expected categories come from the task's definition of each red flag, not from the rules.
"""

from __future__ import annotations

import json
import random

import pytest

from assistant.compose.replies import urgent_reply
from assistant.safety.normalise import canonical_words, correct_spelling, edit_distance
from assistant.safety.triage import PRIORITY, UrgentMatch, triage, triage_conversation
from assistant.types import Message
from tests.support import REPO

DATASETS = REPO / "evals" / "datasets"

URGENT: dict[str, list[str]] = {
    "bladder_bowel": [
        "I peed myself and can't feel down there",
        "I've lost control of my bladder since this morning",
        "can't control my bowels and my back hurts",
        "bladdder control is gone",
        "I can't hold my urine anymore",
        "sudden incontinence with low back pain",
        "I wet myself without noticing",
        "unable to pee since yesterday and my back is agony",
    ],
    "saddle_numbness": [
        "numbness in my groin",
        "numbnes around my bottom and inner thighs",
        "my privates feel numb",
        "tingling in my buttocks and genitals",
        "I can't feel my groin",
        "saddle numbness",
        "when I wipe I can't feel anything",
    ],
    "leg_weakness": [
        "my legs keep giving way",
        "my leg suddenly went weak",
        "my legs are getting weaker every day",
        "I can't lift my foot",
        "my knees keep buckling",
        "I'm losing strength in my legs",
        "my foot is dragging when I walk",
        "my legs are weak and I can barely walk",
        "weakness in my legs that gets worse each day",
        "my leg won't hold my weight anymore",
        "no numbness but my legs are giving way",
    ],
    "trauma": [
        "I fell down the stairs and my back really hurts",
        "back pain after a car accident",
        "slipped on ice and my lower back is killing me",
        "crashed my bike, now my spine is sore",
        "I was rear-ended and my neck and back hurt",
    ],
    "fever": [
        "back pain and a fever",
        "my back aches and I have chills",
        "lower back pain with a high temperature",
        "backache, feverish and shivering",
        "back pain with a fevr",
    ],
    "cancer": [
        "I had breast cancer and now I have new back pain",
        "I've lost weight without trying and my back hurts",
        "history of prostate cancer and back ache",
        "unexplained weight loss and lower back pain",
        "my clothes are getting loose without dieting and my back aches at night",
        "no history of cancer but I've lost weight without trying and my back hurts",
    ],
    "chest_pain": [
        "I have chest pain",
        "chest pian when I walk",
        "pain in my chest",
        "my chest feels tight",
        "pressure on my chest and sweating",
        "chest hurts",
        "my chest feels like it's being crushed",
        "pain behind my breastbone",
    ],
    "self_harm": [
        "I want to kill myself",
        "I've been thinking about suicide",
        "i feel suicidel",
        "I don't want to live anymore",
        "thoughts of self-harm",
        "I wish I was dead",
        "I have been cutting myself",
    ],
}

NOT_URGENT = [
    "can my shoes cause back pain?",
    "what exercises help lower back pain?",
    "does flat feet cause knee pain?",
    "is walking barefoot bad for my back?",
    "my back hurts after standing all day",
    "I fell in love with running",
    "chest stretches for better posture",
    "my cancer-survivor mother asked about shoes",
    "no numbness, just a sore back",
    "I don't have a fever but my back hurts",
    "without any chest pain",
    "never had cancer, but my back aches",
    "my back hurts but I haven't fallen",
    "I hurt myself lifting a box and my back hurts",
    "this back pain is killing me",
    "I'm dying to try the towel exercise",
    "I went back to work and my feet hurt",
    "Is a fever caused by flat feet?",
    "my chest of drawers is heavy",
    "my legs are not weak, my arches ache",
    "no bladder or bowel problems",
    "I don't have chest pain or fever",
    "no numbness, no weakness, no bladder problems",
    "Neither fever nor chills, just back ache",
    "My doctor ruled out cancer; my back still hurts from standing",
    "I do not have any weakness in my legs",
    "I am not suicidal",
    "my chest feels fine but my feet hurt",
    "my chest muscles are sore from push ups",
    "I want to die my hair, can I still exercise?",
    "suicide drills at basketball practice hurt my feet",
    "hot and cold showers for back pain?",
    "I fell asleep at my desk and my neck is stiff",
    "Are there exercises for weak legs in older people?",
    "",
    "???",
]


@pytest.mark.parametrize(
    ("category", "message"),
    [(category, message) for category, messages in URGENT.items() for message in messages],
)
def test_urgent_phrasings_are_caught_with_their_category(category: str, message: str) -> None:
    match = triage(message)
    assert match is not None, message
    assert match.category == category
    assert match.matched  # the user's words that triggered it, for debug info


@pytest.mark.parametrize("message", NOT_URGENT)
def test_ordinary_and_negated_messages_are_not_urgent(message: str) -> None:
    assert triage(message) is None


def test_matched_holds_the_users_own_spelling() -> None:
    match = triage("I have terrible chest pian")
    assert match is not None
    assert "pian" in match.matched


def test_negation_only_covers_its_own_clause() -> None:
    assert triage("I have no fever, but I fell and my back hurts") is not None
    assert triage("no numbness. My legs gave way this morning") is not None


def test_self_harm_wins_over_other_categories() -> None:
    match = triage("chest pain and I want to end my life")
    assert match is not None and match.category == "self_harm"


def test_every_category_has_a_plain_reason() -> None:
    for messages in URGENT.values():
        match = triage(messages[0])
        assert match is not None and match.category in PRIORITY
        assert match.reason and match.reason.lower() == match.reason


def test_urgent_reply_sends_to_emergency_care_and_does_not_echo() -> None:
    match = UrgentMatch(category="chest_pain", reason="chest pain or pressure", matched="<b>x</b>")
    reply = urgent_reply(match)
    assert "emergency" in reply.lower()
    assert "<b>" not in reply
    assert "988" not in reply


def test_self_harm_reply_gives_a_crisis_line() -> None:
    reply = urgent_reply(UrgentMatch("self_harm", "thoughts of suicide or self-harm", "die"))
    assert "988" in reply
    assert "crisis line" in reply
    assert "emergency number" in reply


def test_spelling_correction_is_bounded() -> None:
    assert correct_spelling("bladdder") == "bladder"
    assert correct_spelling("numbnes") == "numbness"
    assert correct_spelling("pian") == "pain"
    # Real words next to a key term stay themselves.
    assert correct_spelling("never") == "never"
    assert correct_spelling("ladder") == "ladder"
    assert correct_spelling("bowl") == "bowl"
    assert correct_spelling("paid") == "paid"
    assert correct_spelling("crest") == "crest"  # "iliac crest pain" is not chest pain
    assert correct_spelling("crushed") == "crushed"  # not "crashed"


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    assert edit_distance("pian", "pain") == 1
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3


@pytest.mark.parametrize(
    "message",
    [
        "I have had no bladder control since Monday",  # "no" is the symptom here
        "no feeling in my groin",
        "I'm not sure if I'm numb down there",  # doubt is not denial
        "I can't feel my legs",  # "can not" describes, "do not" denies
        "i cant stop peeing myself",  # contraction typed without its apostrophe
    ],
)
def test_negation_words_that_are_part_of_a_symptom_do_not_hide_it(message: str) -> None:
    assert triage(message) is not None


def test_weak_legs_alone_are_not_urgent_but_worsening_weak_legs_are() -> None:
    assert triage("I have weak legs, what exercises help?") is None
    match = triage("I have weak legs and it is getting worse every day")
    assert match is not None and match.category == "leg_weakness"


def test_fall_fever_and_cancer_need_back_pain_in_the_same_message() -> None:
    for trigger in ("I fell off a ladder", "I have a fever", "I had breast cancer"):
        assert triage(trigger) is None
        assert triage(f"{trigger} and my lower back hurts") is not None
        assert triage(f"{trigger} but I have no back pain") is None


def test_back_as_a_direction_is_not_back_pain() -> None:
    assert triage("I fell over and went back to work, my feet hurt") is None
    assert triage("I fell over and my back hurts") is not None


def test_split_red_flag_across_two_user_turns_is_caught() -> None:
    history = [
        Message(role="user", content="I fell off a ladder yesterday"),
        Message(role="assistant", content="I'm sorry to hear that."),
    ]
    match = triage_conversation("now my back really hurts", history)
    assert match is not None and match.category == "trauma"
    assert triage("now my back really hurts") is None  # the question alone is not urgent


def test_conversation_does_not_re_raise_an_answered_red_flag() -> None:
    history = [
        Message(role="user", content="I have chest pain"),
        Message(role="assistant", content="Please call your local emergency number now."),
    ]
    assert triage_conversation("thanks, which shoes help flat feet?", history) is None
    assert triage_conversation("my chest still hurts", history) is not None


def test_canonical_words_expand_contractions_and_keep_user_spelling() -> None:
    words = canonical_words("I can’t feel my bladdder")
    assert [word.text for word in words] == ["i", "can", "not", "feel", "my", "bladder"]
    assert words[-1].original == "bladdder"


def _load(name: str) -> list[dict[str, object]]:
    lines = (DATASETS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_tuning_set_has_enough_cases_in_every_category() -> None:
    cases = _load("triage_tuning.jsonl")
    assert sum(1 for case in cases if not case["urgent"]) >= 80
    for category in PRIORITY:
        assert sum(1 for case in cases if case["category"] == category) >= 10, category


def test_no_regression_on_the_tuning_set() -> None:
    failures = [
        case["text"]
        for case in _load("triage_tuning.jsonl")
        if (triage(str(case["text"])) is not None) != case["urgent"]
    ]
    assert failures == []


@pytest.mark.parametrize(
    "question",
    [
        "What causes Urinary Incontinence?",
        "How to diagnose Fecal Incontinence ?",
        "What are the treatments for hypokalemic periodic paralysis ?",
        "Who is at risk for spinal cord compression?",
    ],
)
def test_general_questions_about_a_condition_are_not_symptom_reports(question: str) -> None:
    assert triage(question) is None


def test_general_question_frame_with_a_personal_report_is_still_urgent() -> None:
    assert triage("What causes incontinence? I wet myself this morning") is not None
    assert triage("what is urinary retention, I can't pee since yesterday") is not None


def test_general_questions_about_chest_pain_or_suicide_stay_urgent() -> None:
    assert triage("What are the symptoms of a heart attack?") is not None
    assert triage("What is (are) Self-harm ?") is not None


def test_triage_never_raises_on_arbitrary_text() -> None:
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz '.,!?-\u2019\u200b\u00e9\u4e2d\x00\n0123456789"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        match = triage(text)
        assert match is None or match.category in PRIORITY


def test_every_urgent_reply_is_short_and_never_cites_articles() -> None:
    for category in PRIORITY:
        reply = urgent_reply(UrgentMatch(category=category, reason="a reason", matched="x"))
        assert len(reply) < 900
        assert "[1]" not in reply
        assert "emergency number" in reply
