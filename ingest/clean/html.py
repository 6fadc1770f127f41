"""Turn a scraped HTML page into plain text: one heading, paragraph or list item per line.

Only structure is handled here (which elements are page furniture, where lines break); junk
inside the article's own text is `ingest.clean`'s job. Text is never rewritten, only its
whitespace is normalised.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Tag

# Never article content: code, styling, site navigation, side boxes, forms and their buttons.
_ALWAYS_DROPPED = (
    "head", "title", "script", "style", "noscript", "template", "nav", "aside", "form", "button",
    "iframe", "svg", "select",
)  # fmt: skip
# The site's banner and footer are dropped; an <article>'s own header/footer may hold its lede.
_PAGE_FURNITURE = ("header", "footer")
_BLOCKS = (
    "address", "article", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p",
    "pre", "section", "summary", "table", "tr", "ul",
)  # fmt: skip
_CELLS = ("td", "th")
_SPACES = re.compile(r"\s+")


def html_to_text(html: str) -> str:
    """The readable text of `html`, one block (heading, paragraph, list item) per line.

    Drops script/style/nav/aside/form/noscript and similar, and header/footer unless they sit
    inside an <article> or <main>. Whitespace is collapsed within lines; no empty lines.
    """
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_ALWAYS_DROPPED):
        if not tag.decomposed:
            tag.decompose()
    for tag in soup.find_all(_PAGE_FURNITURE):
        if not tag.decomposed and tag.find_parent(["article", "main"]) is None:
            tag.decompose()
    root: Tag = soup.body or soup
    # Newlines in the source are just formatting; only block boundaries end a line.
    for text in root.find_all(string=True):
        text.replace_with(_SPACES.sub(" ", str(text)))
    for br in root.find_all("br"):
        br.replace_with("\n")
    for block in root.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    for cell in root.find_all(_CELLS):
        cell.insert_after(" ")
    lines = (_SPACES.sub(" ", line).strip() for line in root.get_text().split("\n"))
    return "\n".join(line for line in lines if line)
