"""Split a cleaned article into chunks that keep sentences whole and procedures together.

The cleaned text has one paragraph or heading per line. A heading (a short line without
terminal punctuation) opens a section; the section's heading and its lines (an exercise's
steps, say) stay in one chunk whenever they fit `max_chars`. Text outside headed sections is
packed paragraph by paragraph up to `target_chars`. Nothing is ever cut inside a sentence,
except a single "sentence" longer than `max_chars`, which is cut at a space so that every chunk
fits the model's 256-token window.

Every chunk records its character offsets in the cleaned text (`text[start:end] == chunk.text`)
and the offsets of the sentences inside it, which the answer engine composes answers from.
This module is pure text processing: no model, no store.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from assistant.text import Span, is_heading, lines, skip_space, split_sentences
from assistant.types import Article, Chunk

TARGET_CHARS = 600  # pack small paragraphs up to this; MiniLM does best on short passages
MAX_CHARS = 900  # ~200 tokens: a chunk never exceeds this unless a heading is glued on


@dataclass(frozen=True)
class PlannedChunk:
    """A chunk ready to embed: the chunk, its sentences, and exactly what the model sees.

    `sentences` are absolute offsets in the article text; `embed_spans` are the same
    sentences as offsets into `embed_text` (title and section context + the chunk text).
    """

    chunk: Chunk
    sentences: tuple[Span, ...]
    embed_text: str
    embed_spans: tuple[Span, ...]


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    glue: bool  # a heading or lead-in line: must share a chunk with what follows


def chunk_article(
    article: Article, *, target_chars: int = TARGET_CHARS, max_chars: int = MAX_CHARS
) -> list[PlannedChunk]:
    """Chunks of `article.text` in reading order; see the module docstring for the rules."""
    planned: list[PlannedChunk] = []
    seen_ids: dict[str, int] = {}
    for section, section_lines in _sections(article.text):
        block_start, block_end = section_lines[0][0], section_lines[-1][1]
        if section and block_end - block_start <= max_chars:
            pieces = [(block_start, block_end)]  # a whole procedure in one chunk
        else:
            atoms = _atoms(article.text, section_lines, max_chars)
            pieces = _pack(atoms, target_chars)
        for start, end in pieces:
            planned.append(_plan(article, section, start, end, seen_ids))
    return planned


def chunk_id(source_id: str, text: str, occurrence: int = 0) -> str:
    """Content hash of a chunk; `occurrence` tells apart identical passages in one article."""
    key = f"{source_id}\x00{text}" + (f"\x00{occurrence}" if occurrence else "")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _sections(text: str) -> list[tuple[str, list[Span]]]:
    """Lines grouped into (section heading, lines): a heading opens a section; consecutive
    headings share one (the last names it); lines before the first heading have section ""."""
    sections: list[tuple[str, list[Span]]] = []
    has_body = True
    for start, end in lines(text):
        line = text[start:end]
        if is_heading(line):
            heading = line.lstrip("#").strip()
            if has_body or not sections:
                sections.append((heading, []))
            else:
                sections[-1] = (heading, sections[-1][1])
            sections[-1][1].append((start, end))
            has_body = False
        else:
            if not sections:
                sections.append(("", []))
            sections[-1][1].append((start, end))
            has_body = True
    return sections


def _atoms(text: str, line_spans: list[Span], max_chars: int) -> list[_Atom]:
    """Units a chunk boundary may fall between: lines, or sentences of over-long lines."""
    atoms = []
    for start, end in line_spans:
        line = text[start:end]
        glue = is_heading(line) or line.endswith(":")
        if end - start <= max_chars:
            atoms.append(_Atom(start, end, glue))
            continue
        for sentence_start, sentence_end in split_sentences(text, start, end):
            for piece in _cut_long(text, sentence_start, sentence_end, max_chars):
                atoms.append(_Atom(*piece, glue=False))
    return atoms


def _cut_long(text: str, start: int, end: int, max_chars: int) -> list[Span]:
    """Cut a run-on sentence at spaces into pieces of at most `max_chars`."""
    pieces = []
    while end - start > max_chars:
        cut = text.rfind(" ", start + 1, start + max_chars)
        cut = cut if cut > start else start + max_chars
        pieces.append((start, cut))
        start = skip_space(text, cut, end)
    pieces.append((start, end))
    return pieces


def _pack(atoms: list[_Atom], target_chars: int) -> list[Span]:
    """Greedily join consecutive atoms up to `target_chars`; glued atoms never end a chunk."""
    pieces: list[Span] = []
    current: _Atom | None = None
    for atom in atoms:
        if current is None:
            current = atom
        elif current.glue or atom.end - current.start <= target_chars:
            current = _Atom(current.start, atom.end, atom.glue)
        else:
            pieces.append((current.start, current.end))
            current = atom
    if current is not None:
        pieces.append((current.start, current.end))
    return pieces


def _plan(
    article: Article, section: str, start: int, end: int, seen_ids: dict[str, int]
) -> PlannedChunk:
    text = article.text[start:end]
    base_id = chunk_id(article.source_id, text)
    occurrence = seen_ids.get(base_id, 0)
    seen_ids[base_id] = occurrence + 1
    chunk = Chunk(
        chunk_id=chunk_id(article.source_id, text, occurrence),
        source_id=article.source_id,
        title=article.title,
        section=section,
        text=text,
        start=start,
        end=end,
        url=article.url,
    )
    sentences = tuple(split_sentences(article.text, start, end))
    # What the model sees: the title (and the section, unless the chunk starts with it) give
    # context that a passage like "Keep this position for three seconds" lacks on its own.
    context = [article.title] if article.title else []
    if section and section != article.title and not text.startswith(section):
        context.append(section)
    prefix = "".join(part + "\n" for part in context)
    shift = len(prefix) - start
    embed_spans = tuple((s + shift, e + shift) for s, e in sentences)
    return PlannedChunk(chunk, sentences, prefix + text, embed_spans)
