"""Resolve a follow-up question with the conversation before it is searched.

"How many times should I repeat it?" means nothing to a search engine on its own. When the
latest message looks like a follow-up - it leans on a pronoun or an opener like "what about",
or has almost no words of its own - the previous user question is appended, so retrieval sees
both. A self-contained question is searched as it is. Pure text rules: no model, no network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.retrieve import tokenize
from assistant.types import Message

# Words that point back at something said earlier.
_POINTS_BACK = re.compile(
    r"\b(it|its|it's|this|that|these|those|they|them|their|the same|the opposite|the other|"
    r"one|ones|which|there|then|else|more|another|also|too|instead|either)\b",
    re.IGNORECASE,
)
# Openers that continue a conversation rather than start one.
_CONTINUES = re.compile(
    r"^\s*(and|but|so|or|also|what about|how about|what if|why|how come|how often|how long|"
    r"how many|ok|okay)\b",
    re.IGNORECASE,
)
# A follow-up carries few content words of its own; a longer question stands alone.
MAX_OWN_WORDS = 4


def is_follow_up(question: str, history: Sequence[Message]) -> bool:
    """True when `question` needs the earlier conversation to be understood."""
    if not any(message.role == "user" for message in history):
        return False
    own_words = tokenize(question)
    if len(own_words) <= 1:
        return True
    if len(own_words) > MAX_OWN_WORDS + 2:
        return False
    return bool(_POINTS_BACK.search(question) or _CONTINUES.match(question))


def previous_question(history: Sequence[Message], depth: int = 2) -> str:
    """The latest user message in `history`, itself resolved if it was a follow-up ("" if none).

    `depth` bounds how many earlier follow-ups are chained, so the query stays short.
    """
    for index in range(len(history) - 1, -1, -1):
        message = history[index]
        if message.role == "user" and message.content.strip():
            text = message.content.strip()
            earlier = history[:index]
            if depth > 1 and is_follow_up(text, earlier):
                before = previous_question(earlier, depth - 1)
                return f"{text} {before}" if before else text
            return text
    return ""


def rewrite_query(question: str, history: Sequence[Message]) -> str:
    """The text to search for: the question, plus the previous question if it is a follow-up."""
    if not is_follow_up(question, history):
        return question
    earlier = previous_question(history)
    return f"{question} {earlier}" if earlier else question
