"""The replies that send a person to care: one per level, with the clinic's numbers."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.compose.urgent import (
    Numbers,
    emergency_line,
    is_urgent_reply,
    safety_net,
    urgent_reply,
)
from assistant.safety.triage import TriageResult
from assistant.safety.triage.categories import BY_NAME
from assistant.settings import Settings

NUMBERS = Numbers(emergency="112", crisis="116 123", poison="0800 POISON")


def result(category: str) -> TriageResult:
    info = BY_NAME[category]
    return TriageResult(level=info.level, category=category, reason=info.reason)


@pytest.mark.parametrize(
    ("category", "must_show"),
    [
        ("stroke", ["112", "possible signs of a stroke", "emergency"]),
        ("kidney_infection", ["today", "112"]),
        ("suicide_self_harm", ["116 123", "112"]),
        ("overdose_poisoning", ["0800 POISON", "112", "116 123"]),
    ],
)
def test_each_level_has_its_own_reply_with_the_clinics_numbers(category, must_show) -> None:
    reply = urgent_reply(result(category), NUMBERS)
    for text in must_show:
        assert text in reply
    assert is_urgent_reply(reply)
    assert "911" not in reply  # the defaults never leak past the clinic's own numbers


def test_the_four_levels_get_four_different_replies() -> None:
    replies = {urgent_reply(result(c), NUMBERS) for c in ("stroke", "kidney_infection")}
    replies |= {
        urgent_reply(result(c), NUMBERS) for c in ("suicide_self_harm", "overdose_poisoning")
    }
    assert len(replies) == 4


def test_ordinary_text_is_not_taken_for_an_urgent_reply() -> None:
    assert not is_urgent_reply("Walking every day keeps the back muscles strong. [1]")


def test_safety_net_and_emergency_line_give_the_emergency_number() -> None:
    assert "112" in safety_net(NUMBERS) and "severe" in safety_net(NUMBERS)
    assert "112" in emergency_line(NUMBERS)


def test_numbers_come_from_the_settings_with_us_defaults() -> None:
    assert Numbers.from_settings(Settings()) == Numbers("911", "988", "1-800-222-1222")
    custom = Settings(emergency_number=" 112 ", crisis_line="116 123", poison_line="01 40 05 48 48")
    assert Numbers.from_settings(custom).emergency == "112"


@pytest.mark.parametrize("bad", ["", "<script>", "call [us](javascript:x)", "9" * 50])
def test_a_number_that_is_not_a_phone_number_is_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        Settings(emergency_number=bad)
