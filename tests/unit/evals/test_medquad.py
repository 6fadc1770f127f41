"""MedQuAD benchmark: fixed sampling, the ingestable file, scoring on a fake search (the real
path is in tests/integration/test_evals_medquad.py)."""

from __future__ import annotations

import json

import pytest

from assistant.types import Chunk, SearchHit
from evals import medquad


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
