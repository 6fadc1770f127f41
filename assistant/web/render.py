"""Turn answers and user text into the chat UI's Markdown, safely.

Contract: nothing a patient types and nothing from the corpus can become HTML or a Markdown link
or image. User text, titles and quotes are rendered as literal text (HTML-escaped, Markdown
punctuation backslash-escaped). The engine's answer keeps its own light Markdown (bold, lists,
line breaks) but is HTML-escaped and its square brackets are escaped, except the `[n]` markers
of real citations, which become links to the Sources list under the reply. A `[n]` inside the
quoted article text (an article's own footnote mark, say) is text, even when a citation `n`
exists: a marker is one the engine wrote, outside the passages it quotes. The only HTML here is
written by this module, with fixed tags and classes the page's CSS styles.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import urlparse

from assistant.types import Answer, Citation

_AUTOLINK_TRIGGERS = re.compile(r"([:@]|(?<=www)\.)", re.IGNORECASE)
MARKER = re.compile(r"\[(\d+)\]")
# Escaping ":" and "@" too stops bare URLs and e-mail addresses from becoming links.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:@])")

KIND_CLASSES = {
    "answer": "reply reply-answer",
    "out_of_scope": "reply reply-out-of-scope",
    "urgent": "reply reply-urgent",
}
URGENT_HEADING = "Urgent: please get medical help now"


def literal(text: str) -> str:
    """Markdown that displays `text` exactly, with no HTML, links, images or formatting."""
    escaped = html.escape(text, quote=False)
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", escaped)


def anchor_id(reply_id: str, n: int) -> str:
    """The element id of source `n` in the reply `reply_id` (unique within one conversation)."""
    return f"{reply_id}-source-{n}"


def answer_body(text: str, citations: Sequence[Citation], reply_id: str) -> str:
    """The engine's Markdown with HTML escaped and its `[n]` markers linked to their sources."""
    known = {citation.n for citation in citations}
    quoted = quoted_spans(text, citations)
    parts, done = [], 0
    for match in MARKER.finditer(text):
        n = int(match.group(1))
        if n not in known or any(start <= match.start() < end for start, end in quoted):
            continue  # not a citation, or the article's own text: stays text
        parts.append(_escaped_answer(text[done : match.start()]))
        parts.append(f'<a class="cite" href="#{anchor_id(reply_id, n)}">[{n}]</a>')
        done = match.end()
    parts.append(_escaped_answer(text[done:]))
    return "".join(parts)


def quoted_spans(text: str, citations: Sequence[Citation]) -> list[tuple[int, int]]:
    """Where the answer repeats its citations' quotes: (start, end) offsets into `text`.

    Each line of each quote is looked for in citation order, each after the one before (the
    engine writes passage 1, its marker, passage 2, ...), comparing with runs of whitespace
    collapsed and `*` dropped (the engine bolds headings). A line not found marks nothing.
    """
    normal, where = _normalised(text)
    spans, cursor = [], 0
    for citation in sorted(citations, key=lambda c: c.n):
        for line in citation.quote.splitlines():
            piece = _normalised(line)[0].strip()
            found = normal.find(piece, cursor) if piece else -1
            if found >= 0:
                spans.append((where[found], where[found + len(piece) - 1] + 1))
                cursor = found + len(piece)
    return spans


def _normalised(text: str) -> tuple[str, list[int]]:
    """`text` with `*` dropped and whitespace runs as one space, and each kept char's offset."""
    chars: list[str] = []
    where: list[int] = []
    for offset, char in enumerate(text):
        if char == "*" or (char.isspace() and chars and chars[-1] == " "):
            continue
        chars.append(" " if char.isspace() else char)
        where.append(offset)
    return "".join(chars), where


def _escaped_answer(text: str) -> str:
    escaped = html.escape(text, quote=False).replace("[", "\\[").replace("]", "\\]")
    return _AUTOLINK_TRIGGERS.sub(r"\\\1", escaped)  # no bare URL or e-mail becomes a link


def sources_section(citations: Sequence[Citation], reply_id: str) -> str:
    """A numbered Sources list: title, the quoted passage, and the article link when known."""
    if not citations:
        return ""
    items = []
    for citation in sorted(citations, key=lambda c: c.n):
        link = ""
        if _is_web_url(citation.url):
            href = html.escape(citation.url, quote=True)
            link = (
                f' <a class="source-link" href="{href}" target="_blank" rel="noopener">'
                "Read the article</a>"
            )
        items.append(
            f'<li id="{anchor_id(reply_id, citation.n)}" class="source">'
            f'<span class="source-n">[{citation.n}]</span> '
            f'<strong class="source-title">{html.escape(citation.title, quote=False)}</strong>'
            f"{link}"
            f'<blockquote class="source-quote">{html.escape(citation.quote, quote=False)}'
            "</blockquote>"
            "</li>"
        )
    return (
        '<div class="sources"><p class="sources-heading">Sources</p><ol>'
        + "".join(items)
        + "</ol></div>"
    )


def render_answer(answer: Answer, reply_id: str) -> str:
    """The full reply bubble: kind styling, body with linked markers, sources, disclaimer."""
    body = answer_body(answer.answer, answer.citations, reply_id)
    parts = [f'<div class="{KIND_CLASSES[answer.kind]}">']
    if answer.kind == "urgent":
        # role=alert makes screen readers announce it; the heading makes it unmissable.
        parts.append(f'<p class="urgent-heading" role="alert">⚠ {URGENT_HEADING}</p>')
    # Blank lines around the body let the Markdown inside the HTML block render.
    parts.append(f"\n\n{body}\n\n")
    parts.append(sources_section(answer.citations, reply_id))
    parts.append(f'<p class="reply-disclaimer">{html.escape(answer.disclaimer, quote=False)}</p>')
    parts.append("</div>")
    return "".join(parts)


def example_questions(topics: Sequence[str], limit: int = 4) -> list[str]:
    """Example questions built from article titles, so they change with the clinic's corpus."""
    titles = (title.strip().rstrip(".?!:;") for title in topics)
    return [f"Tell me about {title}" for title in titles if title][:limit]


def _is_web_url(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)
