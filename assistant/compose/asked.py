"""The one thing a question asks about, and whether the articles discuss it or only name it.

"What causes heel spurs?" asks about heel spurs; "how can I prevent shin splints?" about shin
splints; "is ibuprofen or paracetamol better?" about paracetamol. `asked_term` finds that thing
in the patient's words (what it is, what causes it, how to treat or prevent it, how long it
lasts, which of two or which kind, its symptoms or risks, how to stretch it, how it differs
from another); `discusses` says whether a sentence does more than name it in a list
("including sciatica, plantar fasciitis, ..."). The relevance gate refuses a question about
a thing the articles never discuss (`gate.covers_asked_term`). English rules, nothing about
one corpus.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from assistant.compose.question import ASKING_WORDS, defines
from assistant.text import STOPWORDS, is_question, split_sentences, tokenize

_I = re.IGNORECASE
# Where an asked term ends: punctuation, a conjunction, a preposition ("the stages of ..." asks
# about stages, not what a thing is), an adverb ("back pain quickly"), or the patient's own
# words ("my physio said ...", "pls").
_PREPOSITIONS = (
    r"with|of|for|to|in|on|at|from|by|under|behind|during|after|before|about|like|between|than|"
    r"over|into|through|around|near|below|above"
)
_END_WORDS = (
    rf"and|or|but|so|because|when|if|since|while|without|vs|versus|{_PREPOSITIONS}|"
    r"up|ups|down|away|forever|asap|my|i|you|it|that|which|who|they|we|people|"
    r"exactly|really|actually|mean|means|meant|supposed|called|please|pls|plz|thanks|thx|one|"
    r"ones|ever|still|"
    r"sometimes|always|often|usually|again|now|anymore|fast|too|much|more|less|every|each|"
    # "avoid ... to help strengthen my feet": a verb is no thing.
    r"strengthen|reduce|relieve|ease|improve|prevent|stop|fix|get|make|keep|build|stretch|"
    r"loosen|support|correct|protect"
)
# After the first word, an -ly word ends the term too ("back pain quickly"); as the first word
# it is a name ("acromegaly").
_LATER_END_WORDS = rf"{_END_WORDS}|\w{{3,}}ly"
_TERM_END = rf"(?=\s*[?.,;:!]|\s*$|\s+(?:{_LATER_END_WORDS})\b)"
_DETERMINER = (
    r"(?:(?:a|an|the|my|your|this|that|these|those|some)\s+)?"
    r"(?:(?:best|worst|right|proper|correct|good|main|usual)\s+)?"
)
# Words up to the first end word: "the stages of ..." never becomes "stages of ...".
_FIRST_WORD = rf"(?!(?:{_END_WORDS})\b)[\w'-]+"
_WORD = rf"(?!(?:{_LATER_END_WORDS})\b)[\w'-]+"
_BARE_TERM = rf"(?P<term>{_FIRST_WORD}(?:[ ]{_WORD})*?)"
_TERM = rf"{_DETERMINER}{_BARE_TERM}"
# Verbs and pronouns that end a "what kind of ..." term: "what kind of insoles would help".
_VERB = (
    r"(?:is|are|would|will|should|do|does|can|could|i|you|we|"
    r"works?|helps?|gets?|makes?|keeps?|stops?|eases?|relieves?|reduces?|shows?|gives?)"
)
# A greeting or filler before the question: "Hi, what is overpronation?"
_OPENING = r"^\W*(?:(?:hi|hello|hey|ok|okay|so|and|but|also|sorry|quick question)\W+)*"
# Questions about one named thing: what it is, what causes it, how to treat or prevent it, how
# long it lasts, which of two or which kind of it, its symptoms or risks, how to stretch it,
# how it differs from another thing. Not
# "what helps X?": articles often help X under another name. "What is the X of Y?" asks
# about Y's X, not X.
_ABOUT = (
    re.compile(rf"\bwhat (?:does|do) .{{1,40}}? mean by {_TERM}{_TERM_END}", _I),
    re.compile(rf"\bwhat is meant by {_TERM}{_TERM_END}", _I),
    re.compile(r"\bwhat (?:does|do) (?!(?:that|this|it)\b)(?P<term>[\w' -]+?) mean\b", _I),
    re.compile(
        rf"{_OPENING}(?:what\W?s|whats|what(?:\s+(?:exactly|actually|really))?\s+(?:is|are)|"
        rf"define)\s+{_TERM}{_TERM_END}"
        r"(?!\s+of\b)",
        _I,
    ),
    re.compile(rf"\bwhat (?:causes|caused|triggers|brings on)\s+{_TERM}{_TERM_END}", _I),
    re.compile(
        rf"\b(?:treat|treating|get rid of|cure|prevent|avoid)\s+"
        rf"{_TERM}{_TERM_END}",
        _I,
    ),
    re.compile(
        rf"\bhow long (?:does|do|will|would|is|are)\s+{_TERM}\s+(?:take|last|go away)\b", _I
    ),
    re.compile(rf"\bhow (?:is|are)\s+{_TERM}\s+(?:treated|cured|prevented)\b", _I),
    # Which of two things: "is ibuprofen or paracetamol better ...?" asks about the second
    # (which carries the noun: "a firm or a soft mattress").
    re.compile(
        rf"{_OPENING}(?:is|are)\s+(?:a|an|the)?\s*[\w'-]+\s+or\s+{_TERM}\s+"
        r"(?:better|best|worse|safer|good|bad)\b",
        _I,
    ),
    # "Should I get an MRI or an X-ray?"; not "... or wait?", "... or see a chiropractor?": a
    # thing after "or" has its article.
    re.compile(
        rf"{_OPENING}should i (?:get|use|try|take|have)\s+(?:a|an|the)?\s*[\w'-]+\s+or\s+"
        rf"(?:a|an|the)\s+{_BARE_TERM}{_TERM_END}",
        _I,
    ),
    # Which kind of a thing: up to the verb ("what kind of custom orthotics should I get?");
    # a misspelt verb is dropped from it (`_without_typed_verb`: "shoes shoud i wear").
    re.compile(
        rf"\b(?:what|which)(?:\W?s| is| are)?(?: the (?:best|right))? "
        rf"(?:kinds?|types?|sorts?) of\s+{_DETERMINER}"
        rf"(?P<term>{_FIRST_WORD}(?:[ ]{_WORD}){{0,3}}?)(?:{_TERM_END}|(?=\s+{_VERB}\b))",
        _I,
    ),
    re.compile(
        rf"{_OPENING}which\s+{_TERM}\s+(?:is|are)\s+(?:the\s+)?(?:best|better|good|right)\b",
        _I,
    ),
    re.compile(rf"\b(?:symptoms|signs|side effects|risks) of\s+{_TERM}{_TERM_END}", _I),
    # "What's the difference between heel spurs and ...?": the first of them.
    re.compile(rf"\bdifference between\s+{_TERM}\s+and\s", _I),
    # How to stretch a body part; not "how do I do X": an exercise is often described, not
    # named ("the pencil pick up thing").
    re.compile(
        rf"\bhow (?:do|should|can) (?:i|you) stretch\s+(?:my|your|the)\s+"
        rf"{_BARE_TERM}{_TERM_END}",
        _I,
    ),
)
# Words that name a kind of thing, judge it or point back, not the thing: "the pencil exercise"
# asks about the pencil; "what is best / the fix / the opposite" about no one named thing.
KIND_WORDS = frozenset(
    tokenize(
        "exercise exercises stretch stretches movement drill condition problem issue thing stuff "
        "best better worse worst good bad helpful effective safe normal right wrong fix fixes "
        "option options choice choices alternative alternatives difference remedy remedies "
        "opposite same other kind type sort name"
    )
)
_QUOTES = re.compile(r"[\"“”]")
MAX_TERM_WORDS = 4


class WrittenTerm(NamedTuple):
    """The one thing a question asks about, as the patient wrote it (`asked_term`); the gate
    reads it in the corpus's words (`types.AskedTerm`)."""

    term: str  # without words for a kind of thing: "the pencil exercise" -> "pencil"
    head: str  # the phrase's last word, which names the thing: "calf stretches" -> "stretches"


