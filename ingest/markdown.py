"""Markdown -> plain text lines, before cleaning: what a patient reads, without the markup.

Headings lose their `#`, emphasis and inline-code markers go, links and images keep their
text, block quotes lose `>`, rules and HTML comments go. List markers stay ("- item"), as
they do in the plain-text articles. Paragraph text is never dropped.
"""

from __future__ import annotations

import re

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|\*|`)(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORES = re.compile(r"(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")  # not snake_case
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^(\s*)[*+]\s+")


def markdown_to_text(markdown: str) -> str:
    """Plain text of `markdown`, one paragraph or heading per line."""
    text = _COMMENT.sub("", markdown)
    lines = []
    for line in text.splitlines():
        if _RULE.match(line) or line.strip().startswith("```"):
            continue
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
        line = _QUOTE.sub("", line)
        line = _BULLET.sub(r"\1- ", line)
        line = _IMAGE_OR_LINK.sub(r"\1", line)
        line = _UNDERSCORES.sub(r"\2", _EMPHASIS.sub(r"\2", line))
        lines.append(line)
    return "\n".join(lines)
