"""Relevance-gate calibration: the threshold comes from labelled scores, not a guess."""

from __future__ import annotations

import json

import numpy as np
import pytest

from evals.calibration import calibrate, load_questions, measure, run_calibration
from evals.paths import GATE_CALIBRATION


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
    rows = [row for path in GATE_CALIBRATION for row in load_questions(path)]
    assert sum(inside for _, inside in rows) >= 30
    assert sum(not inside for _, inside in rows) >= 30


def test_a_missing_calibration_file_is_reported_before_any_index_is_opened(tmp_path, capsys):
    from assistant.cli import main

    missing = tmp_path / "nope.jsonl"
    assert main(["calibrate", "--questions", str(missing)]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_calibration_scores_every_question_and_prints_the_threshold(capsys):
    class Scores:
        def relevance(self, question: str) -> float:
            return {"feet?": 0.7, "back?": 0.6, "peru?": 0.2}[question]

    result = run_calibration([("feet?", True), ("back?", True), ("peru?", False)], Scores())
    assert result.threshold == pytest.approx(0.4)
    assert "export ASSISTANT_RELEVANCE_THRESHOLD=0.400" in capsys.readouterr().out
