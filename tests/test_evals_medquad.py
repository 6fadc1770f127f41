"""MedQuAD benchmark: fixed sampling, the ingestable file, scoring on a fake search, and the
real path (ingest a few answers with the real model, search with the real engine)."""

from __future__ import annotations

import json

import pytest

from assistant.types import Chunk, SearchHit
from evals import medquad
from tests.conftest import MEDQUAD


def pair(number: int) -> medquad.QAPair:
    return medquad.QAPair(
        id=f"c/{number:04d}/1",
        question=f"q{number}",
        answer=f"a{number}",
        focus=f"F{number}",
        url="",
    )


def hits(*source_ids: str) -> list[SearchHit]:
    return [
        SearchHit(
            chunk=Chunk(
                chunk_id=f"{s}#{i}", source_id=s, title="", section="", text="t", start=0, end=1
            ),
            score=1.0 - i / 10,
        )
        for i, s in enumerate(source_ids)
    ]


def test_fixed_sample_is_the_same_every_time_and_sorted():
    pairs = [pair(n) for n in range(100)]
    first = medquad.fixed_sample(pairs, size=10)
    assert first == medquad.fixed_sample(pairs, size=10)
    assert [p.id for p in first] == sorted(p.id for p in first)
    assert medquad.fixed_sample(pairs, size=10, seed=1) != first


def test_retrieval_scores_by_hand():
    pairs = [pair(1), pair(2)]
    # q1 finds its document first (chunks of one article count once); q2 finds it third.
    script = {
        "q1": hits("c/0001/1", "c/0001/1", "c/0002/1"),
        "q2": hits("x", "y", "c/0002/1"),
    }
    scores = medquad.retrieval_scores(lambda q, k: script[q], pairs)
    assert scores["hit@1"] == 0.5
    assert scores["hit@3"] == 1.0
    assert scores["mrr"] == pytest.approx((1 + 1 / 3) / 2)


def test_write_articles_is_ingestable_jsonl(tmp_path):
    path = medquad.write_articles([pair(1)], tmp_path / "m.jsonl")
    record = json.loads(path.read_text("utf-8"))
    assert record["id"] == "c/0001/1" and record["text"] == "a1" and record["title"] == "F1"


@pytest.mark.slow
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
