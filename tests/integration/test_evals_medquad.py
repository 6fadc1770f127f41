"""MedQuAD benchmark, the real path: ingest a few answers with the real model, search them
with the real engine."""

from __future__ import annotations

import pytest

from evals import medquad
from tests.support import MEDQUAD


@pytest.mark.integration
@pytest.mark.skipif(not MEDQUAD.exists(), reason="needs ../shared/datasets/medquad")
def test_real_engine_finds_medquad_answers_by_their_ids(tmp_path, real_embedder):
    from assistant.settings import Settings
    from evals.targets import EngineTarget
    from ingest.pipeline import ingest_paths

    sample = medquad.fixed_sample(medquad.load_pairs(MEDQUAD), size=15)
    corpus = tmp_path / "corpus"
    articles = medquad.write_articles(sample, corpus / "medquad.jsonl")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", chroma_url=None)
    ingest_paths(settings, [articles], embedder=real_embedder)
    engine = EngineTarget(settings)
    assert engine.documents() == 15
    scores = medquad.retrieval_scores(engine.search, sample)
    # Ids survive ingest and search (a mismatch would score 0); most questions find their answer.
    assert scores["hit@10"] >= 0.8
