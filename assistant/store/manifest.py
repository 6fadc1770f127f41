"""What an index records about how it was built, and what this code demands from one.

The chunk collection's metadata is the manifest: embedding model, the backend that ran it and
its model file's hash (`assistant.embedding.embedding_identity`), dimension, chunker version
and schema. An index whose manifest differs is refused ("run `assistant ingest --rebuild`"),
never mixed: int8 and fp32 vectors of the same text differ slightly, and a question must be
embedded the way the passages were. Bump `CHUNKER_VERSION` whenever the chunks produced for
the same text could change (ingest/chunk.py, the sentence splitter in assistant/text.py).
"""

from __future__ import annotations

from typing import Any

from assistant.embedding import embedding_identity
from assistant.settings import Settings

CHUNKER_VERSION = "1"
SCHEMA_VERSION = 1


def expected_manifest(settings: Settings, dimension: int | None = None) -> dict[str, Any]:
    """What this version of the code writes into, and demands from, an index."""
    manifest: dict[str, Any] = {
        "model": settings.embedding_model.rsplit("/", 1)[-1],
        **embedding_identity(settings),
        "chunker_version": CHUNKER_VERSION,
        "schema": SCHEMA_VERSION,
    }
    if dimension is not None:
        manifest["dimension"] = dimension
    return manifest


def manifest_problem(stored: dict[str, Any], settings: Settings) -> str | None:
    """Why an index with manifest `stored` cannot be used with `settings`, or None."""
    for key, wanted in expected_manifest(settings).items():
        if stored.get(key) != wanted:
            return (
                f"was built with {key} {stored.get(key)!r}, but these settings and this "
                f"version use {wanted!r}"
            )
    return None
