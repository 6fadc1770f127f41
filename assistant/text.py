"""Text helpers every stage shares: the search tokenizer, the stop list, sentences, headings.

One copy of each, used by ingestion (chunking, cleaning), retrieval (BM25, the gate's word
coverage), the composer and the evals, so that "a sentence" or "a word" means the same thing
everywhere. Pure functions over strings: no model, nothing loaded at import.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

# -- words ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w\w+", re.UNICODE)
# A short English stop list: BM25 should not reward "what", "does", "my".
_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not of off on once only or other our ours ourselves
    out over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself yourselves get got im ive dont cant
    please tell know whats hows whys wheres whos thats theres isnt arent doesnt didnt wont
    wouldnt shouldnt couldnt youre ur"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def light_stem(token: str) -> str:
    """Strip common English inflections so "exercises"/"exercise", "walking"/"walk" meet.

    Deliberately tiny: plural -s/-es/-ies, -ing, -ed.
    """
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 5 and token.endswith("ing"):
        return token[:-3]
    if len(token) > 4 and token.endswith("ed"):
        return token[:-2]
    if len(token) > 4 and token.endswith(("sses", "ches", "shes", "xes", "zes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop-word-free, lightly stemmed word tokens (BM25, gate, composer)."""
    return [
        light_stem(word)
        for word in _TOKEN.findall(text.lower())
        if word not in STOPWORDS and not word.isdigit()
    ]


# -- sentences -----------------------------------------------------------------------------

# Abbreviations after which a period never ends a sentence (lower case, without the final dot).
_ABBREVIATIONS = frozenset(
    ["e.g", "i.e", "dr", "mr", "mrs", "ms", "prof", "vs", "approx", "cf", "al", "jr", "sr"]
)
_BEFORE_NUMBERS = frozenset(["no", "fig", "vol", "p", "pp"])  # "No. 5", "Fig. 2"
# End punctuation, optional closing quotes/brackets, then space and a character that may
# start a sentence (not a lower-case letter: "etc. and" or "a.m. to" go on); or a CJK full
# stop; or a URL followed by a capitalised word (scraped text drops the full stop there).
_BOUNDARY = re.compile(
    r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[\-•*]?[^\sa-z])|[。！？]+|https?://\S+(?=\s+[A-Z])"
)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans (absolute offsets, whitespace trimmed) of `text[start:end]`.

    Every line break ends a sentence, so headings and list lines without final punctuation
    are sentences too. A period after an abbreviation ("e.g.", "Dr."), a single initial
    ("J."), or inside a number ("2.5") does not end a sentence.
    """
    end = len(text) if end is None else end
    spans: list[Span] = []
    for line_start, line_end in lines(text, start, end):
        cursor = line_start
        for match in _BOUNDARY.finditer(text, line_start, line_end):
            if _is_abbreviation(text, line_start, match.start()):
                continue
            if match.end() > cursor:
                spans.append((cursor, match.end()))
            cursor = skip_space(text, match.end(), line_end)
        if cursor < line_end:
            spans.append((cursor, line_end))
    return spans


_ASKS = re.compile(
    r"^\W*(how|what|whats|why|when|where|which|who|whom|is|are|am|can|could|should|would|will|"
    r"do|does|did|has|have|may|might|must|any|anything|i (want|would like|need) to know|"
    r"i('m| am) wondering|i wonder|please (tell|explain|help))\b",
    re.IGNORECASE,
)


def is_question(sentence: str) -> bool:
    """A sentence that asks: it ends with "?" or opens like a question or a request for one
    ("how ...", "can ...", "I wonder ...", "please explain ...")."""
    return sentence.rstrip().endswith("?") or bool(_ASKS.match(sentence))


def sentence_pieces(line: str) -> list[str]:
    """The sentences of one line, each with the whitespace after it, so "".join restores it."""
    spans = split_sentences(line)
    if not spans:
        return [line] if line else []
    starts = [0] + [start for start, _ in spans[1:]]
    ends = [start for start, _ in spans[1:]] + [len(line)]
    return [line[s:e] for s, e in zip(starts, ends, strict=True)]


def lines(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Non-blank lines of `text[start:end]`, whitespace trimmed, as absolute spans."""
    end = len(text) if end is None else end
    spans = []
    for match in re.finditer(r"[^\n]+", text[start:end]):
        line_start, line_end = start + match.start(), start + match.end()
        while line_start < line_end and text[line_start].isspace():
            line_start += 1
        while line_end > line_start and text[line_end - 1].isspace():
            line_end -= 1
        if line_start < line_end:
            spans.append((line_start, line_end))
    return spans


def skip_space(text: str, position: int, end: int) -> int:
    """The first position at or after `position` (before `end`) that is not whitespace."""
    while position < end and text[position].isspace():
        position += 1
    return position


def _is_abbreviation(text: str, line_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > line_start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lstrip("(\"'“‘").lower()
    if word in _ABBREVIATIONS:
        return True
    if word in _BEFORE_NUMBERS:
        following = text[skip_space(text, dot + 1, len(text)) : dot + 40]
        return following[:1].isdigit()
    return len(word) == 1 and word.isalpha() and text[dot - 1].isupper()  # an initial


# -- headings ------------------------------------------------------------------------------

MAX_HEADING_CHARS = 120
MAX_HEADING_WORDS = 14
_TERMINAL = ".!?…:;,\"'”’)]"


def is_heading(line: str) -> bool:
    """A short line without terminal punctuation, like "Toe pressing" or "## Causes"."""
    line = line.strip().lstrip("#").strip()
    return (
        0 < len(line) <= MAX_HEADING_CHARS
        and len(line.split()) <= MAX_HEADING_WORDS
        and line[-1] not in _TERMINAL
        and not line.startswith(("-", "•", "*"))
    )
