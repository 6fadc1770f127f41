"""All configuration, read from `ASSISTANT_*` environment variables when `load_settings()` runs.

Nothing here is read at import time, so tests build their own `Settings(...)`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_PHONE = re.compile(r"[\w +\-().,/]+")

DEFAULT_DISCLAIMER = (
    "This is general health information from the clinic's articles, not medical advice. "
    "It cannot diagnose you or replace a visit to a qualified clinician. "
    "If you think you have a medical emergency, call your local emergency number."
)


class Settings(BaseSettings):
    """Validated settings with defaults that work on a laptop."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path(".index")
    chroma_url: str | None = None
    collection: str = "articles"
    embedding_model: str = "all-MiniLM-L6-v2"
    embed_batch_size: int = 64

    host: str = "127.0.0.1"
    port: int = 7860

    disclaimer: str = DEFAULT_DISCLAIMER
    # The clinic's numbers, shown in every urgent reply (defaults: the United States).
    emergency_number: str = Field(default="911", min_length=1, max_length=40)
    crisis_line: str = Field(default="988", min_length=1, max_length=60)
    poison_line: str = Field(default="1-800-222-1222", min_length=1, max_length=60)
    max_question_chars: int = 1000
    max_history_messages: int = 20
    # One earlier message: replies are a few sentences, so this only stops abuse.
    max_history_message_chars: int = Field(default=10_000, ge=1)

    # Answer engine (assistant/engine.py). The threshold is calibrated: see README "Answer engine"
    # and `python -m assistant.gate --questions FILE` to recalibrate for a clinic's corpus.
    relevance_threshold: float = Field(default=0.484, ge=-1.0, le=1.0)
    retrieval_k: int = Field(default=5, ge=1, le=50)

    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Per client IP on /api/*; 0 turns the limit off.
    rate_limit_per_minute: int = Field(default=30, ge=0)

    # Chat app (issue 4). feedback_db None = var/feedback.sqlite3 under the working directory.
    feedback_db: Path | None = None
    feedback_export_token: str = ""  # empty = export refused; staff set a secret to enable it
    ui_title: str = "Ask the clinic's health articles"
    ui_greeting: str = (
        "Hello! Ask me a question about the topics below. I answer only from the clinic's "
        "articles and show the passages I used."
    )

    @field_validator("emergency_number", "crisis_line", "poison_line")
    @classmethod
    def _a_phone_number(cls, value: str) -> str:
        value = " ".join(value.split())
        if not _PHONE.fullmatch(value):
            raise ValueError(
                "must be a phone number or short text such as '911', '112', '116 123' or "
                "'1-800-222-1222 (Poison Help)': letters, digits, spaces, + - ( ) . / only"
            )
        return value

    @field_validator("chroma_url", mode="before")
    @classmethod
    def _blank_url_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment; keyword overrides win."""
    return Settings(**overrides)  # type: ignore[arg-type]
