"""Triage with the committed model: the messages the issue names, levels, the conversation
rules, and the staleness check. Expected levels come from the label definitions
(training/LABELS.md), not from running the code."""

from __future__ import annotations

import shutil

import pytest

from assistant.compose.urgent import CLOSING, is_urgent_reply
from assistant.errors import UserError
from assistant.safety.triage import build_triager, triage_conversation
from assistant.safety.triage.categories import CATEGORIES
from assistant.types import Message


@pytest.fixture(scope="module")
def triager():
    return build_triager()


@pytest.mark.parametrize(
    ("message", "level"),
    [
        ("my wife's mouth is drooping on the left and her words come out wrong", "emergency"),
        ("my toddler swallowed some of my blood pressure tablets", "poison"),
        ("his cast is getting tighter and tighter and his toes are numb", "emergency"),
        ("my foot has gone ice cold and white and it really hurts", "emergency"),
        ("cant take it anymore, pills are counted out", "crisis"),
        ("took a whole strip of paracetamol for my back last night, is that ok?", "poison"),
        ("can't control my bl\u0430dder since this morning and my back is agony", "emergency"),
        ("crushing ch\u00e9st p\u00e1in going down my left arm", "emergency"),
        ("I have a high fever, shivering and pain in my side, and I keep vomiting", "same_day"),
        ("I fell down the stairs and now my back hurts and my legs tingle", "emergency"),
        ("I fell arching backwards off the trampoline and now my back hurts", "emergency"),
    ],
)
def test_emergencies_in_peoples_own_words(triager, message: str, level: str) -> None:
    result = triager.assess(message)
    assert result.urgent, message
    assert result.level == level


@pytest.mark.parametrize(
    "message",
    [
        "I had a heart attack in 2016, which walking shoes?",
        "my mum died of a stroke, are flat feet hereditary?",
        "my legs are dead after leg day",
        "What are the warning signs of a stroke?",
        "no chest pain, just a sore heel after running, which trainers?",
        "Can my feet cause back pain?",
        "How long do I hold the toe press for?",
        "Can fallen arches cause back pain?",  # flat feet, not a fall
        "I have fallen arches, is that why my back hurts?",
    ],
)
def test_look_alikes_are_not_emergencies(triager, message: str) -> None:
    assert not triager.assess(message).urgent, message


def test_every_category_has_a_level_and_plain_reason() -> None:
    for category in CATEGORIES:
        assert category.level in ("emergency", "same_day", "crisis", "poison")
        assert category.reason and category.reason == category.reason.lower()


URGENT_REPLY = f"**Call 911 now.** {CLOSING}"


def _after(message: str, reply: str) -> list[Message]:
    return [Message(role="user", content=message), Message(role="assistant", content=reply)]


def test_a_red_flag_split_over_two_messages_is_urgent(triager) -> None:
    history = _after("I fell off a ladder yesterday", "I can only answer from the articles.")
    together = triage_conversation(
        triager, "now my back really hurts", history, None, is_urgent_reply
    )
    assert together.urgent
    assert not triager.assess("now my back really hurts").urgent  # alone it is not


def test_getting_help_after_an_urgent_reply_is_not_flagged_again(triager) -> None:
    history = _after("crushing chest pain and I feel sick and sweaty", URGENT_REPLY)
    for message in ("ok, I'm in the ambulance now", "the ER doctor said it was reflux"):
        result = triage_conversation(triager, message, history, None, is_urgent_reply)
        assert not result.urgent, message


def test_after_an_urgent_reply_a_new_must_fire_sign_still_counts(triager) -> None:
    history = _after("crushing chest pain", URGENT_REPLY)
    message = "the ambulance is coming but he has collapsed and is not breathing"
    assert triage_conversation(triager, message, history, None, is_urgent_reply).urgent


def test_an_answered_red_flag_is_not_raised_again_for_an_ordinary_question(triager) -> None:
    history = _after("crushing chest pain", URGENT_REPLY)
    result = triage_conversation(
        triager, "thanks, which shoes help flat feet?", history, None, is_urgent_reply
    )
    assert not result.urgent


def test_triage_never_raises_on_arbitrary_text(triager) -> None:
    for message in ("", "!!!", "\x00\x01", "a" * 5000, "\u202e\u200b", "\U0001f600 " * 50):
        triager.assess(message)


def test_a_model_trained_on_other_data_is_refused(tmp_path, monkeypatch) -> None:
    from assistant.safety.triage import examples, model

    copy = tmp_path / "training"
    shutil.copytree(examples.TRAINING, copy)
    (copy / "clinic_extra.jsonl").write_text(
        '{"text": "a new message", "level": "none", "category": "none"}\n', encoding="utf-8"
    )
    monkeypatch.setattr(examples, "TRAINING", copy)
    monkeypatch.setattr(model, "training_files", lambda: sorted(copy.glob("*.jsonl")))
    model.load_model.cache_clear()
    try:
        with pytest.raises(UserError, match="make triage-model"):
            model.load_model()
    finally:
        model.load_model.cache_clear()


def test_a_missing_or_damaged_model_file_says_how_to_rebuild_it(tmp_path) -> None:
    from assistant.safety.triage.model import load_model

    damaged = tmp_path / "model.npz"
    damaged.write_bytes(b"not a model")
    for path in (tmp_path / "missing.npz", damaged):
        with pytest.raises(UserError, match="make triage-model"):
            load_model(path)
