"""Triage in a conversation: each user message once, and red flags split over two messages.

- The new message is triaged on its own (with its embedding).
- When the assistant's last reply was an ordinary one, the earlier user message was triaged
  then and found not urgent; the two are also triaged together, words only, so "I fell off a
  ladder yesterday" followed by "now my back really hurts" is caught.
- After an urgent reply, the earlier message is not read again (it was answered), and a new
  message that reports getting help or a clinician's all-clear ("ok, I'm in the ambulance
  now", "the ER said it's reflux") is not flagged again - unless the rule floor finds a new
  must-fire sign in it.

Which assistant replies were urgent is the caller's knowledge (`was_urgent`): the engine
passes the check that recognises its own urgent replies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from assistant.safety.triage.context import Context
from assistant.safety.triage.detector import NOT_URGENT, Triager, TriageResult
from assistant.types import Message


def triage_conversation(
    triager: Triager,
    question: str,
    history: Sequence[Message],
    vector: np.ndarray | None,
    was_urgent: Callable[[str], bool],
    *,
    rules_only: bool = False,
) -> TriageResult:
    """The triage of `question` given the conversation before it (oldest first);
    `rules_only` for a message not in English (see `Triager.assess`)."""
    last_reply = next((m.content for m in reversed(history) if m.role == "assistant"), None)
    after_urgent = last_reply is not None and was_urgent(last_reply)
    current = triager.assess(question, vector, rules_only=rules_only)
    if after_urgent:
        if Context(question).after_help and current.source != "rule":
            return NOT_URGENT
        return current
    if current.urgent:
        return current
    earlier = _previous_user_message(history)
    if earlier is None:
        return current
    together = triager.assess(f"{earlier}. {question}", rules_only=rules_only)
    if together.urgent:
        return together
    return current


def _previous_user_message(history: Sequence[Message]) -> str | None:
    """The latest user message of the history, if any (the one the last reply answered)."""
    for message in reversed(history):
        if message.role == "user" and message.content.strip():
            return message.content
    return None
