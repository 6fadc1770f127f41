"""Input checks that run before the answer engine does any work.

`check_question` refuses input the engine should not touch (empty, over-long, too much
history, not text) with an `InvalidQuestion` that names the limit, and returns the normalised
question otherwise. It is the one place these limits are enforced: the HTTP API, the chat
page and the widget all reach it through `Assistant.ask`.

Pure functions over strings: no model, no index, nothing loaded at import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from assistant.errors import InvalidQuestion
from assistant.settings import Settings
from assistant.types import Message

# Invisible characters that carry no meaning in a question; copy-paste brings them in.
_HARMLESS_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\u180e\ufeff]")
# Share of characters that may be non-text (control codes, private-use, unassigned, broken
# encoding) before the whole question is refused rather than cleaned.
MAX_NON_TEXT_SHARE = 0.2


def check_question(question: str, history: Sequence[Message], settings: Settings) -> str:
    """Validate a question and its history; return the question normalised for the engine.

    Normalisation: Unicode NFKC, invisible characters (zero-width spaces, BOM, soft hyphen,
    direction marks) removed, a few stray control characters removed, runs of whitespace
    collapsed to one space, ends stripped.

    Raises `InvalidQuestion` with a message that says what is wrong and what to do when the
    question is empty or whitespace, longer than `settings.max_question_chars` after
    normalisation, mostly non-text (or no letters or digits at all), or when `history` has more
    than `settings.max_history_messages` messages or one longer than
    `settings.max_history_message_chars`.
    """
    if len(history) > settings.max_history_messages:
        raise InvalidQuestion(
            f"The conversation has {len(history):,} earlier messages; the limit is "
            f"{settings.max_history_messages:,}. Please start a new conversation."
        )
    history_limit = settings.max_history_message_chars
    for position, message in enumerate(history):
        if len(message.content) > history_limit:
            raise InvalidQuestion(
                f"A message in the conversation history is {len(message.content):,} "
                f"characters; the limit is {history_limit:,} per earlier message "
                f"(history[{position}]). Please start a new conversation."
            )
    if not question or not question.strip():
        raise InvalidQuestion("The question is empty. Please type a question.")
    # Refuse a huge paste before doing any per-character work on it.
    if len(question) > 4 * settings.max_question_chars + 1000:
        raise _too_long(len(question), settings.max_question_chars)

    text = unicodedata.normalize("NFKC", _HARMLESS_INVISIBLE.sub("", question))
    non_text = sum(1 for char in text if _is_non_text(char))
    if non_text and non_text >= MAX_NON_TEXT_SHARE * len(text):
        raise InvalidQuestion(
            f"The question contains {non_text:,} characters that are not text (such as control "
            "codes or a broken encoding). Please retype it as plain text."
        )
    text = "".join(" " if _is_non_text(char) else char for char in text)
    text = " ".join(text.split())
    if not text:
        raise InvalidQuestion("The question is empty. Please type a question.")
    if len(text) > settings.max_question_chars:
        raise _too_long(len(text), settings.max_question_chars)
    if not any(char.isalnum() for char in text):
        raise InvalidQuestion(
            "The question has no letters or numbers. Please ask your question in words."
        )
    return text


def _too_long(length: int, limit: int) -> InvalidQuestion:
    return InvalidQuestion(
        f"Your question is {length:,} characters; the limit is {limit:,}. Please shorten it."
    )


def _is_non_text(char: str) -> bool:
    """Control codes (other than whitespace), private-use, unassigned and broken characters."""
    if char in "\t\n\r\f\v":
        return False
    category = unicodedata.category(char)
    return category in {"Cc", "Cs", "Co", "Cn"} or char == "\ufffd"
