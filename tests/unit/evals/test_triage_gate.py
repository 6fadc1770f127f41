"""The triage gate's arithmetic on hand-made results: recall, false alarms, the category floor."""

from __future__ import annotations

from assistant.safety.triage import TriageResult
from assistant.safety.triage.examples import Example
from evals.triage import BatchScores

URGENT = TriageResult(level="emergency", category="stroke")
NONE = TriageResult()


def batch(stroke_caught: int, seizure_caught: int, alarms: int) -> BatchScores:
    """10 strokes, 10 seizures and 100 look-alikes with the given outcomes."""
    examples, results = [], []
    for category, caught in (("stroke", stroke_caught), ("seizure", seizure_caught)):
        for i in range(10):
            examples.append(Example(text=f"{category} {i}", level="emergency", category=category))
            results.append(URGENT if i < caught else NONE)
    for i in range(100):
        examples.append(Example(text=f"fine {i}", level="none", category="none", lookalike="mild"))
        results.append(URGENT if i < alarms else NONE)
    return BatchScores("hand-made", examples, results)


def test_a_batch_at_the_targets_passes() -> None:
    assert batch(stroke_caught=10, seizure_caught=10, alarms=2).gate_failures() == []


def test_low_recall_too_many_alarms_and_a_weak_category_each_fail() -> None:
    failures = batch(stroke_caught=7, seizure_caught=10, alarms=3).gate_failures()
    assert len(failures) == 3
    assert failures[0].startswith("recall 85.0%")
    assert failures[1].startswith("false alarms 3.0%")
    assert failures[2].startswith("stroke recall 7/10")
