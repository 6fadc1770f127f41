"""The cleaner's rules: named predicates that recognise junk in a scraped article.

Each rule is a small function whose docstring says what it removes and why that is safe, so it
can be read and tested on its own. `LINE_RULES` judge a whole line (paragraph or heading);
`SENTENCE_RULES` judge one sentence inside a line, so that an ad at the end of a real paragraph
goes and the paragraph stays. The rules only answer "is this junk, and of which kind"; removing,
reporting and keeping the rest verbatim is `ingest.clean`'s job.

Bias: when unsure, keep. A lost sentence of article content is worse than a stray line of chrome.
Nothing here may be specific to one article: patterns name kinds of page furniture that recur
across sites and languages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ingest.clean.lines import (
    board_post_header,
    breadcrumb,
    chrome_label,
    comment_section,
    copyright_notice,
    disclaimer_heading,
    prev_next_links,
    share_buttons,
    taxonomy_line,
)
from ingest.clean.sentences import (
    call_to_action,
    cookie_banner,
    disclaimer_sentence,
)

TITLE = "title"
PAGE_CHROME = "page-chrome"
COMMENT_FOOTER = "comment-footer"
SEO_SPAM = "seo-spam"
CALL_TO_ACTION = "call-to-action"
PAGE_DISCLAIMER = "page-disclaimer"
KINDS = frozenset({TITLE, PAGE_CHROME, COMMENT_FOOTER, SEO_SPAM, CALL_TO_ACTION, PAGE_DISCLAIMER})


@dataclass(frozen=True)
class Rule:
    """A named junk detector: `matches(text)` is True when `text` is junk of `kind`."""

    kind: str
    matches: Callable[[str], bool]

    @property
    def name(self) -> str:
        return self.matches.__name__


LINE_RULES: tuple[Rule, ...] = (
    Rule(PAGE_CHROME, board_post_header),
    Rule(PAGE_CHROME, chrome_label),
    Rule(PAGE_CHROME, breadcrumb),
    Rule(PAGE_CHROME, taxonomy_line),
    Rule(PAGE_CHROME, copyright_notice),
    Rule(CALL_TO_ACTION, share_buttons),
    Rule(COMMENT_FOOTER, prev_next_links),
    Rule(COMMENT_FOOTER, comment_section),
    Rule(PAGE_DISCLAIMER, disclaimer_heading),
)
"""Whole-line rules, tried in order; the first that matches gives the removal's kind."""

SENTENCE_RULES: tuple[Rule, ...] = (
    Rule(PAGE_CHROME, cookie_banner),
    Rule(PAGE_DISCLAIMER, disclaimer_sentence),
    Rule(CALL_TO_ACTION, call_to_action),
)
"""Rules for single sentences inside a kept line, tried in order."""