def asked_term(question: str) -> WrittenTerm | None:
    """The words of the one thing the question asks about, when it asks what that thing is,
    what causes it, how to treat or prevent it, how long it lasts, which of two things or
    which kind of thing is best, what its symptoms or risks are, how to stretch it, or how it
    differs from another ("what causes heel spurs?" -> "heel spurs", "the pencil exercise" ->
    "pencil"); None for every other
    question, for a pronoun ("what causes it?") and for terms of more than MAX_TERM_WORDS
    words.

    Questions whether one thing causes or helps another ("can stilettos cause back pain?",
    "does yoga help?") are not read: the articles answer them about the same thing under
    another name too often (high heels), and a list of causes answers them."""
    text = _QUOTES.sub("", " ".join(question.split()))
    # Only the sentences that ask: "my physio said to avoid stilettos. Do they hurt?" asks
    # nothing about stilettos.
    asking = [text[a:b] for a, b in split_sentences(text) if is_question(text[a:b])]
    for pattern, piece in itertools.product(_ABOUT, asking or [text]):
        match = pattern.search(piece)
        if not match:
            continue
        words = _without_typed_verb(match.group("term").split())
        kept = [w for w in words if not set(tokenize(w)) <= ASKING_WORDS | KIND_WORDS]
        if not kept:
            continue  # "what is the best way to help my back": the way is not the thing
        if len(kept) > MAX_TERM_WORDS:
            return None
        # The head is its last word that is no stop word ("pain under my heel": not "under");
        # `kept` is not empty, so there is one.
        named = [w for w in words if tokenize(w)]
        return WrittenTerm(" ".join(kept), named[-1])
    return None


