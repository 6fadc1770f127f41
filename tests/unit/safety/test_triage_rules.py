"""The rule floor: must-fire phrasings fire when they are current and literal, and only then."""

from __future__ import annotations

import pytest

from assistant.safety.triage.context import Context
from assistant.safety.triage.rules import rule_matches


def fired(message: str) -> set[str]:
    return {rule.category for rule, _ in rule_matches(Context(message))}


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("cant take it anymore, pills are counted out", "suicide_self_harm"),
        ("i want to end my life tonight", "suicide_self_harm"),
        (
            "no one would even notice if i was gone, going to end it after my shift",
            "suicide_self_harm",
        ),
        ("I have been cutting myself again", "suicide_self_harm"),
        ("my toddler swallowed some of my tablets", "overdose_poisoning"),
        ("took a whole strip of paracetamol for my back last night", "overdose_poisoning"),
        ("my son drank some bleach from under the sink", "overdose_poisoning"),
        ("I think I took an overdose", "overdose_poisoning"),
        ("my husband collapsed and he is not breathing", "collapse"),
        ("she is unresponsive and I am doing CPR", "collapse"),
        ("I can not breathe properly and my lips are going blue", "breathing"),
        ("her tongue is swelling up after the peanut sauce", "anaphylaxis"),
        ("I am vomiting blood", "bleeding"),
        ("worst headache of my life, came on suddenly", "sudden_headache"),
        ("I have lost control of my bladder and my back is killing me", "cauda_equina"),
        ("my 6 week old has a temperature of 38.2", "child_red_flags"),
        ("7 wk old, 38.1 on the thermometer, otherwise seems fine", "child_red_flags"),
        ("our 2 month old feels really hot and won't settle", "child_red_flags"),
    ],
)
def test_must_fire_phrasings_fire(message: str, category: str) -> None:
    assert category in fired(message)


@pytest.mark.parametrize(
    "message",
    [
        "I could kill myself laughing at that video",  # idiom
        "my mom will kill me when she sees my grades",
        "what should I say if a friend tells me they are suicidal?",  # hypothetical
        "What are the warning signs that someone might be suicidal?",  # general question
        "I took an overdose when I was 17, I'm 35 now and well",  # history
        "I can't breathe I'm laughing so hard lol",
        "no swelling of my tongue or lips, just an itchy rash",  # negated
        "my dad collapsed in 2019 and recovered, which shoes help his balance?",
        "how do you do CPR on someone who is unresponsive?",
        "my 8 week old was born at 38 weeks, when should she start tummy time?",
        "our 2 month old had a temperature last month and is well now",  # history
    ],
)
def test_look_alikes_do_not_fire(message: str) -> None:
    assert fired(message) == set()
