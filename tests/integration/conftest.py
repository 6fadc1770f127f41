"""Fixtures shared by integration tests (the session-wide real ones: tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings
from tests.fakes import WordEmbedder
from tests.support import CORPUS


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A copy of the seed corpus and an empty index folder, wired through ASSISTANT_* vars."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index_dir = tmp_path / "index"
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(index_dir))
    monkeypatch.delenv("ASSISTANT_CHROMA_URL", raising=False)
    fake = WordEmbedder()
    monkeypatch.setattr("ingest.pipeline.build_embedder", lambda *args, **kwargs: fake)
    monkeypatch.setattr("assistant.embedding.build_embedder", lambda *args, **kwargs: fake)
    return Settings(corpus_dir=corpus, index_dir=index_dir, chroma_url=None)


@pytest.fixture
def real_index(tmp_path: Path, real_embedder) -> Settings:
    """A copy of the seed corpus and its own index, built with the real model (to change)."""
    from ingest.pipeline import ingest_paths

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", chroma_url=None)
    ingest_paths(settings, embedder=real_embedder)
    return settings


# The engine on the seed index, one per test module (tests/integration/test_engine*.py).
@pytest.fixture(scope="module")
def assistant(seed_index_settings, real_embedder):
    from assistant.factory import build_assistant

    built = build_assistant(seed_index_settings, embedder=real_embedder)
    yield built
    built.close()


@pytest.fixture(scope="module")
def cleaned(assistant):
    """source_id -> cleaned article text, read through the index adapter."""
    return {article.source_id: article.text for article in assistant.store.articles()}
