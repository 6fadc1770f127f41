"""The replies that send a person to care instead of answering: one per triage level.

Kind, calm and short; each names the situation in the category's plain words (never the
person's own words) and gives the clinic's numbers (`ASSISTANT_EMERGENCY_NUMBER`,
`ASSISTANT_CRISIS_LINE`, `ASSISTANT_POISON_LINE`). Every urgent reply contains `CLOSING`, which
is how a later turn recognises that the conversation has already been sent to care
(`is_urgent_reply`). Also here: the one-line safety net for replies that are not urgent but
report a severe symptom, and the emergency line for messages the assistant cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.safety.triage import TriageResult
from assistant.settings import Settings

CLOSING = "I can only share the clinic's health-education articles, so I won't answer this here."


@dataclass(frozen=True)
class Numbers:
    """Where to call: the emergency number, the crisis line and the poison line."""

    emergency: str
    crisis: str
    poison: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Numbers:
        return cls(settings.emergency_number, settings.crisis_line, settings.poison_line)


def urgent_reply(result: TriageResult, numbers: Numbers) -> str:
    """The Markdown reply for an urgent triage result (any level but `none`)."""
    match result.level:
        case "crisis":
            return (
                "I'm really sorry you're going through this, and I'm glad you said something. "
                "You deserve support right now.\n\n"
                f"- **If you might act on these thoughts or you are in danger, call "
                f"{numbers.emergency} now.**\n"
                f"- **Call or text {numbers.crisis}** to talk to someone at a crisis line, any "
                "time, day or night.\n"
                "- If you can, tell someone near you how you are feeling and stay with them.\n\n"
                f"{CLOSING} The people at these services can help, right now."
            )
        case "poison":
            return (
                "**This may be a poisoning or an overdose. It needs help now, even if they "
                "feel fine.**\n\n"
                f"- **Call {numbers.poison} now** (poison help), or **call {numbers.emergency}** "
                "if the person is unconscious, having a seizure, struggling to breathe or very "
                "drowsy.\n"
                "- Keep the packet, bottle or container, to say exactly what was taken and how "
                "much.\n"
                f"- If this was on purpose, you can also call or text {numbers.crisis} (crisis "
                "line) any time.\n\n"
                f"{CLOSING}"
            )
        case "same_day":
            return (
                f"**What you describe ({result.reason}) should be checked by a doctor "
                "today.**\n\n"
                "- **Contact your doctor, an urgent care centre or a nurse advice line today**: "
                "don't wait for a routine appointment.\n"
                f"- **If it gets worse or you feel very unwell, call {numbers.emergency}** or go "
                "to the nearest emergency department.\n\n"
                f"{CLOSING} Once a clinician has seen you, I'm happy to help with general "
                "questions."
            )
        case _:
            return (
                f"**What you describe ({result.reason}) needs emergency care now.**\n\n"
                f"- **Call {numbers.emergency} now**, or go to the nearest emergency "
                "department.\n"
                "- If someone is unconscious, not breathing or getting worse, stay with them "
                "and follow what the call handler tells you.\n"
                "- Don't wait for a regular appointment, and don't rely on articles or "
                "exercises for this.\n\n"
                f"{CLOSING} Once a clinician has seen you, I'm happy to help with general "
                "questions."
            )


def is_urgent_reply(text: str) -> bool:
    """Whether an assistant message in the history was one of these urgent replies."""
    return CLOSING in text


def safety_net(numbers: Numbers) -> str:
    """The line put above a reply that is not urgent but reports a severe or worsening symptom."""
    return (
        f"**If this is happening now and is severe, call {numbers.emergency} or go to the "
        "nearest emergency department.**"
    )


def emergency_line(numbers: Numbers) -> str:
    """Added, in English, to a reply to a message the assistant cannot read or answer."""
    return f"**If this is an emergency, call {numbers.emergency} now.**"
