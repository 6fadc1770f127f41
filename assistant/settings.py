"""All configuration, read from `ASSISTANT_*` environment variables when `load_settings()` runs.

Nothing here is read at import time, so tests build their own `Settings(...)`.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from assistant.errors import UserError

_PHONE = re.compile(r"[\w +\-().,/]+")

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
    # The clinic's numbers, shown in every urgent reply (defaults: the United States).
    emergency_number: str = Field(default="911", min_length=1, max_length=40)
    crisis_line: str = Field(default="988", min_length=1, max_length=60)
    poison_line: str = Field(default="1-800-222-1222", min_length=1, max_length=60)
    max_question_chars: int = 1000
    max_history_messages: int = 20
    # One earlier message: replies are a few sentences, so this only stops abuse.
    max_history_message_chars: int = Field(default=10_000, ge=1)

    # Answer engine (assistant/engine.py). The threshold is calibrated on the default backend's
    # (onnx-int8) vectors with `assistant calibrate` on the shipped calibration questions
    # (evals/datasets/gate_calibration*.jsonl; docs/design.md). Recalibrate for a clinic's
    # corpus, or after changing ASSISTANT_EMBEDDING_BACKEND, with `make calibrate-gate`.
    relevance_threshold: float = Field(default=0.455, ge=-1.0, le=1.0)
    retrieval_k: int = Field(default=5, ge=1, le=50)

    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Per client IP on /api/* and the chat page's POSTs; 0 turns the limit off.
    rate_limit_per_minute: int = Field(default=30, ge=0)
    # Host names this server answers for (the `Host` header); `*` = any, set explicitly.
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1", "localhost"]
    )
    # Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); empty = none.
    trusted_proxies: Annotated[list[ipaddress.IPv4Network | ipaddress.IPv6Network], NoDecode] = (
        Field(default_factory=list)
    )
    # Every request body, on every route: larger ones get 413, slower ones 408.
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    body_timeout_s: float = Field(default=10.0, gt=0, le=300)
    # Chat page questions answered at once (Gradio's concurrency); measured, see
    # docs/deployment.md ("How many at once").
    chat_concurrency: int = Field(default=2, ge=1, le=64)

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
        return [origin.rstrip("/") for origin in _entries(value)]

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _check_hosts(cls, value: object) -> object:
        hosts = [host.lower() for host in _entries(value)]
        for host in hosts:
            if host != "*" and not _HOST_NAME.fullmatch(host):
                raise ValueError(
                    f"{host!r} is not a host name: list names or addresses such as "
                    "assistant.clinic.example or 10.0.0.5, without scheme, port or path"
                )
        return hosts

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _parse_proxies(cls, value: object) -> object:
        networks = []
        for entry in _entries(value):
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                raise ValueError(
                    f"{entry!r} is not an IP address or range such as 10.0.0.5 or 10.0.0.0/24"
                ) from None
        return networks


def _entries(value: object) -> list[str]:
    """A comma-separated setting (or a list) as its stripped, non-empty entries."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError("expected a comma-separated list")
    return [str(item).strip() for item in items if str(item).strip()]


# A DNS name or an IPv4 address, or an IPv6 address with or without brackets.
_HOST_NAME = re.compile(r"[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?\.?|\[?[0-9a-f:.]*:[0-9a-f:.]*\]?")


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment; keyword overrides win.

    Raises `UserError` naming each bad `ASSISTANT_*` variable and what is wrong with it.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = "; ".join(
            f"ASSISTANT_{str(item['loc'][0] if item['loc'] else '').upper()}: "
            f"{item['msg'].removeprefix('Value error, ')}"
            for item in error.errors()
        )
        raise UserError(f"invalid settings: {problems}") from None
