"""Cleaning: turn a delivered page (text, Markdown, HTML) into the article's text, junk removed.

`clean_text` (in `cleaner`) applies the named rules of `rules`, `lines`, `sentences` and
`spam`; `html_to_text` and `markdown_to_text` turn markup into the plain lines it reads.
"""

from ingest.clean.cleaner import CleanedText, Removal, clean_text
from ingest.clean.html import html_to_text
from ingest.clean.markdown import markdown_to_text
from ingest.clean.rules import KINDS

__all__ = ["KINDS", "CleanedText", "Removal", "clean_text", "html_to_text", "markdown_to_text"]