def _without_typed_verb(words: list[str]) -> list[str]:
    """`words` without a last word that is a stop word of 4+ letters typed with one slip
    ("shoes shoud": the speller leaves short words alone)."""
    while len(words) > 1 and _typed_stop_word(words[-1].lower()):
        words = words[:-1]
    return words


def _typed_stop_word(word: str) -> bool:
    return (
        len(word) >= 4
        and word not in STOPWORDS
        and any(len(stop) >= 4 and _one_edit(word, stop) for stop in STOPWORDS)
    )


def _one_edit(a: str, b: str) -> bool:
    """True when `a` becomes `b` by one inserted, deleted or changed letter."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


# A list: two or more short items after "including" / "such as" / a colon, or three or
# more, joined by commas with "and" / "or" / "etc." among them ("including sciatica, plantar
# fasciitis, degenerative disk conditions, or a number of others"; "causes include flat feet
# and high arches"; "common signs are fever, sciatica and arthritis"). An item is a few words
# with no verb or clause word: "hips can move into misalignment" is a clause, and commas
# around an aside ("Sciatica, in most cases, improves") make no list.
_ITEM_WORDS = 4
_CLAUSE_WORD = re.compile(
    r"\b(can|could|may|might|will|would|should|must|is|are|was|were|be|been|being|has|have|"
    r"had|do|does|did|which|that|who|when|where|if|while|because|so|but)\b",
    _I,
)
_LIST_LEAD = re.compile(r"\b(?:including|includes?|such as|like)\b|\be\.g\.(?!\w)|:", _I)
_JOIN = re.compile(r"\b(?:and|or)\b", _I)
_ETC = re.compile(r"\betc\b", _I)
_COPULA_TAIL = re.compile(r"\b(?:are|is)\s+([^,;]+)$", _I)
_PREPOSITION = re.compile(rf"\b(?:{_PREPOSITIONS})\b", _I)
# Without a lead word, a first part of more words is a subject and its verb ("Sciatica causes
# pain, numbness and tingling"), not an item.
_FIRST_ITEM_WORDS = 2


def discusses(sentence: str, term: set[str]) -> bool:
    """True when `sentence` has every word of `term` (stemmed, as `tokenize` gives) and does
    more than list it: a term within one item of a list ("including sciatica, plantar
    fasciitis, ... or a number of others") is only named, unless the sentence defines it."""
    if not term or not term <= set(tokenize(sentence)):
        return False
    if defines(sentence, term):
        return True
    return not any(term <= item for items in lists(sentence) for item in items)


def lists(sentence: str) -> list[list[set[str]]]:
    """The lists in `sentence`, each as its items' words (stemmed, kind words dropped)."""
    found: list[list[set[str]]] = []
    items: list[set[str]] = []
    led = joined = False

    def close() -> None:
        if len(items) >= 2 and (led or joined) and (led or len(items) >= 3):
            found.append(list(items))
        items.clear()

    for part in re.split(r"[,;]", sentence):
        leads = list(_LIST_LEAD.finditer(part))
        if leads:
            close()
            led, joined = True, False
            part = part[leads[-1].end() :]
        pieces = _JOIN.split(part)
        subject = not items and not led and len(tokenize(part)) > _FIRST_ITEM_WORDS
        if subject or not all(_is_item(piece) for piece in pieces if piece.strip()):
            close()
            led = joined = False
            # "Common signs are fever, sciatica and arthritis": the first item ends a clause.
            tail = _COPULA_TAIL.search(part)
            if tail and _is_item(tail.group(1)) and tokenize(tail.group(1)):
                items.append(_item_words(tail.group(1)))
            continue
        joined = joined or len(pieces) > 1 or bool(_ETC.search(part))
        items.extend(_item_words(piece) for piece in pieces if tokenize(piece))
    close()
    return found


def _is_item(text: str) -> bool:
    """A few words with no clause word: an item of a list."""
    return len(tokenize(text)) <= _ITEM_WORDS and not _CLAUSE_WORD.search(text)


def _item_words(text: str) -> set[str]:
    """An item's words up to a preposition ("stretching for sciatica" names stretching)."""
    return set(tokenize(_PREPOSITION.split(text)[0])) - KIND_WORDS
