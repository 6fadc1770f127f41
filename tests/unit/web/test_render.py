"""Rendering answers for the chat page: text stays text, markers link to their sources.

Markdown is rendered here with markdown-it (CommonMark, linkify on) as a stand-in for the
browser's renderer; the real renderer is exercised by tests/test_ui_browser.py.
"""

from __future__ import annotations

import html
import re

import pytest

from assistant.types import Answer, Citation
from assistant.web.render import (
    anchor_id,
    answer_body,
    example_questions,
    literal,
    render_answer,
    sources_section,
)

markdown_it = pytest.importorskip("markdown_it")
MARKDOWN = markdown_it.MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")

NASTY = [
    '<img src=x onerror="alert(1)">',
    "<script>alert('x')</script>",
    "**bold** _it_ `code` # heading",
    "[link](https://evil.example) ![img](https://evil.example/a.png)",
    "1. not a list\n- nor this\n> nor a quote",
    "a & b < c > d \\ e $$x$$ | f | ~~g~~",
]


def citation(n: int, url: str = "", quote: str = "Walking helps.") -> Citation:
    return Citation(
        n=n,
        source_id="a.txt",
        title="Walking & <You>",
        url=url,
        chunk_id="c1",
        quote=quote,
        start=0,
        end=len(quote),
    )


def visible_text(rendered_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered_html))


@pytest.mark.parametrize("text", NASTY)
def test_literal_renders_back_to_exactly_the_same_text(text: str) -> None:
    rendered = MARKDOWN.render(literal(text))
    tags = set(re.findall(r"<(\w+)", rendered))
    assert tags <= {"p", "br"}, rendered
    assert visible_text(rendered).strip() == text


def test_literal_keeps_bare_urls_and_emails_from_linking() -> None:
    escaped = literal("see https://evil.example or mail me@evil.example")
    assert "https://" not in escaped and "me@" not in escaped


def test_citation_markers_link_to_their_source_entries() -> None:
    citations = [citation(1), citation(2)]
    body = answer_body("Walk daily [1]. Rest too [2].", citations, "reply-3")
    rendered = MARKDOWN.render(body)
    hrefs = re.findall(r'<a class="cite" href="#([^"]+)">\[(\d)\]</a>', rendered)
    assert hrefs == [(anchor_id("reply-3", 1), "1"), (anchor_id("reply-3", 2), "2")]
    sources = sources_section(citations, "reply-3")
    for target, _ in hrefs:
        assert f'id="{target}"' in sources


def test_unknown_markers_and_markup_in_the_answer_stay_text() -> None:
    body = answer_body(
        "See [7] and <b>x</b> [a](javascript:alert(1)) www.spam.example **kept**",
        [citation(1)],
        "r",
    )
    rendered = MARKDOWN.render(body)
    assert "<b>" not in rendered and "<a" not in rendered
    assert "[7]" in visible_text(rendered)
    assert "<strong>kept</strong>" in rendered  # the engine's own Markdown still works


def test_sources_show_title_quote_and_only_web_links() -> None:
    quote = "Shoes <matter> & so do arches."
    section = sources_section(
        [
            citation(2, "https://clinic.example/a?x=1&y=2", quote),
            citation(1, "javascript:alert(1)"),
        ],
        "r",
    )
    assert section.index("[1]") < section.index("[2]")
    assert "Walking &amp; &lt;You&gt;" in section
    assert "Shoes &lt;matter&gt; &amp; so do arches." in section
    assert section.count("<a ") == 1
    assert 'href="https://clinic.example/a?x=1&amp;y=2"' in section
    assert "javascript" not in section


def test_urgent_reply_has_the_alert_heading_and_disclaimer() -> None:
    answer = Answer(kind="urgent", answer="Call now.", disclaimer="Not advice.")
    rendered = render_answer(answer, "r")
    assert 'class="reply reply-urgent"' in rendered
    assert 'role="alert"' in rendered
    assert rendered.count("Not advice.") == 1


def test_a_bracketed_number_in_the_article_text_is_not_a_citation() -> None:
    # The article's own footnote marks "[1]" and "[2]": quoted, they must stay text even
    # though citations 1 and 2 exist (they used to become links to the wrong sources).
    first = "Walking helps most people [1].\nSee the guideline [2]"
    second = "Toe pressing\nPress your toes [1] down."
    citations = [citation(1, quote=first), citation(2, quote=second)]
    text = (
        "Walking helps most people [1]. See the guideline [2] [1]\n\n"
        "**Toe pressing:** Press your toes [1] down. [2]"
    )
    rendered = MARKDOWN.render(answer_body(text, citations, "r"))
    links = re.findall(r'<a class="cite" href="#r-source-(\d)">\[(\d)\]</a>', rendered)
    assert links == [("1", "1"), ("2", "2")]  # the engine's two markers, nothing else
    shown = visible_text(rendered)
    assert "people [1]. See the guideline [2]" in shown and "toes [1] down" in shown


def test_example_questions_follow_the_titles() -> None:
    titles = ["Knee Care.", "", "Sleep", "Diet", "Hands", "Eyes"]
    questions = example_questions(titles, limit=3)
    assert questions == ["Tell me about Knee Care", "Tell me about Sleep", "Tell me about Diet"]
    assert example_questions([]) == []
