"""Paths and small helpers the tests share (fixtures live in the conftest files)."""

from __future__ import annotations

import re
import socket
from pathlib import Path

from evals.paths import MEDQUAD, REPO

CORPUS = REPO / "corpus"
DATA = Path(__file__).resolve().parent / "data"
# A base URL for test clients whose host the app answers by default (ASSISTANT_ALLOWED_HOSTS).
LOCAL = "http://127.0.0.1"

__all__ = ["CORPUS", "DATA", "LOCAL", "MEDQUAD", "REPO", "assert_well_cited", "free_port"]


def free_port() -> int:
    """A free loopback TCP port (bound to port 0, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# A clinic's own numbers, and one message per triage level (from the label definitions), for
# the tests that check each level's reply in the API, the chat page and the widget.
CLINIC_NUMBERS = {
    "emergency_number": "112",
    "crisis_line": "116 123",
    "poison_line": "0800 147 147",
}
TRIAGE_LEVEL_CASES = [
    ("my dad's face is drooping on one side and his speech is slurred", "emergency", ["112"]),
    (
        "I have a high fever and shivers and a bad pain in my side, and keep throwing up",
        "same_day",
        ["112"],
    ),
    ("I don't want to be here anymore, I have the pills ready", "crisis", ["116 123", "112"]),
    ("my toddler swallowed a button battery", "poison", ["0800 147 147", "112"]),
]


def assert_well_cited(answer, cleaned) -> None:
    """Every citation quotes the cleaned article verbatim, every marker has a citation, and
    every paragraph of the reply is one of the quotes: nothing invented."""
    assert answer.citations, answer.answer
    for citation in answer.citations:
        assert cleaned[citation.source_id][citation.start : citation.end] == citation.quote
        assert citation.quote.strip() == citation.quote and citation.quote
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == {c.n for c in answer.citations}
    # Every answer sentence is a cited sentence of the articles: nothing invented.
    body = re.sub(r"\*\*(.+?):\*\*", r"\1", re.sub(r"\s*\[\d+\]", "", answer.answer))
    for paragraph in body.split("\n\n"):
        assert any(
            paragraph.replace(" ", "") == c.quote.replace("\n", "").replace(" ", "")
            for c in answer.citations
        ), paragraph
