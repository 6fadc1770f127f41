"""Clean a scraped article: remove what is not article content and report every removal.

Contract (the ingestion pipeline relies on it):
- `clean_text(raw, title=...)` returns the article's text, one paragraph or heading per line,
  joined with "\\n", whitespace normalised within lines, no empty lines. Every kept word is
  verbatim from `raw`: citations quote this text, so the cleaner removes, it never rewrites.
- `CleanedText.removed` lists each removal in document order with a kind from `KINDS`
  ("title", "page-chrome", "comment-footer", "seo-spam", "call-to-action", "page-disclaimer")
  and the exact text removed. Kept text plus removed texts account for all of `raw`'s
  non-whitespace characters.
- `ingest.clean.html.html_to_text` turns an HTML page into text for `clean_text`.

The rules themselves live in `ingest.clean.rules` (named, one docstring each) and
`ingest.clean.spam` (foreign-script spam spliced into sentences). This module only applies them:
whole lines first, then spliced spam, then sentence by sentence inside the lines that remain.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.text import sentence_pieces
from ingest.clean.lines import (
    BODY_MARKER,
    board_post_header,
    disclaimer_label,
    related_links_heading,
)
from ingest.clean.rules import (
    CALL_TO_ACTION,
    LINE_RULES,
    PAGE_CHROME,
    PAGE_DISCLAIMER,
    SENTENCE_RULES,
    SEO_SPAM,
    TITLE,
)
from ingest.clean.sentences import button_label, promotional, teaser_question
from ingest.clean.spam import find_spliced_spam

# Link titles in a "Related posts" list: short, and not a sentence.
_MAX_LINK_WORDS = 12


@dataclass(frozen=True)
class Removal:
    """One piece of junk taken out of an article: its kind (one of `KINDS`) and exact text."""

    kind: str
    text: str


@dataclass(frozen=True)
class CleanedText:
    """The cleaned article text and what was removed from it, in document order."""

    text: str
    removed: tuple[Removal, ...]


def clean_text(raw: str, *, title: str = "") -> CleanedText:
    """Remove page chrome, comment footers, spliced spam, calls to action and the page's own
    disclaimer from `raw`; also its first line that is not chrome when it equals `title`
    (ignoring case, spacing and markdown emphasis). Never raises on text input; empty or
    all-junk input gives empty text. See the module docstring for the output contract."""
    lines = _split_glued_headers(_normalised_lines(raw))
    verdicts = _line_verdicts(lines, title)
    kept: list[str] = []
    removed: list[Removal] = []
    previous_junk: str | None = None  # kind of junk that ended the previous line, if any
    for line, kind in zip(lines, verdicts, strict=True):
        if kind is None and previous_junk is not None and button_label(line):
            kind = previous_junk  # the button of the widget removed just before it
        if kind is not None:
            removed.append(Removal(kind, line))
            previous_junk = kind
            continue
        line = _remove_spliced_spam(line, removed)
        text, line_removals, previous_junk = _clean_sentences(line)
        removed.extend(line_removals)
        if text:
            kept.append(text)
    return CleanedText("\n".join(kept), tuple(removed))


def _normalised_lines(raw: str) -> list[str]:
    """Non-empty lines with whitespace runs collapsed to one space (BOM and ZWSP dropped)."""
    raw = raw.replace("\ufeff", "").replace("\u200b", "")
    lines = (" ".join(line.split()) for line in raw.splitlines())
    return [line for line in lines if line]


def _split_glued_headers(lines: list[str]) -> list[str]:
    """Split "<board header>본문<article text>" into the header and the text after it.

    Board engines glue the body marker to the header line; if the article's first paragraph
    is glued on too, it must survive as its own line.
    """
    result: list[str] = []
    for line in lines:
        marker = BODY_MARKER.search(line)
        if marker and marker.end() < len(line) and board_post_header(line[: marker.end()]):
            result.append(line[: marker.end()])
            result.append(line[marker.end() :].strip())
        else:
            result.append(line)
    return result


def _line_verdicts(lines: list[str], title: str) -> list[str | None]:
    """For each line, the kind of junk it is as a whole, or None to look inside it."""
    verdicts: list[str | None] = [_first_kind(line) for line in lines]
    # The title is the first line of the page that is not chrome (breadcrumbs may precede it).
    first = next((i for i, kind in enumerate(verdicts) if kind is None), None)
    if first is not None and title and _same_title(lines[first], title):
        verdicts[first] = TITLE
    for i, line in enumerate(lines):
        if related_links_heading(line):
            _mark_link_list(lines, verdicts, i + 1)
        # A bare "Disclaimer" heading introduces the page's disclaimer: one paragraph.
        if disclaimer_label(line) and i + 1 < len(lines) and verdicts[i + 1] is None:
            verdicts[i + 1] = PAGE_DISCLAIMER
    return verdicts


def _first_kind(line: str) -> str | None:
    return next((rule.kind for rule in LINE_RULES if rule.matches(line)), None)


def _same_title(line: str, title: str) -> bool:
    def key(text: str) -> str:
        return " ".join(text.strip(" #*_").split()).casefold()

    return key(line) == key(title)


def _mark_link_list(lines: list[str], verdicts: list[str | None], start: int) -> None:
    """Mark the link titles under a "Related posts" heading as page chrome.

    Only when the list runs to the end of the page or into other removed junk: a real heading
    is followed by its paragraph, which would end the run before that, so it is never taken.
    """
    end = start
    while end < len(lines) and verdicts[end] is None and _looks_like_link(lines[end]):
        end += 1
    if end > start and (end == len(lines) or verdicts[end] is not None):
        verdicts[start:end] = [PAGE_CHROME] * (end - start)


def _looks_like_link(line: str) -> bool:
    return len(line.split()) <= _MAX_LINK_WORDS and not line.rstrip("\"'”’)").endswith(
        (".", "!", "?", "。")
    )


def _remove_spliced_spam(line: str, removed: list[Removal]) -> str:
    """`line` without foreign-script spam runs, each reported; one space where a run was."""
    spans = find_spliced_spam(line)
    removed.extend(Removal(SEO_SPAM, line[start:end]) for start, end in spans)
    for start, end in reversed(spans):
        left, right = line[:start].rstrip(), line[end:].lstrip()
        joiner = " " if right and right[0].isalnum() else ""
        line = left + joiner + right
    return line


def _clean_sentences(line: str) -> tuple[str, list[Removal], str | None]:
    """Apply the sentence rules inside one line.

    Returns the kept text, the removals (adjacent sentences of one kind merged), and the kind
    of junk the line ends with (None if it ends with content).
    """
    pieces = sentence_pieces(line)
    sentences = [p.strip() for p in pieces]
    kinds = [
        next((rule.kind for rule in SENTENCE_RULES if rule.matches(s)), None) for s in sentences
    ]
    _spread_to_neighbours(sentences, kinds)
    kept = "".join(p for p, k in zip(pieces, kinds, strict=True) if k is None)
    removals: list[Removal] = []
    for i, (sentence, kind) in enumerate(zip(sentences, kinds, strict=True)):
        if kind is None:
            continue
        if i > 0 and kinds[i - 1] == kind:  # one ad or widget, reported once
            removals[-1] = Removal(kind, f"{removals[-1].text} {sentence}")
        else:
            removals.append(Removal(kind, sentence))
    return " ".join(kept.split()), removals, kinds[-1] if kinds else None


def _spread_to_neighbours(sentences: list[str], kinds: list[str | None]) -> None:
    """Extend removals to the sentences that belong to the same ad or widget.

    A promotional sentence next to a call to action is part of the ad ("Contact the best
    doctors... Here we will help ... by the experts in ..."), so is a teaser question right
    before it ("Want more tips like this? Subscribe ..."), and a bare button caption next to
    junk is that widget's button ("... you agree to our use of cookies. Accept").
    """
    changed = True
    while changed:
        changed = False
        for i, sentence in enumerate(sentences):
            if kinds[i] is not None:
                continue
            before = kinds[i - 1] if i > 0 else None
            after = kinds[i + 1] if i + 1 < len(kinds) else None
            if (CALL_TO_ACTION in (before, after) and promotional(sentence)) or (
                after == CALL_TO_ACTION and teaser_question(sentence)
            ):
                kinds[i] = CALL_TO_ACTION
            elif (before or after) and button_label(sentence):
                kinds[i] = before or after
            else:
                continue
            changed = True
