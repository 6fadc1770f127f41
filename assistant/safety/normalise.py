"""Turns a patient's message into the canonical word stream the safety checks read.

`fold` undoes what keyboards and copy-paste do to text: compatibility forms (NFKC), invisible
characters (zero-width spaces, joiners, soft hyphens, direction marks), Cyrillic and Greek
look-alike letters inside Latin words ("blаdder" with a Cyrillic "а"), accents ("chést
páin"), curly quotes; then lower case. `canonical_words` splits the folded text into words and
punctuation, expands contractions and text-speak ("can't" -> "can not", "u" -> "you", "rn"
-> "right now"), and corrects small misspellings of the key terms the checks look for
("bladdder", "numbnes", "chest pian", "breth") by a bounded edit distance. It never guesses
beyond that list, so an ordinary word is never turned into a symptom; common words one edit
away from a key term ("never" / "fever", "ladder" / "bladder") are left alone.

Pure functions, no model, nothing loaded at import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

# Terms worth correcting: each appears in a triage pattern, and a missed misspelling there
# would cost recall. Short everyday words ("back", "leg", "fell") are deliberately absent:
# at one edit from them lie too many other words.
KEY_TERMS: tuple[str, ...] = (
    "pain", "pains", "painful", "chest", "bladder", "bowel", "bowels", "urine", "urinate",
    "incontinence", "incontinent", "numb", "numbness", "tingling", "groin", "genitals",
    "perineum", "saddle", "buttocks", "weakness", "weak", "weaker", "paralysed", "paralyzed",
    "paralysis", "fever", "feverish", "chills", "shivering", "temperature", "cancer",
    "tumour", "tumor", "lymphoma", "leukemia", "leukaemia", "myeloma", "metastatic",
    "chemotherapy", "weight", "unexplained", "accident", "crashed", "collision", "suicide",
    "suicidal", "kill", "myself", "overdose", "spine", "spinal", "lumbar", "backache",
    "sciatica", "tailbone", "emergency", "sensation", "control", "tightness", "pressure",
    "crushing", "breathe", "breathing", "breath", "breathless", "seizure", "seizures", "convulsion",
    "convulsions", "unconscious", "unresponsive", "collapsed", "fainted", "bleeding",
    "vomiting", "swallowed", "poisoning", "tablets", "paracetamol", "headache", "swelling",
    "swollen", "pregnant", "contractions", "drooping", "slurred", "allergic", "throat",
    "tongue", "stroke", "diabetic", "infection", "kidney", "ambulance", "hospital",
)  # fmt: skip

# Real words one edit away from a key term: never "corrected".
PROTECTED_WORDS: frozenset[str] = frozenset(
    str.split(
        """
    paid pair pail paint pains paine chess cheat chests bladders ladder blander bowl bowls
    bowler vowel towel urge urines numbs number dumb tinging tickling tinkling groan grown
    groins genital saddles paddle weak weary wear weakly fewer fevers chili chile chill
    cancel cancels dancer cancers weigh weights height eight accidents crashes suicides
    skill kills killed hill mill will till fill bill spin spice spike spite spines lumber
    tamper tumors tumours control controls pressures breathes pans grin sine pins
    crushed spina childs cushing crest bowed pairs grain coalition weaver bowen spiral plain
    canker swine paints collodion crusting showering breathed seizes seized bleeding bleeds
    heading leading reading tablet tablet swelled throats tongues strokes stoke strike
    strove stroked swallow swallows bleeping breeding blending infections swollen
    """
    )
)

_CONTRACTIONS: tuple[tuple[str, str], ...] = (
    (r"\bcan't\b", "can not"),
    (r"\bcannot\b", "can not"),
    (r"\bwon't\b", "will not"),
    (r"\bain't\b", "am not"),
    (r"\b(\w+)n't\b", r"\1 not"),
    (r"\bi'm\b", "i am"),
    (r"\b(\w+)'ve\b", r"\1 have"),
    (r"\b(\w+)'ll\b", r"\1 will"),
    (r"\b(\w+)'re\b", r"\1 are"),
    (r"\b(\w+)'d\b", r"\1 would"),
    (r"\bit's\b", "it is"),
    (r"\b(what|there|here|who|where)'s\b", r"\1 is"),
    (r"\bthat's\b", "that is"),
)

_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z0-9]+(?:'[a-z]+)?|[.,;:!?]")
# Text-speak and shorthand that are not English words themselves.
_TEXT_SPEAK = {
    "u": "you", "ur": "your", "r": "are", "rn": "right now", "pls": "please", "plz": "please",
    "idk": "i do not know", "b4": "before", "2day": "today", "2nite": "tonight",
    "tonite": "tonight", "bc": "because", "cuz": "because", "coz": "because", "cos": "because",
    "w": "with", "wo": "without", "smth": "something", "sth": "something", "ppl": "people",
    "cnt": "can not", "cud": "could", "wud": "would", "shud": "should", "dnt": "do not",
    "hv": "have", "gud": "good", "bf": "boyfriend", "gf": "girlfriend", "bro": "brother",
    "sis": "sister", "mom": "mum", "mommy": "mum", "mummy": "mum", "abt": "about",
    "rly": "really", "srsly": "seriously", "tho": "though", "thru": "through", "n": "and",
    "ya": "you", "yr": "year", "yrs": "years", "yo": "year old", "wk": "week", "wks": "weeks",
    "hrs": "hours", "hr": "hour", "mins": "minutes", "min": "minutes", "lil": "little",
    "kinda": "kind of", "sorta": "sort of", "gotta": "got to",
}  # fmt: skip
# Contractions typed without the apostrophe; only those that are not also English words
# ("wont", "well", "were" and "its" are left alone).
_BARE_CONTRACTIONS = {
    "cant": "can not", "cannot": "can not", "dont": "do not", "didnt": "did not",
    "doesnt": "does not", "havent": "have not", "hasnt": "has not", "isnt": "is not",
    "arent": "are not", "wasnt": "was not", "werent": "were not", "couldnt": "could not",
    "shouldnt": "should not", "wouldnt": "would not", "im": "i am", "ive": "i have",
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "dunno": "do not know",
}  # fmt: skip


@dataclass(frozen=True)
class Word:
    """One canonical token; `original` is the user's spelling, kept for `UrgentMatch.matched`."""

    text: str
    original: str


