"""Labelled triage messages: the JSONL format of the training data and the held-out batches.

One JSON object per line, as `training/LABELS.md` defines it: `text`, `level`, `category`,
optional `lookalike`, `voice`, `author` and `history` (earlier messages, oldest first; the
placeholder `<URGENT_REPLY>` stands for the assistant's urgent reply). Loading validates every
line and raises `ValueError` naming the file and line of the first bad one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.safety.triage.categories import BY_NAME, URGENT_LEVELS, level_of
from assistant.types import Message

URGENT_REPLY_PLACEHOLDER = "<URGENT_REPLY>"
TRAINING = Path(__file__).resolve().parent / "training"
LOOKALIKES = frozenset(
    {"negated", "history", "relative", "resolved", "hypothetical", "education", "idiom",
     "mild", "after_help", "other"}
)  # fmt: skip


@dataclass(frozen=True)
class Example:
    """One labelled message; `history` holds the earlier turns of its conversation."""

    text: str
    level: str
    category: str
    lookalike: str = ""
    history: tuple[Message, ...] = ()
    author: str = ""
    voice: str = ""

    @property
    def urgent(self) -> bool:
        return self.level != "none"

    @property
    def label(self) -> str:
        """What the model learns: the category of an urgent message, else "none"."""
        return self.category if self.urgent else "none"

    def model_text(self) -> str:
        """The text the model scores for this example: for a red flag split over two user
        messages, both together (as the conversation rules triage them); otherwise the
        message alone."""
        if self.history and all(message.role == "user" for message in self.history):
            return f"{self.history[-1].content}. {self.text}"
        return self.text

    def conversation(self, urgent_reply: str) -> list[Message]:
        """The history with the placeholder replaced by a real urgent reply."""
        return [
            Message(role=m.role, content=urgent_reply)
            if m.content == URGENT_REPLY_PLACEHOLDER
            else m
            for m in self.history
        ]


def load_examples(path: Path) -> list[Example]:
    """Every example of a JSONL file (blank lines skipped); ValueError for a bad line."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            examples.append(_example(json.loads(line), default_author=path.stem))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path.name}:{number}: {error}") from error
    return examples


def training_files(folder: Path = TRAINING) -> list[Path]:
    """The training data files, in name order."""
    return sorted(folder.glob("*.jsonl"))


def load_training(files: Iterable[Path] | None = None) -> list[Example]:
    """All training examples (by default every JSONL file in `training/`)."""
    return [example for path in (files or training_files()) for example in load_examples(path)]


def _example(record: dict[str, object], default_author: str) -> Example:
    text, level, category = record["text"], record["level"], record["category"]
    if not isinstance(text, str) or not text.strip():
        raise ValueError("'text' must be a non-empty string")
    if level not in (*URGENT_LEVELS, "none"):
        raise ValueError(f"unknown level {level!r}")
    if level != "none" and (category not in BY_NAME or level_of(str(category)) != level):
        raise ValueError(f"category {category!r} does not have level {level!r}")
    lookalike = str(record.get("lookalike") or "")
    if lookalike and lookalike not in LOOKALIKES:
        raise ValueError(f"unknown lookalike {lookalike!r}")
    history = tuple(Message.model_validate(m) for m in _list(record.get("history")))
    return Example(
        text=text,
        level=str(level),
        category=str(category),
        lookalike=lookalike,
        history=history,
        author=str(record.get("author") or default_author),
        voice=str(record.get("voice") or ""),
    )


def _list(value: object) -> Sequence[object]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError("'history' must be a list of messages")
    return value
