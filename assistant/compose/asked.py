"""The one thing a question asks about, and whether the articles discuss it or only name it.

"What causes heel spurs?" asks about heel spurs; "can kidney stones cause back pain?" about
kidney stones. `asked_term` finds that thing in the patient's words (what it is, what causes
it, how to treat it, how long it lasts, what it causes); `discusses` says whether a sentence
does more than name it in a list ("including sciatica, plantar fasciitis, ..."). The relevance
gate refuses a question about a thing the articles never discuss (`gate.covers_asked_term`).
English rules, nothing about one corpus.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from assistant.compose.question import ASKING_WORDS, defines
from assistant.text import tokenize

_I = re.IGNORECASE
_END_WORDS = (
    r"and|or|but|so|because|when|if|after|before|since|while|without|with|of|for|to|in|on|at|"
    r"from|about|like|my|i|you|it|that|which|who|they|we|people|exactly|really|actually|mean|"
    r"means|called|please|pls|plz|thanks|thx"
)
_TERM_END = rf"(?=\s*[?.,;:!]|\s*$|\s+(?:{_END_WORDS})\b)"
_DETERMINER = (
    r"(?:(?:a|an|the|my|your|this|that|these|those|some)\s+)?"
    r"(?:(?:best|worst|right|proper|correct|good|main|usual)\s+)?"
)
# Words up to the first end word: "the stages of ..." never becomes "stages of ...".
_WORD = rf"(?!(?:{_END_WORDS})\b)[\w'-]+"
_TERM = rf"{_DETERMINER}(?P<term>{_WORD}(?:[ ]{_WORD})*?)"
# Questions about one named thing: what it is, what causes it, how to treat, prevent or help
# it, how long it lasts.
_ABOUT = (
    re.compile(r"\bwhat (?:does|do) (?P<term>[\w' -]+?) mean\b", _I),
    re.compile(
        rf"^\W*(?:what\W?s|whats|what is|what are|define)\s+{_TERM}{_TERM_END}(?!\s+of\b)", _I
    ),
    re.compile(rf"\bwhat (?:causes|caused|triggers|brings on)\s+{_TERM}{_TERM_END}", _I),
    re.compile(
        rf"\b(?:treat|treating|get rid of|cure|prevent|avoid|helps?(?: with)?)\s+"
        rf"{_TERM}{_TERM_END}",
        _I,
    ),
    re.compile(
        rf"\bhow long (?:does|do|will|would|is|are)\s+{_TERM}\s+(?:take|last|go away)\b", _I
    ),
)
# Questions whether one named thing causes or helps another: "can kidney stones cause back
# pain?" asks about kidney stones, "does yoga help lower back pain?" about yoga.
_RELATION = (
    re.compile(
        rf"^\W*(?:can|could|do|does|will|would|might|may|how (?:does|do|can|could|would))\s+"
        rf"{_TERM}\s+(?:cause|lead to|give|trigger|result in|affect)\b",
        _I,
    ),
    re.compile(
        rf"^\W*(?:can|could|do|does|will|would|might|may|is|are)\s+{_TERM}\s+"
        r"(?:help|ease|relieve|fix|cure|improve|work|good for|bad for)\b",
        _I,
    ),
)
# Words that name a kind of thing, not the thing: "the pencil exercise" asks about the pencil.
_KIND_WORDS = frozenset(
    tokenize(
        "exercise exercises stretch stretches movement drill condition problem issue thing stuff"
    )
)
# A list: a run of three or more short comma-separated items with "and" / "or" / "etc." among
# them, or items after "including" / "such as" / a colon ("including sciatica, plantar
# fasciitis, degenerative disk conditions, or a number of others"). An item is a few words
# with no verb or clause word; "hips can move into misalignment" is a clause, not an item.
_ITEM_WORDS = 4
_CLAUSE_WORD = re.compile(
    r"\b(can|could|may|might|will|would|should|must|is|are|was|were|be|been|being|has|have|"
    r"had|do|does|did|which|that|who|when|where|if|while|because|so)\b",
    _I,
)
_LIST_LEAD = re.compile(r"^(.*\b(?:including|includes?|such as|e\.g\.|like)\b|.*:)", _I)
_LIST_END = re.compile(r"^\s*(?:and|or)\b|\betc\b", _I)
MAX_TERM_WORDS = 4


class AskedAbout(NamedTuple):
    """The one thing a question asks about, as the patient wrote it (`asked_term`)."""

    term: str  # without words for a kind of thing: "the pencil exercise" -> "pencil"
    head: str  # the phrase's last word, which names the thing: "calf stretches" -> "stretches"
    relation: bool  # asks whether it causes or helps something ("does yoga help back pain?")


def asked_term(question: str) -> AskedAbout | None:
    """The words of the one thing the question asks about, when it asks what that thing is,
    what causes it, how to treat or help it, how long it lasts, or whether it causes or helps
    something else ("what causes heel spurs?" -> "heel spurs", "the pencil exercise" ->
    "pencil"); None for every other question, for a pronoun ("what causes it?") and for terms
    of more than MAX_TERM_WORDS words. `relation` is True when the question asks whether the
    thing causes or helps something: a list of causes or remedies that names it answers that.
    """
    for pattern in (*_RELATION, *_ABOUT):
        match = pattern.search(" ".join(question.split()))
        if match:
            kept = [
                word
                for word in match.group("term").split()
                if not set(tokenize(word)) <= ASKING_WORDS | _KIND_WORDS
            ]
            if not kept:
                continue  # "what is the best way to help my back": the way is not the thing
            if len(kept) > MAX_TERM_WORDS:
                return None
            words = match.group("term").split()
            return AskedAbout(" ".join(kept), words[-1], relation=pattern in _RELATION)
    return None


def discusses(sentence: str, term: set[str]) -> bool:
    """True when `sentence` has every word of `term` (stemmed, as `tokenize` gives) and does
    more than list it: a term that is one item of a list ("including sciatica, plantar
    fasciitis, ... or a number of others") is only named, unless the sentence defines it."""
    if not term or not term <= set(tokenize(sentence)):
        return False
    return defines(sentence, term) or not _listed(sentence, term)


def _listed(sentence: str, term: set[str]) -> bool:
    """True when the term is one item of a list in `sentence`, named and nothing more."""
    parts = re.split(r"(?<=[,;])", sentence)
    items = [_is_item(part) for part in parts]
    for index, part in enumerate(parts):
        lead = _LIST_LEAD.match(part)
        named = part[lead.end() :] if lead else part
        if set(tokenize(_LIST_END.sub("", named))) != term or not (lead or items[index]):
            continue
        last = index
        while last + 1 < len(parts) and items[last + 1]:
            last += 1
        first = index
        while first > 0 and items[first - 1] and not lead:
            first -= 1
        run = parts[first : last + 1]
        ended = any(_LIST_END.search(item) for item in run[1:])
        if (lead is not None or len(run) >= 3) and (ended or len(run) >= 3):
            return True
    return False


def _is_item(part: str) -> bool:
    """A short comma-separated part with no clause words: an item of a list."""
    return len(tokenize(part)) <= _ITEM_WORDS and not _CLAUSE_WORD.search(part)
