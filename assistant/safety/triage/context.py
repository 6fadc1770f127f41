"""Clinical context of a symptom mention, in the spirit of the ConText algorithm.

A mention of "chest pain" is not a report of chest pain when it is negated ("no chest pain"),
historical ("I had chest pain in 2019"), hypothetical ("what if I get chest pain?") or part of a
general, educational question ("what are the signs of a heart attack?"). `Context.of` reads
the canonical word stream (`assistant.safety.normalise`) and answers for the words at one
position: triggers are looked for inside the mention's clause only, as ConText scopes them.
Someone else's *current* symptoms ("my wife's face is drooping") stay a report: only a
relative's past counts as history.

Also here: message-level cues used by the detector and the conversation rules - getting help
already ("the ambulance is on its way"), and idioms ("this commute is killing me").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from assistant.safety.normalise import Word, canonical_words

NEGATION_WINDOW = 6  # words before a mention in which a negation trigger applies
IDIOM_REACH = 4  # words either side of a mention searched for a figure of speech

_NEGATIONS = frozenset(
    {"no", "not", "never", "without", "nor", "neither", "none", "nothing", "denies", "free"}
)
# "can not breathe" and "could not stop" describe a symptom; "do not have" denies one.
_NOT_NEGATING_BEFORE_NOT = frozenset({"can", "could", "will", "would", "cannot"})
_NOT_NEGATING_AFTER = frozenset(
    {"sure", "certain", "only", "just", "even", "longer", "more", "idea", "reason", "matter",
     "stop", "stopping", "getting", "go", "feel", "feeling", "move", "moving", "control"}
)  # fmt: skip
_CLAUSE_BREAKS = frozenset(
    {".", ",", ";", ":", "!", "?", "but", "however", "although", "though", "yet", "except",
     "now", "then", "also", "plus", "suddenly", "today", "yesterday", "because", "since",
     "while", "and"}
)  # fmt: skip
_PAST = re.compile(
    r"\b(?:(?:19|20)\d\d|\d+ (?:years?|months?) ago|years ago|long ago|last year|as a (?:child|"
    r"kid|teenager|baby|toddler)|when i was (?:young|little|a child|a kid|\d+)|history of|"
    r"used to|in the past|back in|had (?:a|an|my|two|three) (?!\w+ (?:now|today|tonight|just))|"
    r"passed away|died (?:of|from)|(?:dad|mum|father|mother|grandad|grandma|grandfather|"
    r"grandmother|uncle|aunt|brother|sister) (?:had|died|passed))\b"
)
# A hypothetical trigger before the mention in its clause: "if", "in case", "suppose"... but
# not "not sure if" / "wonder if" (a pseudo-trigger: the person is reporting and unsure).
_HYPOTHETICAL = re.compile(
    r"(?<!sure )(?<!know )(?<!wonder )(?<!wondering )(?<!unsure )(?<!checking )(?<!asking )"
    r"(?<!see )\b(?:if|in case|suppose|supposing|imagine|hypothetically|what happens when)\b"
)
_EDUCATION = re.compile(
    r"^(?:what (?:actually |exactly |really )?(?:is|are) (?:the )?(?:signs?|symptoms?|causes?|"
    r"warning signs?|red flags?|difference|treatments?|risk factors?)|what (?:actually |exactly "
    r"|really )?(?:is|are) (?:a |an )?\w+(?: \w+)?(?= \?$|$| and how is it different)|what"
    r" causes|what happens (?:in|during|when)|why do(?:es)? (?:people|some people|you|a person)|"
    r"how (?:do|does|can|would|should) (?:you|doctors|people|one|someone|a person) (?:know|"
    r"tell|recogni[sz]e|spot|diagnose|treat|prevent|do|use|perform|give|help)|how (?:is|are) "
    r"\w+ (?:diagnosed|treated)|how to (?:do|use|give|perform|recogni[sz]e|spot|help)|is it "
    r"(?:true|normal) that|can you explain|tell me about|explain)\b"
)
# Someone in particular, or now: a general question that has these is not general.
_PERSONAL_OR_NOW = re.compile(
    r"\b(?:i|me|my|mine|myself|we|us|our|he|she|him|his|her|hers|they|them|their|mum|dad|"
    r"husband|wife|partner|son|daughter|child|baby|kid|friend|now|today|tonight|right now|"
    r"currently|since|yesterday|this morning|started|suddenly|keeps?|getting worse)\b"
)
AFTER_HELP = re.compile(
    r"\b(?:ambulance (?:is |has |was )?(?:on (?:its|the) way|coming|here|arrived|outside)|in "
    r"the ambulance|paramedics (?:are|have|came|arrived|here|with)|(?:at|in) (?:the )?(?:a and e|"
    r"a e|er|e r|emergency (?:room|department)|hospital|urgent care|resus)|called (?:911|999|"
    r"112|an ambulance|the ambulance|000|emergency)|(?:they|doctors?|nurses?|er|hospital|gp|"
    r"paramedics?) (?:said|say|says|checked|cleared|confirmed|told)|(?:been|got|was|were) "
    r"(?:seen|checked|admitted|discharged)|on (?:my|our|the) way (?:to|in)|being seen|"
    r"in (?:triage|the waiting room))\b"
)
IDIOMS = re.compile(
    r"\b(?:lol|lmao|lmfao|haha\w*|jaja\w*|hehe\w*|rofl|laughing|laugh|joking|jk|"
    r"(?:kill|killing|killed) (?:myself|me) (?:laughing|for)|(?:will|would|gonna|going to|is "
    r"going to) kill me|"
    r"(?:is|are|was|were|it is|its|this|that|you are) killing me|kill me now|killing it|"
    r"(?:die|died|dying) (?:of|from) (?:embarrassment|shame|boredom|laughter|laughing|cuteness)|"
    r"dying to|dead (?:tired|funny|serious|after)|(?:legs|arms|body) (?:are|is|feel|feels) dead|"
    r"i am dead|dead lol|heart (?:skipped|stopped|sank) (?:a beat )?when|heart (?:is )?broken|"
    r"broken heart|nearly (?:died|had a heart attack) (?:laughing|when)|gave me a heart attack|"
    r"(?:gonna|going to|will|would) have a heart attack (?:if|when|at)|sweating blood|"
    r"blood (?:boil|boiling)|(?:drives|driving|drove) me (?:mad|crazy|insane)|on fire (?:today|at)|"
    r"could (?:murder|kill for)|(?:want|wanted) to die (?:of|from)|(?:the )?ground to swallow)\b"
)


@dataclass(frozen=True)
class Mention:
    """Where a symptom phrase was found, and what its context says about it."""

    start: int  # index of its first word in the canonical stream
    negated: bool
    historical: bool
    hypothetical: bool

    @property
    def current(self) -> bool:
        """A report of something happening now (not negated, past or hypothetical)."""
        return not (self.negated or self.historical or self.hypothetical)


class Context:
    """One message's canonical words, with lookups for the context of any position."""

    def __init__(self, message: str) -> None:
        self.words: list[Word] = canonical_words(message)
        self.text = " ".join(word.text for word in self.words)
        self._starts: list[int] = []
        offset = 0
        for word in self.words:
            self._starts.append(offset)
            offset += len(word.text) + 1
        self.general_question = _is_general_question(self.text)
        self.after_help = AFTER_HELP.search(self.text) is not None

    def word_index(self, char_offset: int) -> int:
        """The index of the word at a character offset of `text`."""
        return bisect_right(self._starts, char_offset) - 1

    def mention(self, char_offset: int) -> Mention:
        """The context of the mention starting at `char_offset` of `text`."""
        return self._mention_at(self.word_index(char_offset))

    def _mention_at(self, index: int) -> Mention:
        clause = self._clause(index)
        return Mention(
            start=index,
            negated=self._negated(index),
            historical=_PAST.search(clause) is not None,
            hypothetical=_HYPOTHETICAL.search(self._before(index)) is not None,
        )

    def span_current(self, start: int, end: int) -> bool:
        """Whether the phrase at `text[start:end]` reports something current, read at both of
        its ends: in "fell off my bike, no neck or back pain" the symptom at the end is the
        negated part."""
        first = self.word_index(start)
        last = self.word_index(max(start, end - 1))
        if not self._mention_at(first).current:
            return False
        # A negation inside the phrase, after its first word, denies what follows it.
        return not any(self._negation_at(index) for index in range(first + 1, last))

    def idiom_at(self, char_offset: int, end: int | None = None) -> bool:
        """Whether the words around `text[char_offset:end]` (a few words either side, within
        the sentence) are a figure of speech or a joke."""
        first = self.word_index(char_offset)
        last = self.word_index(max(char_offset, (end or char_offset + 1) - 1))
        window = self._sentence_words(first)
        start = max(window[0], first - IDIOM_REACH)
        stop = min(window[1], last + IDIOM_REACH)
        near = " ".join(word.text for word in self.words[start : stop + 1])
        return IDIOMS.search(near) is not None

    def _sentence_words(self, index: int) -> tuple[int, int]:
        """First and last word index of the sentence holding word `index` (. ! ? ; end it)."""
        ends = {".", "!", "?", ";"}
        first = index
        while first > 0 and self.words[first - 1].text not in ends:
            first -= 1
        last = index
        while last + 1 < len(self.words) and self.words[last + 1].text not in ends:
            last += 1
        return first, last

    def _clause(self, index: int) -> str:
        """The text of the sentence holding word `index`."""
        first, last = self._sentence_words(index)
        return " ".join(word.text for word in self.words[first : last + 1])

    def _before(self, index: int) -> str:
        """The words of its sentence before word `index`."""
        first, _ = self._sentence_words(index)
        return " ".join(word.text for word in self.words[first:index])

    def _negated(self, index: int) -> bool:
        for back in range(index - 1, max(-1, index - 1 - NEGATION_WINDOW), -1):
            if self.words[back].text in _CLAUSE_BREAKS:
                return False
            if self._negation_at(back):
                return True
        return False

    def _negation_at(self, index: int) -> bool:
        """Whether word `index` is a negation that denies what follows ("no", "do not"), not
        part of a symptom ("can not breathe", "no control")."""
        word = self.words[index].text
        following = self.words[index + 1].text if index + 1 < len(self.words) else ""
        if word not in _NEGATIONS or following in _NOT_NEGATING_AFTER:
            return False
        before = self.words[index - 1].text if index > 0 else ""
        return not (word == "not" and before in _NOT_NEGATING_BEFORE_NOT)


def _is_general_question(text: str) -> bool:
    """A question about a condition in general, about nobody in particular and not now."""
    return _EDUCATION.search(text) is not None and _PERSONAL_OR_NOW.search(text) is None
