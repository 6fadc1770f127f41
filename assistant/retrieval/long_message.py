"""Long patient messages: a subject line, sentences of background, and the question last.

"Subject: my brother's diagnosis / Hi, my older brother is 38 ... Is there any treatment for
Werner syndrome?" embedded whole is mostly background. `split_message` finds the parts that
carry the question: the subject line, and the sentence that asks (the last one that is a
question, with the sentence before it when the question is too short to stand alone: "Is
that true?"). Short messages are not split (`is_long`): they stay on the ordinary path.
Plain text rules, no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import is_heading, is_question, lines, split_sentences, tokenize

# A message is long from this many words and this many sentences on.
LONG_WORDS = 40
LONG_SENTENCES = 3
# A question with at most this many content words leans on the sentence before it.
SHORT_QUESTION_WORDS = 4
MAX_SUBJECT_WORDS = 14

_SUBJECT = re.compile(r"^\s*(subject|re|topic|question|title)\s*:\s*", re.IGNORECASE)


@dataclass(frozen=True)
class MessageParts:
    """The parts of a message: its subject line ("" if none), its body's sentences, and the
    sentence(s) that ask the question (the last sentence when none looks like a question)."""

    subject: str
    sentences: tuple[str, ...]
    question: str


def is_long(message: str) -> bool:
    """True for a message long enough to be searched by its parts."""
    return len(message.split()) >= LONG_WORDS and len(split_sentences(message)) >= LONG_SENTENCES


def split_message(message: str) -> MessageParts:
    """The subject, sentences and question of a message (see the module docstring)."""
    text_lines = [message[start:end] for start, end in lines(message)]
    subject = ""
    if len(text_lines) > 1:
        opening = text_lines[0]
        marked = _SUBJECT.match(opening)
        if marked or (is_heading(opening) and len(opening.split()) <= MAX_SUBJECT_WORDS):
            subject = opening[marked.end() :].strip() if marked else opening.strip()
            text_lines = text_lines[1:]
    body = "\n".join(text_lines)
    sentences = tuple(body[start:end] for start, end in split_sentences(body))
    if not sentences:
        return MessageParts(subject, (), subject)
    asking = [i for i, s in enumerate(sentences) if is_question(s)]
    last = asking[-1] if asking else len(sentences) - 1
    first = last
    if last > 0 and len(tokenize(sentences[last])) <= SHORT_QUESTION_WORDS:
        first = last - 1
    return MessageParts(subject, sentences, " ".join(sentences[first : last + 1]))
