"""Urgent-symptom triage: readable rules, checked before any retrieval.

`triage(message)` says whether a message describes symptoms that need care now (the categories
and their phrasings live in `triage_rules.CATEGORIES`); `urgent_reply(match)` is the reply the
engine sends instead of an article answer. Pure functions: no model, no index, no I/O, so the
engine can call them first and cheaply on every question.

This module must never answer a medical question, and never echoes the user's words into the
reply (they are kept in `UrgentMatch.matched` for logs and debug only).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.safety.normalise import Word, canonical_words
from assistant.safety.triage.rules import CATEGORIES, Category, Rule, spine_pain_rules
from assistant.types import Message

# Checked in this order, so the most time-critical advice wins when several apply.
PRIORITY: tuple[str, ...] = (
    "self_harm",
    "chest_pain",
    "bladder_bowel",
    "saddle_numbness",
    "leg_weakness",
    "cancer",
    "fever",
    "trauma",
)
# A general question about a condition ("What causes urinary incontinence?") is not a report of
# symptoms, unless it is about chest pain or self-harm, where a needless emergency note is the
# cheaper mistake.
ALWAYS_URGENT = frozenset({"self_harm", "chest_pain"})
_GENERAL_QUESTION = re.compile(
    r"^\s*(?:what (?:is|are)\b|what causes\b|what to do (?:for|about)\b|what research\b|"
    r"how (?:to|do you|can you|do doctors|is|are) (?:prevent|diagnose|treat|manage|test)\w*|"
    r"how many people\b|who (?:is at risk|gets)\b|where (?:can i|to) find\b|"
    r"is \S+(?: \S+){0,5} (?:inherited|genetic|contagious|hereditary)\b)",
    re.IGNORECASE,
)
# Any sign that the message is about someone in particular, or about now.
_PERSONAL_OR_NOW = re.compile(
    r"\b(?:i|i'm|i've|i'd|im|ive|me|my|mine|myself|we|us|our|he|she|him|his|her|they|them|their|"
    r"mum|mom|mother|dad|father|husband|wife|partner|son|daughter|child|kid|baby|friend|"
    r"grandma|grandmother|grandad|grandfather|now|today|tonight|currently|since|yesterday|"
    r"suddenly|started|keeps?|getting|worse)\b",
    re.IGNORECASE,
)
NEGATION_WINDOW = 5  # words before a symptom in which "no" / "not" / "without" negates it

_NEGATIONS = frozenset(
    {"no", "not", "never", "without", "nor", "neither", "none", "denies", "ruled", "excluded"}
)
# "can not feel" and "could not stop" describe a symptom; "do not have" denies one.
_NOT_NEGATING_BEFORE_NOT = frozenset({"can", "could", "will", "would"})
_NOT_NEGATING_AFTER = frozenset(
    {"sure", "certain", "only", "just", "even", "longer", "more", "idea", "reason", "matter"}
)
_CLAUSE_BREAKS = frozenset(
    {".", ",", ";", ":", "!", "?", "but", "however", "although", "though", "yet", "except",
     "now", "then", "also", "plus", "suddenly", "today", "yesterday"}
)  # fmt: skip
# After "and", a new subject starts a new clause: "no fever and my legs gave way".
_NEW_SUBJECT = frozenset({"i", "my", "me", "he", "she", "his", "her", "it", "they", "we", "now"})


@dataclass(frozen=True)
class UrgentMatch:
    """Why a message was triaged as urgent.

    `category` is a stable identifier (one of `PRIORITY`), `reason` plain words safe to show
    ("new loss of bladder or bowel control"), `matched` the user's own words that triggered the
    rule (for logs and debug info; never render it as markup).
    """

    category: str
    reason: str
    matched: str


def triage(message: str) -> UrgentMatch | None:
    """Return the most urgent category the message describes, or None if none applies.

    Matches misspellings of key terms, skips negated mentions ("no numbness", "I don't have a
    fever"), and for fall / fever / cancer requires back, spine or neck pain in the same message.
    A general question about a condition ("what causes urinary incontinence?") is only urgent
    for the `ALWAYS_URGENT` categories. Never raises on any string.
    """
    stream = _WordStream(canonical_words(message))
    spine_pain = _first_unnegated(stream, _SPINE_PAIN_RULES)
    general = is_general_question(message)
    by_name = {category.name: category for category in CATEGORIES}
    for name in PRIORITY:
        category = by_name[name]
        if general and name not in ALWAYS_URGENT:
            continue
        if category.needs_spine_pain and spine_pain is None:
            continue
        found = _first_unnegated(stream, _COMPILED[name])
        if found is not None:
            return UrgentMatch(category=name, reason=category.reason, matched=found)
    return None


def is_general_question(message: str) -> bool:
    """Whether a message asks about a condition in general, about nobody in particular, not now.

    "What are the treatments for urinary retention?" is general; "what is urinary retention? I
    can't pee since this morning" is not.
    """
    return bool(_GENERAL_QUESTION.match(message)) and not _PERSONAL_OR_NOW.search(message)


def triage_conversation(question: str, history: Sequence[Message] = ()) -> UrgentMatch | None:
    """`triage(question)`, plus red flags split over the user's last message and this one.

    "I fell off a ladder yesterday" then "now my back really hurts" is urgent together though
    neither message is alone. A red flag already in the earlier message alone is not raised
    again (it was answered then), so "thanks, which shoes?" after an urgent reply is not urgent.
    """
    match = triage(question)
    if match is not None:
        return match
    earlier = next((m.content for m in reversed(history) if m.role == "user"), None)
    if earlier is None or triage(earlier) is not None:
        return None
    return triage(f"{earlier}. {question}")


class _WordStream:
    """The canonical words joined by spaces, with a map from character offset to word index."""

    def __init__(self, words: list[Word]) -> None:
        self.words = words
        self.text = " ".join(word.text for word in words)
        self.starts: list[int] = []
        offset = 0
        for word in words:
            self.starts.append(offset)
            offset += len(word.text) + 1

    def word_index(self, char_offset: int) -> int:
        return bisect_right(self.starts, char_offset) - 1

    def original(self, start: int, end: int) -> str:
        first, last = self.word_index(start), self.word_index(max(start, end - 1))
        originals: list[str] = []
        for word in self.words[first : last + 1]:
            if not originals or originals[-1] != word.original:  # "can't" became two words
                originals.append(word.original)
        return " ".join(originals)


def _first_unnegated(stream: _WordStream, rules: list[_CompiledRule]) -> str | None:
    """The user's words for the first rule whose every part matches un-negated, or None."""
    for parts in rules:
        found = [_unnegated_match(stream, part) for part in parts]
        if all(found):
            return found[0]
    return None


def _unnegated_match(stream: _WordStream, pattern: re.Pattern[str]) -> str | None:
    for found in pattern.finditer(stream.text):
        if not _is_negated(stream.words, stream.word_index(found.start())):
            return stream.original(found.start(), found.end())
    return None


def _is_negated(words: list[Word], index: int) -> bool:
    """Whether a negation word governs the word at `index` within its clause."""
    for back in range(index - 1, max(-1, index - 1 - NEGATION_WINDOW), -1):
        word = words[back].text
        following = words[back + 1].text
        if word in _CLAUSE_BREAKS or (word == "and" and following in _NEW_SUBJECT):
            return False
        if word not in _NEGATIONS or following in _NOT_NEGATING_AFTER:
            continue
        if word == "not" and back > 0 and words[back - 1].text in _NOT_NEGATING_BEFORE_NOT:
            continue
        return True
    return False


_CompiledRule = tuple[re.Pattern[str], ...]


def _compile(rules: tuple[Rule, ...]) -> list[_CompiledRule]:
    # Word boundaries on both ends, so "pain" never matches inside "spain".
    return [
        tuple(
            re.compile(rf"(?<![a-z0-9'])(?:{part})(?![a-z0-9'])")
            for part in ((rule,) if isinstance(rule, str) else rule)
        )
        for rule in rules
    ]


def _compile_categories(categories: tuple[Category, ...]) -> dict[str, list[_CompiledRule]]:
    return {category.name: _compile(category.rules) for category in categories}


_COMPILED = _compile_categories(CATEGORIES)
_SPINE_PAIN_RULES = _compile(spine_pain_rules())
