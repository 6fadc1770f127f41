"""Shared fixtures. The real embedding model loads once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared"
MEDQUAD = SHARED / "datasets" / "medquad" / "medquad.jsonl.gz"


@pytest.fixture(scope="session")
def real_embedder():
    """The packaged all-MiniLM-L6-v2, loaded once for the whole run."""
    from assistant.embeddings import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def seed_index_settings(tmp_path_factory, real_embedder):
    """Settings pointing at a real embedded index of corpus/, built once per test session.

    Treat the index as read-only: build your own with `ingest.pipeline.ingest_paths` to change it.
    """
    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths

    index_dir = tmp_path_factory.mktemp("seed-index") / "index"
    settings = Settings(corpus_dir=CORPUS, index_dir=index_dir, chroma_url=None)
    ingest_paths(settings, embedder=real_embedder)
    return settings