# Zero-width spaces and joiners, soft hyphens, direction marks, BOM, word joiners.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# Cyrillic and Greek letters that look like Latin ones, as they appear inside Latin words.
_LOOK_ALIKES = str.maketrans(
    "аеорсухіјѕԁһӏкмнтвАЕОРСУХІЈЅКМНТВαοριτυχνκεΑΟΡΙΤΥΧΝΚΕΒΜΗΖ",
    "aeopcyxijsdhlkmhtbAEOPCYXIJSKMHTBaopitux" + "vkeAOPITYXNKEBMHZ",
)
_LATIN_LETTER = re.compile(r"[a-zA-Z]")
_WORD_RUN = re.compile(r"[^\W\d_]+")


def fold(message: str) -> str:
    """The message as plain lower-case text: see the module docstring. Never raises."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", message))
    text = _WORD_RUN.sub(_latin_look_alikes, text)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = unicodedata.normalize("NFC", text).lower()
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")


def _latin_look_alikes(match: re.Match[str]) -> str:
    """A word mixing Latin letters with Cyrillic/Greek look-alikes becomes all Latin; a word
    wholly in another script (a Russian or Greek word) is left as it is."""
    word = match.group(0)
    if not _LATIN_LETTER.search(word) or word.isascii():
        return word
    return word.translate(_LOOK_ALIKES)


def canonical_words(message: str) -> list[Word]:
    """Split a message into canonical words and punctuation marks, in order."""
    return list(_canonical_words(message))


def canonical_text(message: str) -> str:
    """The canonical words joined by single spaces (what the safety patterns search)."""
    return " ".join(word.text for word in _canonical_words(message))


@lru_cache(maxsize=1024)
def _canonical_words(message: str) -> tuple[Word, ...]:
    # Cached: triage reads a message's words several times (model, context, rules).
    text = re.sub(r"[-_/]", " ", fold(message))  # "self-harm", "fall/accident": two words
    words: list[Word] = []
    for raw in _TOKEN.findall(text):
        expanded = _TEXT_SPEAK.get(raw) or _BARE_CONTRACTIONS.get(raw, raw)
        for pattern, replacement in _CONTRACTIONS:
            expanded = re.sub(pattern, replacement, expanded)
        for part in expanded.split():
            words.append(Word(text=correct_spelling(part), original=raw))
    return tuple(words)


@lru_cache(maxsize=8192)
def correct_spelling(word: str) -> str:
    """Return the key term `word` misspells, or `word` itself.

    A correction needs the same first letter (people rarely mistype it, and it keeps "never"
    from becoming "fever") and at most one edit (two for words of nine letters or more);
    four-letter words may only swap two adjacent letters ("pian" -> "pain").
    """
    if len(word) < 4 or word in PROTECTED_WORDS or word in _KEY_TERM_SET or not word.isalpha():
        return word
    best, best_distance = word, 3
    for term in KEY_TERMS:
        if term[0] != word[0] or abs(len(term) - len(word)) > (2 if len(word) >= 9 else 1):
            continue
        distance = edit_distance(word, term)
        if distance < best_distance and distance <= _allowed_edits(word, term):
            best, best_distance = term, distance
    return best


def _allowed_edits(word: str, term: str) -> int:
    if len(word) == 4:
        # A swap ("pian") or a dropped letter ("fevr"), nothing else: four letters are too few.
        return 1 if sorted(word) == sorted(term) or _drops_one_letter(word, term) else 0
    return 2 if len(word) >= 9 and len(term) >= 9 else 1


def _drops_one_letter(word: str, term: str) -> bool:
    return len(term) == len(word) + 1 and any(
        term[:i] + term[i + 1 :] == word for i in range(len(term))
    )


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    return int(OSA.distance(a, b))


_KEY_TERM_SET = frozenset(KEY_TERMS)
