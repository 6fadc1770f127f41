"""All configuration, read from `ASSISTANT_*` environment variables when `load_settings()` runs.

Nothing here is read at import time, so tests build their own `Settings(...)`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DISCLAIMER = (
    "This is general health information from the clinic's articles, not medical advice. "
    "It cannot diagnose you or replace a visit to a qualified clinician. "
    "If you think you have a medical emergency, call your local emergency number."
)


# How the packaged model is run (assistant/embedding): ONNX Runtime on an int8 or fp32 graph
# exported from it, or sentence-transformers on torch.
EmbeddingBackend = Literal["onnx-int8", "onnx", "torch"]


class Settings(BaseSettings):
    """Validated settings with defaults that work on a laptop."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path(".index")
    chroma_url: str | None = None
    collection: str = "articles"
    embedding_model: str = "all-MiniLM-L6-v2"
    embed_batch_size: int = 64
    embedding_backend: EmbeddingBackend = "onnx-int8"
    # Where `assistant build-model` writes the ONNX model files (outside git; see .gitignore).
    model_cache_dir: Path = Path(".models")

    host: str = "127.0.0.1"
    port: int = 7860

    disclaimer: str = DEFAULT_DISCLAIMER
    max_question_chars: int = 1000
    max_history_messages: int = 20
    # One earlier message: replies are a few sentences, so this only stops abuse.
    max_history_message_chars: int = Field(default=10_000, ge=1)

    # Answer engine (assistant/engine.py). The threshold is calibrated on the default backend's
    # (onnx-int8) vectors: `assistant calibrate` on evals/datasets/gate_calibration.jsonl gives
    # 0.550 (torch's vectors gave 0.444); see docs/embedding.md. Recalibrate for a clinic's
    # corpus, or after changing ASSISTANT_EMBEDDING_BACKEND, with `make calibrate-gate`.
    relevance_threshold: float = Field(default=0.55, ge=-1.0, le=1.0)
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
