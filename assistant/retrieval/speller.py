"""Spelling correction of search queries towards the corpus's own words, built at start-up."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.retrieval.vocabulary import WORD

# Only long words are corrected: short ones sit one edit from too many others ("acne"/"ache").
MIN_CORRECTED_LENGTH = 6


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Speller:
    """Corrects a misspelt query word to a nearby corpus word ("excercise" -> "exercise").

    Symmetric deletes (SymSpell's idea): two words are one substitution, insertion, deletion or
    swap apart when their one-letter-deleted forms meet. Only words of the corpus are proposed,
    only for words the corpus lacks, with the same first letter, of MIN_CORRECTED_LENGTH or
    more; the most frequent candidate wins.
    """

    def __init__(self, counts: Mapping[str, int]) -> None:
        """`counts`: how often each lower-cased corpus word occurs (`Vocabulary.counts`)."""
        self.counts = counts
        self._by_delete: dict[str, set[str]] = {}
        for word in self.counts:
            if len(word) >= MIN_CORRECTED_LENGTH - 1:
                for variant in _deletes(word) | {word}:
                    self._by_delete.setdefault(variant, set()).add(word)

    def correct_word(self, word: str) -> str:
        lower = word.lower()
        if len(lower) < MIN_CORRECTED_LENGTH or lower in self.counts:
            return word
        found: set[str] = set()
        for variant in _deletes(lower) | {lower}:
            found |= self._by_delete.get(variant, set())
        found = {c for c in found if c[0] == lower[0] and abs(len(c) - len(lower)) <= 1}
        if not found:
            return word
        return max(sorted(found), key=lambda c: self.counts[c])

    def correct(self, text: str) -> str:
        """`text` with each misspelt word replaced by its corpus spelling."""
        return WORD.sub(lambda match: self.correct_word(match.group(0)), text)
