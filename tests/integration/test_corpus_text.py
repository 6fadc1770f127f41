"""What a clinic's article text can do to a reply: nothing but be shown as text.

Real ingest (markdown-it, cleaning), the real model and engine, and the chat page's renderer:
raw HTML in a `.md` article reaches the reply as its text, never as markup, and the article's
own "[1]" footnote mark is text, not a second link to source 1.
"""

from __future__ import annotations

import re

import pytest

from assistant.settings import Settings
from assistant.web.render import render_answer
from ingest.pipeline import ingest_paths

ARTICLE = "\n".join(
    [
        "# Heel spurs and walking",
        "",
        "<div onclick=\"alert(1)\"><script>alert('article')</script>Heel spurs are bony growths "
        "under the heel bone that can make the first steps of the morning painful.</div>",
        "",
        "Stretching the calf and the sole of the foot every morning eases heel spur pain for most "
        "people [1].",
        "Supportive shoes with a cushioned heel <img src=x onerror=alert(2)> also reduce the "
        "pressure on a heel spur.",
        "",
        "[1]: Heel spur care guideline, 2021.",
    ]
)

FIXED_TAGS = {"div", "p", "a", "span", "strong", "ol", "li", "blockquote"}  # render.py's own


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    from assistant.factory import build_assistant

    root = tmp_path_factory.mktemp("corpus-text")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "heel-spurs.md").write_text(ARTICLE, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", chroma_url=None)
    ingest_paths(settings, embedder=real_embedder)
    engine = build_assistant(settings, embedder=real_embedder)
    yield engine
    engine.close()


def tags(rendered: str) -> set[str]:
    return {tag.lower() for tag in re.findall(r"<\s*/?\s*([a-zA-Z][\w-]*)", rendered)}


def test_raw_html_in_a_markdown_article_is_only_text_in_the_reply(engine) -> None:
    answer = engine.ask("Do supportive shoes with a cushioned heel help a heel spur?")
    assert answer.kind == "answer", answer.answer
    rendered = render_answer(answer, "reply-1")
    assert tags(rendered) <= FIXED_TAGS, tags(rendered) - FIXED_TAGS
    assert "onerror" not in rendered and "onclick" not in rendered and "alert(" not in rendered
    assert "cushioned heel" in rendered


def test_an_articles_own_footnote_mark_is_not_a_citation_link(engine) -> None:
    answer = engine.ask("Does stretching the calf every morning ease heel spur pain?")
    assert answer.kind == "answer", answer.answer
    quoted = next(c for c in answer.citations if "most people [1]" in c.quote)
    rendered = render_answer(answer, "reply-1")
    links = re.findall(r'<a class="cite" href="#reply-1-source-(\d+)">', rendered)
    assert sorted(links) == sorted(str(c.n) for c in answer.citations)  # one per citation
    body = rendered.split('<div class="sources">')[0]
    assert "most people \\[1\\]" in body  # the article's mark, shown as text
    assert quoted.n >= 1
