"""The corpus's own words and the variants patients write for them, built at start-up.

Patients write "overpronation", "over-pronated", "misaligned", "lowheeled" or "flatfeet" where
the articles say "excessive pronation", "misalignment", "low-heeled" and "flat feet". For a
query word the corpus does not contain, `Vocabulary.variant` looks for the corpus's own form by
the rules of English word formation, checked against the words and word pairs of the corpus:

1. a closed compound the corpus writes as two words ("flatfeet" -> "flat feet");
2. the same root under other suffixes ("pronated" -> "pronation", "misaligned" ->
   "misalignment", "postural" -> "posture");
3. a prefix on a corpus word ("overpronation" -> "excessive pronation" when the corpus says
   that, else "pronation"; "unsupported" -> "unsupportive").

Hyphenated words are joined first ("over-pronation" is looked up as "overpronation"). The
rules are English morphology; every variant is a word or word pair of the corpus, so nothing
here is a list of one corpus's terms. Misspellings are the speller's job (`speller.py`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from assistant.text import STOPWORDS, light_stem

# A word as the vocabulary and the speller count it.
WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# A word, or words joined by hyphens ("over-pronated", "low-heeled").
_QUERY_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
# Derivational and inflectional endings, longest first; stripped to find a word's root.
_SUFFIXES = (
    "ational", "ations", "ation", "ements", "ement", "ments", "ment", "ities", "ity", "ively",
    "ive", "ically", "ical", "ally", "ness", "ions", "ion", "ated", "ates", "ate", "ating",
    "ing", "ics", "ic", "al", "ed", "ers", "er", "es", "ly", "s", "e",
)  # fmt: skip
# A root shorter than this matches too many unrelated words ("nation" -> "n").
MIN_ROOT = 4
# Prefixes of English word formation, and the words a text may use for them instead
# ("overpronation" = "excessive pronation"). Most specific first. Not "re", "pre" or "in":
# stripped, they leave another word as often as the root ("replace" is not "place", "reaching"
# not "aching", "prediabetes" not "diabetes", "reaction" not "action").
_PREFIXES: dict[str, tuple[str, ...]] = {
    "hyper": ("excessive", "excess"),
    "hypo": ("insufficient", "low"),
    "over": ("excessive", "excess"),
    "under": ("insufficient",),
    "mis": ("wrongly", "poor"),
    "mal": ("poor",),
    "non": (),
    "un": (),
    "dis": (),
    "post": (),
    "anti": (),
    "sub": (),
    "super": (),
}
# Each part of a word written as two ("backache") is at least this long.
MIN_PART = 4
# Only words this long are looked up: short ones are too often other words.
MIN_VARIANT_LENGTH = 5


def word_root(word: str) -> str:
    """The word with up to two endings stripped ("pronated" and "pronation" -> "pron")."""
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_ROOT:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


class Vocabulary:
    """The words and adjacent word pairs of a corpus, and each root's most frequent word."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.counts: dict[str, int] = {}
        self.pairs: set[str] = set()
        for text in texts:
            words = WORD.findall(text.lower())
            for word in words:
                self.counts[word] = self.counts.get(word, 0) + 1
            self.pairs.update(f"{a} {b}" for a, b in itertools.pairwise(words))
        self.stems = {light_stem(word) for word in self.counts}
        self._by_root: dict[str, str] = {}
        for word in sorted(self.counts, key=lambda w: (-self.counts[w], w)):
            self._by_root.setdefault(word_root(word), word)

    def knows(self, word: str) -> bool:
        """True when the corpus has this word or an inflection of it ("toes" for "toe")."""
        word = word.lower()
        return word in self.counts or light_stem(word) in self.stems

    def recognises(self, word: str) -> bool:
        """True when the corpus has the word in some form: `knows` it, or an inflection the
        light stemmer misses ("sitting" / "sit", "lying" / "lie", "ache" / "aching"), or it is
        two words of the corpus written as one ("backache"; each part has 4+ letters and is
        no stop word).

        For deciding whether the corpus names a thing at all; query rewriting and the gate's
        score keep to `knows`."""
        word = word.lower()
        if self._has_form(word):
            return True
        return any(
            self._has_form(word[:cut]) and self._has_form(word[cut:])
            for cut in range(MIN_PART, len(word) - MIN_PART + 1)
            if word[:cut] not in STOPWORDS and word[cut:] not in STOPWORDS
        )

    def _has_form(self, word: str) -> bool:
        return self.knows(word) or any(form in self.counts for form in self._base_forms(word))

    def _base_forms(self, word: str) -> list[str]:
        """The forms an -ing / -ed ending may have changed: a doubled consonant ("sitting" ->
        "sit"), -ying from -ie ("lying" -> "lie"); and "ache" when the corpus writes "aching",
        "aches" or "ached"."""
        forms = []
        for ending in ("ing", "ed"):
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 3 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])
        if word.endswith("ying") and len(word) >= 5:
            forms.append(word[:-4] + "ie")
        if word.endswith("e") and len(word) >= 4 and word not in STOPWORDS:
            forms.extend(word[:-1] + ending for ending in ("ing", "ed", "es"))
        return forms

    def uses(self, phrase: str) -> bool:
        """True when the corpus has the word, or the two words side by side ("opening hours").

        Only word pairs are recorded, so a phrase of three or more words raises ValueError.
        """
        words = WORD.findall(phrase.lower())
        if len(words) > 2:
            raise ValueError(f"only one or two words can be looked up, not {phrase!r}")
        if len(words) == 1:
            return self.knows(words[0])
        return len(words) == 2 and f"{words[0]} {words[1]}" in self.pairs

    def variant(self, word: str) -> str | None:
        """The corpus's form of a word it lacks (a word or a word pair), or None."""
        word = word.lower().replace("-", "")
        if len(word) < MIN_VARIANT_LENGTH or word in STOPWORDS or self.knows(word):
            return None
        return self._compound(word) or self._derived(word) or self._prefixed(word)

    def known_part(self, text: str) -> str | None:
        """`text` without the words the corpus never uses, or None when it uses them all.

        "what is a heel spur" -> "what is a heel": the gate compares the two meanings to see
        how much of the question the corpus has no words for. Stop words are kept.
        """
        dropped = False

        def drop(match: re.Match[str]) -> str:
            nonlocal dropped
            word = match.group(0)
            if word.lower() in STOPWORDS or self.knows(word):
                return word
            dropped = True
            return ""

        kept = WORD.sub(drop, text)
        return " ".join(kept.split()) if dropped else None

    def rewrite(self, text: str) -> str:
        """`text` with each word the corpus lacks replaced by its corpus variant, if any."""

        def replace(match: re.Match[str]) -> str:
            written = match.group(0)
            if "-" not in written:
                return self.variant(written) or written
            parts = written.lower().split("-")
            joined = "".join(parts)
            if self.knows(joined):
                return joined
            if parts[0] not in _PREFIXES and all(self.knows(p) for p in parts if len(p) > 2):
                return written  # "low-heeled", "Tay-Sachs": the corpus has every part
            found = self.variant(joined)
            if found is None or found.replace(" ", "") == joined:
                return written  # nothing new: keep the patient's spelling
            return found  # "over-pronating" -> "excessive pronation"

        return _QUERY_WORD.sub(replace, text)

    def _compound(self, word: str) -> str | None:
        for cut in range(3, len(word) - 2):
            pair = f"{word[:cut]} {word[cut:]}"
            if pair in self.pairs:
                return pair
        return None

    def _derived(self, word: str) -> str | None:
        return self._by_root.get(word_root(word))

    def _prefixed(self, word: str) -> str | None:
        for prefix, glosses in _PREFIXES.items():
            rest = word[len(prefix) :]
            if not word.startswith(prefix) or len(rest) < MIN_VARIANT_LENGTH - 1:
                continue
            base = rest if self.knows(rest) else self._derived(rest)
            if base is None:
                continue
            for gloss in glosses:
                if f"{gloss} {base}" in self.pairs:
                    return f"{gloss} {base}"
            return base
        return None
