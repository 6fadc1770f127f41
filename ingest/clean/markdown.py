"""Markdown -> plain text lines, before cleaning: what a patient reads, without the markup.

Parsed with markdown-it-py (CommonMark). One heading, paragraph, list item, table row or quote
paragraph per line: headings lose their `#`, emphasis and code markers go, links and images
keep their text, block quotes lose `>`, rules and HTML comments go. List items keep a "- "
bullet ("1. " for ordered lists), as the plain-text articles do. Raw HTML is never kept as
markup: an HTML block is reduced to its text (scripts and styles dropped) and inline tags are
removed. Paragraph text is never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ingest.clean.html import html_to_text

_PARSER = MarkdownIt("commonmark").enable("table")


def markdown_to_text(markdown: str) -> str:
    """Plain text of `markdown`, one paragraph or heading per line."""
    lines: list[str] = []
    bullets: list[str] = []  # one entry per open list: "-" or the next ordered number
    pending = ""  # a list item's bullet, put before its first line
    row: list[str] | None = None
    for token in _PARSER.parse(markdown):
        match token.type:
            case "bullet_list_open":
                bullets.append("-")
            case "ordered_list_open":
                bullets.append(str(int(token.attrGet("start") or 1)))
            case "bullet_list_close" | "ordered_list_close":
                bullets.pop()
            case "list_item_open":
                marker = bullets[-1] if bullets else "-"
                pending = "- " if marker == "-" else f"{marker}. "
                if marker != "-":
                    bullets[-1] = str(int(marker) + 1)
            case "tr_open":
                row = []
            case "tr_close":
                if row:
                    lines.append(" ".join(row))
                row = None
            case "inline":
                text = _inline_text(token.children or [])
                if not text:
                    continue
                if row is not None:
                    row.append(text)
                else:
                    lines.append(pending + text)
                    pending = ""
            case "fence" | "code_block":
                lines.extend(line for line in token.content.splitlines() if line.strip())
            case "html_block":
                lines.extend(html_to_text(token.content).splitlines())
    return "\n".join(line.strip() for line in lines if line.strip())


def _inline_text(children: Sequence[Token]) -> str:
    parts = []
    for child in children:
        match child.type:
            case "text" | "code_inline":
                parts.append(child.content)
            case "softbreak" | "hardbreak":
                parts.append(" ")
            case "image":
                parts.append(_inline_text(child.children or []))
            case "html_inline":
                pass  # a tag: its text, if any, comes as the neighbouring text tokens
    return " ".join("".join(parts).split())
