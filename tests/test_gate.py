"""Relevance-gate calibration: the threshold comes from labelled scores, not a guess."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.gate import (
    COVERAGE_WEIGHT,
    calibrate,
    load_questions,
    measure,
    passes,
    relevance_score,
)
from assistant.retrieve import Retrieval
from assistant.types import Chunk, SearchHit


def test_separable_scores_put_the_threshold_in_the_middle_of_the_gap():
    result = calibrate(in_scope=[0.55, 0.61, 0.7], out_of_scope=[0.1, 0.2, 0.31])
    assert result.threshold == pytest.approx((0.31 + 0.55) / 2, abs=1e-4)
    assert (result.precision, result.recall, result.out_of_scope_recall) == (1.0, 1.0, 1.0)


def test_overlapping_scores_refuse_enough_and_then_answer_the_most():
    in_scope = [0.30, 0.50, 0.52, 0.60, 0.65]
    out_of_scope = [0.10, 0.15, 0.20, 0.45, 0.51]
    result = calibrate(in_scope, out_of_scope, min_refused=0.8)
    assert result.out_of_scope_recall >= 0.8
    best_recall = max(
        c.recall
        for c in (measure(t, in_scope, out_of_scope) for t in np.linspace(0, 1, 1001))
        if c.out_of_scope_recall >= 0.8
    )
    assert result.recall == pytest.approx(best_recall)
    assert result.threshold == pytest.approx((0.45 + 0.50) / 2)
    # A stricter policy moves the threshold up and answers fewer.
    strict = calibrate(in_scope, out_of_scope, min_refused=1.0)
    assert strict.out_of_scope_recall == 1.0 and strict.recall < result.recall


def test_measure_counts_precision_and_recall():
    result = measure(0.5, in_scope=[0.6, 0.4], out_of_scope=[0.55, 0.1, 0.2])
    assert result.precision == pytest.approx(0.5)
    assert result.recall == pytest.approx(0.5)
    assert result.out_of_scope_recall == pytest.approx(2 / 3)


def test_calibration_needs_both_classes():
    with pytest.raises(ValueError, match="in-scope and one out-of-scope"):
        calibrate([0.5], [])


def test_gate_reads_the_best_dense_cosine():
    chunk = Chunk(chunk_id="c", source_id="s", title="t", section="", text="x", start=0, end=1)
    retrieval = Retrieval(
        query="q",
        vector=np.zeros(2),
        hits=[SearchHit(chunk=chunk, score=0.9)],  # fused scores are not cosines: ignored
        dense=[SearchHit(chunk=chunk, score=0.42), SearchHit(chunk=chunk, score=0.3)],
        bm25_best=0.0,
    )
    assert relevance_score(retrieval) == pytest.approx(0.42)
    assert passes(retrieval, 0.42) and not passes(retrieval, 0.43)
    empty = Retrieval(query="q", vector=np.zeros(2), hits=[], dense=[], bm25_best=0.0)
    assert not passes(empty, -0.5)


def test_calibration_file_errors_name_the_line(tmp_path):
    path = tmp_path / "questions.jsonl"
    path.write_text(
        json.dumps({"question": "ok?", "in_scope": True}) + "\n" + '{"question": "no label"}\n'
    )
    with pytest.raises(ValueError, match=r"questions.jsonl:2"):
        load_questions(path)
    path.write_text(json.dumps({"question": "ok?", "in_scope": "yes"}) + "\n")
    with pytest.raises(ValueError, match="true/false"):
        load_questions(path)


def test_the_shipped_calibration_file_is_well_formed_and_has_both_classes():
    from tests.conftest import REPO

    rows = load_questions(REPO / "evals" / "datasets" / "gate_calibration.jsonl")
    assert sum(inside for _, inside in rows) >= 30
    assert sum(not inside for _, inside in rows) >= 30


def test_words_found_in_the_corpus_add_a_bounded_bonus():
    chunk = Chunk(chunk_id="c", source_id="s", title="t", section="", text="x", start=0, end=1)
    hits = [SearchHit(chunk=chunk, score=0.3)]
    covered = Retrieval("q", np.zeros(2), hits, hits, 0.0, coverage=1.0)
    unknown = Retrieval("q", np.zeros(2), hits, hits, 0.0, coverage=0.0)
    assert relevance_score(covered) == pytest.approx(0.3 + COVERAGE_WEIGHT)
    assert relevance_score(unknown) == pytest.approx(0.3)
    assert 0 < COVERAGE_WEIGHT < 0.5  # a bonus, never enough on its own to pass a gate near 0.4


@pytest.mark.slow
def test_recalibration_command_on_a_real_index(seed_index_settings, monkeypatch, capsys, tmp_path):
    from assistant.gate import main

    questions = tmp_path / "clinic.jsonl"
    rows = [
        ("Which foot exercises help my lower back?", True),
        ("Can worn-out shoes make my back hurt?", True),
        ("What is the capital of Peru?", False),
        ("How do I fix a flat bicycle tyre?", False),
    ]
    questions.write_text(
        "\n".join(json.dumps({"question": q, "in_scope": i}) for q, i in rows), encoding="utf-8"
    )
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(seed_index_settings.index_dir))
    assert main(["--questions", str(questions)]) == 0
    out = capsys.readouterr().out
    threshold = float(out.rsplit("ASSISTANT_RELEVANCE_THRESHOLD=", 1)[1])
    scores = {line[13:].strip(): float(line[:6]) for line in out.splitlines()[:4]}
    for question, inside in rows:
        assert (scores[question] >= threshold) is inside, (question, scores, threshold)


def test_recalibration_command_reports_a_bad_file(tmp_path, capsys):
    from assistant.gate import main

    missing = tmp_path / "nope.jsonl"
    assert main(["--questions", str(missing)]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_one_well_matching_sentence_counts_more_than_its_diluted_chunk():
    from dataclasses import dataclass

    @dataclass
    class Spans:
        spans: list[tuple[int, int]]
        vectors: np.ndarray

    chunk = Chunk(chunk_id="c", source_id="s", title="t", section="", text="x", start=0, end=1)
    hits = [SearchHit(chunk=chunk, score=0.3)]
    query = np.array([1.0, 0.0], dtype=np.float32)
    retrieval = Retrieval("q", query, hits, hits, 0.0, coverage=0.0)
    sentences = {"c": Spans([(0, 1), (1, 2)], np.array([[0.0, 1.0], [0.8, 0.6]], np.float32))}
    assert relevance_score(retrieval, sentences) == pytest.approx(0.8)
    assert relevance_score(retrieval, {}) == pytest.approx(0.3)  # no sentences: the chunk's
    assert passes(retrieval, 0.5, sentences) and not passes(retrieval, 0.5)
