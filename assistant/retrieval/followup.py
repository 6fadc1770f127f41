"""Resolve a follow-up question with the conversation before it is searched.

"How many times should I repeat it?" means nothing to a search engine on its own. When the
latest message looks like a follow-up - it leans on a pronoun or an opener like "what about",
or has almost no words of its own - the previous user question is appended, so retrieval sees
both. A self-contained question is searched as it is. Pure text rules: no model, no network.

`search_context` adds the start of the previous reply when that reply was a cited answer:
"and the opposite?" after "what is overpronation?" needs the article's own words ("excessive
pronation"), which the user never typed. It is for searching only - triage reads what the user
wrote, never the assistant's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.text import tokenize
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
# How much of the previous reply is searched with a follow-up: its opening, not its sources.
MAX_REPLY_CHARS = 300
_CITATION_MARKER = re.compile(r"\[\d+\]")
# Where a rendered reply's own text ends: its sources list or the disclaimer.
_REPLY_END = re.compile(r"\n\s*(?:\**sources\**\s*:?|-- |this is general health information)", re.I)


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


def previous_cited_answer(history: Sequence[Message]) -> str:
    """The opening of the latest assistant reply if it cited the articles, else "".

    Only cited answers count: a refusal lists the articles' titles, which would make any
    follow-up look covered. Markers, sources and disclaimer are dropped.
    """
    for message in reversed(history):
        if message.role == "user":
            return ""  # the latest user message has no reply yet
        if message.role == "assistant":
            if not _CITATION_MARKER.search(message.content):
                return ""
            text = _REPLY_END.split(message.content, maxsplit=1)[0]
            text = _CITATION_MARKER.sub(" ", text).replace("*", " ")
            return " ".join(text.split())[:MAX_REPLY_CHARS]
    return ""


def search_context(question: str, history: Sequence[Message]) -> str:
    """What retrieval searches for: `rewrite_query`, plus the previous cited answer's opening."""
    query = rewrite_query(question, history)
    if query == question:
        return question
    answer = previous_cited_answer(history)
    return f"{query} {answer}" if answer else query
