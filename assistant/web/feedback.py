"""Thumbs up / down feedback on replies, kept in one SQLite file.

Each record holds what staff need to judge a reply later: the question, the reply text, the
citations behind it, the rating and when it was given. The store opens a short-lived connection
per call, so the API's worker threads and Gradio's threads can share one store safely.
It never touches the answer index.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.settings import Settings
from assistant.types import AnswerKind, Citation

Rating = Literal["up", "down"]
EXPORT_FIELDS = ("id", "created_at", "rating", "kind", "question", "reply", "citations", "comment")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    kind TEXT NOT NULL,
    question TEXT NOT NULL,
    reply TEXT NOT NULL,
    citations TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT ''
)
"""


class FeedbackRecord(BaseModel):
    """One stored rating; `citations` are the reply's citations as given."""

    model_config = ConfigDict(frozen=True)

    id: int
    created_at: str
    rating: Rating
    kind: AnswerKind
    question: str
    reply: str
    citations: list[Citation]
    comment: str = ""


def feedback_path(settings: Settings) -> Path:
    """Where feedback is stored: ASSISTANT_FEEDBACK_DB, else var/feedback.sqlite3."""
    return settings.feedback_db or Path("var") / "feedback.sqlite3"


class FeedbackStore:
    """Append-only feedback records in SQLite at `path` (created with its folder on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10)
        if not self._ready:
            with connection:
                connection.execute(_SCHEMA)
            self._ready = True
        return connection

    def add(
        self,
        *,
        rating: Rating,
        kind: AnswerKind,
        question: str,
        reply: str,
        citations: Sequence[Citation] = (),
        comment: str = "",
    ) -> int:
        """Store one rating in a single transaction and return its id."""
        citations_json = json.dumps([citation.model_dump() for citation in citations])
        created_at = datetime.now(UTC).isoformat(timespec="seconds")
        connection = self._connect()
        try:
            with connection:
                cursor = connection.execute(
                    "INSERT INTO feedback (created_at, rating, kind, question, reply, citations,"
                    " comment) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (created_at, rating, kind, question, reply, citations_json, comment),
                )
        finally:
            connection.close()
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def records(self) -> list[FeedbackRecord]:
        """All records, oldest first."""
        connection = self._connect()
        try:
            rows = connection.execute(
                f"SELECT {', '.join(EXPORT_FIELDS)} FROM feedback ORDER BY id"
            ).fetchall()
        finally:
            connection.close()
        records = []
        for row in rows:
            values = dict(zip(EXPORT_FIELDS, row, strict=True))
            values["citations"] = json.loads(values["citations"])
            records.append(FeedbackRecord.model_validate(values))
        return records

    def export_jsonl(self) -> str:
        """One JSON object per line, citations as a list."""
        return "".join(record.model_dump_json() + "\n" for record in self.records())

    def export_csv(self) -> str:
        """A CSV with a header row; the citations column holds their JSON list."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_FIELDS)
        for record in self.records():
            row = record.model_dump()
            row["citations"] = json.dumps(row["citations"])
            writer.writerow([_defuse_formula(row[field]) for field in EXPORT_FIELDS])
        return buffer.getvalue()


def _defuse_formula(value: object) -> object:
    """Prefix text a spreadsheet would run as a formula (OWASP CSV injection) with a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
