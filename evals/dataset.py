"""Gold cases: the JSONL format documented in `evals/datasets/README.md`, loaded and validated.

Loading either returns every case or raises one `UserError` that lists every bad line, so a
clinic fixes its file in one go.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import UserError
from assistant.types import AnswerKind, Message

Split = Literal["dev", "heldout"]


class GoldCase(BaseModel):
    """One question with what a correct reply must (and must not) contain."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    split: Split
    category: str = ""
    question: str = Field(min_length=1)
    history: tuple[Message, ...] = ()
    expected_kind: tuple[AnswerKind, ...]
    sources: tuple[str, ...] = ()
    also_relevant: tuple[str, ...] = ()
    facts: tuple[tuple[str, ...], ...] = ()
    must_not_contain: tuple[str, ...] = ()
    note: str = ""

    @field_validator("expected_kind", mode="before")
    @classmethod
    def _one_kind_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("expected_kind")
    @classmethod
    def _not_empty(cls, value: tuple[AnswerKind, ...]) -> tuple[AnswerKind, ...]:
        if not value:
            raise ValueError("give at least one kind")
        return value

    @field_validator("facts", mode="before")
    @classmethod
    def _fact_alternatives(cls, value: object) -> object:
        # A fact with a single phrase may be written as a plain string.
        if isinstance(value, list):
            return [[item] if isinstance(item, str) else item for item in value]
        return value

    @field_validator("must_not_contain")
    @classmethod
    def _valid_patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"bad regular expression {pattern!r}: {error}") from error
        return value

    @property
    def expects_answer_only(self) -> bool:
        return self.expected_kind == ("answer",)


def load_dataset(path: Path) -> list[GoldCase]:
    """Read a JSONL gold file; raises `UserError` listing every invalid line and duplicate id."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise UserError(
            f"dataset {path} not found; pass an existing JSONL file to --dataset "
            f"(the format is described in evals/datasets/README.md)"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read dataset {path}: {error}; save it as UTF-8 text") from None
    cases: list[GoldCase] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            case = GoldCase.model_validate(json.loads(line))
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not valid JSON ({error.msg})")
            continue
        except ValidationError as error:
            problems.append(f"line {number}: {_describe(error)}")
            continue
        if case.id in seen:
            problems.append(f"line {number}: duplicate id {case.id!r}")
        seen.add(case.id)
        cases.append(case)
    if problems:
        listing = "\n  ".join(problems)
        raise UserError(
            f"dataset {path} has {len(problems)} problem(s):\n  {listing}\n"
            f"Fix them (format: evals/datasets/README.md) and run again."
        )
    if not cases:
        raise UserError(f"dataset {path} holds no cases; add one JSON object per line")
    return cases


def select_split(cases: Sequence[GoldCase], split: str) -> list[GoldCase]:
    """The cases of one split, or all of them for "all"."""
    return [case for case in cases if split == "all" or case.split == split]


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(line)"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)
