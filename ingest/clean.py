"""Pass-through stub of the cleaner; the real one replaces this file (same signatures)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Removal:
    kind: str
    text: str


@dataclass(frozen=True)
class CleanedText:
    text: str
    removed: tuple[Removal, ...]


def clean_text(raw: str, *, title: str = "") -> CleanedText:
    """Stub: returns the text with surrounding whitespace trimmed per line."""
    lines = [line.strip() for line in raw.splitlines()]
    return CleanedText("\n".join(line for line in lines if line), ())


def html_to_text(html: str) -> str:
    """Stub: HTML -> text lines via BeautifulSoup."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").get_text("\n")
