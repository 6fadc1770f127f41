"""Clinical context of a symptom mention: negated, historical, hypothetical, general, idiom,
getting help already. Each case is read as a clinician would read it."""

from __future__ import annotations

import pytest

from assistant.safety.triage.context import Context


def mention(message: str, phrase: str):
    context = Context(message)
    return context.mention(context.text.index(phrase))


@pytest.mark.parametrize(
    ("message", "phrase"),
    [
        ("no chest pain, just a sore heel after running", "chest pain"),
        ("I do not have any numbness, is walking ok?", "numbness"),
        ("without fever or chills, just a runny nose", "fever"),
        ("his legs are not weak at all", "weak"),
    ],
)
def test_negated_mentions(message: str, phrase: str) -> None:
    assert mention(message, phrase).negated


@pytest.mark.parametrize(
    ("message", "phrase"),
    [
        ("no fever and my legs gave way this morning", "legs gave way"),  # a new clause
        ("I can not breathe", "breathe"),  # "can not" describes, it does not deny
        ("I can not feel my legs", "feel my legs"),
        ("not sure, but my face is drooping", "face is drooping"),
    ],
)
def test_negation_stops_at_its_clause_and_symptom_words(message: str, phrase: str) -> None:
    assert not mention(message, phrase).negated


@pytest.mark.parametrize(
    ("message", "phrase"),
    [
        ("I had a heart attack in 2016, which walking shoes?", "heart attack"),
        ("my mum died of a stroke, are flat feet hereditary?", "stroke"),
        ("when I was a child I had seizures", "seizures"),
        ("I had sepsis 3 years ago, should I get the flu jab?", "sepsis"),
    ],
)
def test_historical_mentions(message: str, phrase: str) -> None:
    found = mention(message, phrase)
    assert found.historical and not found.current


@pytest.mark.parametrize(
    ("message", "phrase"),
    [
        ("what should I do if someone has a seizure?", "seizure"),
        ("if my legs went numb would that be serious?", "numb"),
        ("what if I get chest pain on the plane?", "chest pain"),
    ],
)
def test_hypothetical_mentions(message: str, phrase: str) -> None:
    assert mention(message, phrase).hypothetical


def test_someone_elses_current_symptoms_are_a_report_not_history() -> None:
    found = mention("my wife's mouth is drooping on the left", "drooping")
    assert found.current


@pytest.mark.parametrize(
    ("message", "general"),
    [
        ("What are the warning signs of a stroke?", True),
        ("what causes chest pain?", True),
        ("What are the symptoms of a stroke? my dad's face is drooping", False),
        ("my chest hurts, what causes that?", False),
        ("what exactly is sepsis?", True),
        ("what actually is a thunderclap headache and how is it different from a migraine", True),
        ("what is happening? my chest is crushing", False),
    ],
)
def test_general_questions_are_about_nobody_in_particular(message: str, general: bool) -> None:
    assert Context(message).general_question is general


@pytest.mark.parametrize(
    ("message", "phrase", "idiom"),
    [
        ("this commute is killing me", "killing me", True),
        ("my legs are dead after leg day", "dead", True),
        ("I nearly died laughing", "died", True),
        ("my heart skipped a beat when I saw the bill", "heart", True),
        ("i can not breathe lol this video", "breathe", True),
        ("my husband is dead, he is not breathing", "not breathing", False),
        ("I lost control of my bladder and my back is killing me", "lost control", False),
    ],
)
def test_idioms_are_read_near_the_mention(message: str, phrase: str, idiom: bool) -> None:
    context = Context(message)
    start = context.text.index(phrase)
    assert context.idiom_at(start, start + len(phrase)) is idiom


@pytest.mark.parametrize(
    ("message", "helped"),
    [
        ("ok, I'm in the ambulance now", True),
        ("the paramedics are here", True),
        ("we are at the hospital, they said it is reflux", True),
        ("I called 911, what do I do until they come?", True),
        ("my chest still hurts", False),
    ],
)
def test_getting_help_already(message: str, helped: bool) -> None:
    assert Context(message).after_help is helped
