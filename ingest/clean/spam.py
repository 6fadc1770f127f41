"""Find SEO spam spliced into sentences: a run of words in a foreign script inside a line.

Scraped pages get keyword spam pasted into the middle of a sentence ("the soft tissues and
小倉南区 整体 connective fibers"). What gives it away is the writing system: a run of letters in a
script that is not the line's own, sitting between two words of the line's script. This module
only *finds* such spans; `ingest.clean` removes them and reports them.

It must not flag foreign terms that belong to the text, so it deliberately leaves alone:
- terms in brackets or quotes ("pain (ἄλγος)", "qi 「气」"), the usual way a term is glossed;
- Latin and Greek letters anywhere (drug names, units, "MRI", "β-blocker", "μg");
- a foreign term at the start or end of a line, or after a colon (labels, bilingual headings);
- lines where the line's own script has fewer than twice the letters of the foreign one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

# Scripts that never count as spam inside another script's text: Latin is used for technical
# terms in every language, Greek letters are scientific symbols.
EXEMPT_SCRIPTS = frozenset({"LATIN", "GREEK"})
# East Asian scripts mix legitimately (Japanese kanji with kana, Korean with hanja).
_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "HALFWIDTH"})
# Characters that may join words of one spam run ("小倉南区 整体", "整体-院").
_JOINERS = frozenset(" -·・_")
_OPENERS = "([{\"'“‘«「『（【"
_CLOSERS = ")]}\"'”’»」』）】"
# What may follow a spliced run: the sentence goes on, or it ends right after the spam.
_SENTENCE_PUNCTUATION = ".,;!?…"
# The line's own script must clearly dominate, so a bilingual line is never stripped.
_MIN_MAIN_TO_FOREIGN = 2
_MIN_SPAM_LETTERS = 2
# ASCII, Latin-1, Latin Extended, IPA, spacing modifiers and combining marks, Greek, Latin
# Extended Additional, general punctuation, currency and letterlike symbols: most lines of a
# Latin-script corpus are made of nothing else and need no per-character look-up.
_LATIN_GREEK_OR_SYMBOL = re.compile(r"[\x00-\u03ff\u1e00-\u1fff\u2000-\u214f]*")


@lru_cache(maxsize=4096)
def script_of(char: str) -> str | None:
    """The writing system of a letter ("LATIN", "CJK", "CYRILLIC", ...), None for non-letters."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if not name:
        return None
    if name.startswith("FULLWIDTH LATIN"):
        return "LATIN"
    script = name.split(" ", 1)[0]
    return "CJK" if script in _EAST_ASIAN else script


def dominant_script(text: str) -> str | None:
    """The script with the most letters in `text`, None when it has no letters."""
    counts = Counter(s for s in map(script_of, text) if s is not None)
    return counts.most_common(1)[0][0] if counts else None


def find_spliced_spam(line: str) -> list[tuple[int, int]]:
    """Character spans `[start, end)` of foreign-script runs spliced into `line`'s sentences.

    A span is reported only when it is a run of at least two letters of one script that is not
    the line's dominant script (nor Latin or Greek), written between a word of the line (before
    it: a letter, digit or comma of the line's script) and the rest of the sentence (after it: a
    letter or digit of the line's script, or sentence punctuation), not bracketed or quoted, and
    the line's script has at least twice as many letters as the foreign one. Spans never
    overlap and are in order.
    """
    if _LATIN_GREEK_OR_SYMBOL.fullmatch(line):
        return []  # fast path: no letter of any other script, so nothing to find
    letters = Counter(s for s in map(script_of, line) if s is not None)
    if not letters:
        return []
    main = letters.most_common(1)[0][0]
    spans = []
    for start, end in _foreign_runs(line, main):
        run_script = script_of(line[start]) or ""  # a run always starts with a letter
        run_letters = sum(1 for ch in line[start:end] if script_of(ch) == run_script)
        dominates = letters[main] >= _MIN_MAIN_TO_FOREIGN * letters[run_script]
        if (
            run_letters >= _MIN_SPAM_LETTERS
            and dominates
            and _is_inside_sentence(line, start, end, main)
        ):
            spans.append((start, end))
    return spans


def _foreign_runs(line: str, main: str) -> list[tuple[int, int]]:
    """Maximal runs of letters of one foreign script, joined only by spaces or hyphens."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(line):
        script = script_of(line[i])
        if script is None or script == main or script in EXEMPT_SCRIPTS:
            i += 1
            continue
        start = end = i
        j = i
        while j < len(line) and (line[j] in _JOINERS or _continues(line[j], script)):
            if script_of(line[j]) == script or unicodedata.category(line[j]).startswith("M"):
                end = j + 1  # a joiner only counts once another letter follows it
            j += 1
        runs.append((start, end))
        i = end
    return runs


def _continues(char: str, script: str) -> bool:
    """Whether `char` can continue a run of `script`: a letter of it or a combining mark."""
    return script_of(char) == script or unicodedata.category(char).startswith("M")


def _is_inside_sentence(line: str, start: int, end: int, main: str) -> bool:
    """Whether the run sits between words of the line's own sentence (see find_spliced_spam)."""
    before = line[:start].rstrip()
    after = line[end:].lstrip()
    if not before or not after:
        return False
    prev, nxt = before[-1], after[0]
    if prev in _OPENERS or nxt in _CLOSERS:
        return False
    prev_ok = script_of(prev) == main or prev.isdigit() or prev == ","
    next_ok = script_of(nxt) == main or nxt.isdigit() or nxt in _SENTENCE_PUNCTUATION
    return prev_ok and next_ok
