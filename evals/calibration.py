"""Calibrate the relevance gate: choose `ASSISTANT_RELEVANCE_THRESHOLD` from labelled questions.

    assistant calibrate --questions my_questions.jsonl   # {"question": ..., "in_scope": bool}
    make calibrate-gate QUESTIONS=my_questions.jsonl

Scores every question with the assistant's public `relevance` (the same prepared query `ask`
uses), then picks the threshold by the policy in `calibrate`. The gate itself
(`assistant.gate`) only scores and decides.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Calibration:
    """A chosen threshold and how it does on the questions it was chosen from.

    Precision and recall are for the in-scope class (questions the gate lets through);
    `out_of_scope_recall` is the share of out-of-scope questions it refuses.
    """

    threshold: float
    precision: float
    recall: float
    out_of_scope_recall: float
    in_scope: int
    out_of_scope: int


# The policy: refuse at least this share of the out-of-scope questions, and within that, answer
# as many in-scope ones as possible. Errors are not symmetric here: a wrong answer is still only
# quoted, cited article text under the disclaimer, while a wrong refusal withholds the articles.
MIN_OUT_OF_SCOPE_REFUSED = 0.9


def calibrate(
    in_scope: Sequence[float],
    out_of_scope: Sequence[float],
    min_refused: float = MIN_OUT_OF_SCOPE_REFUSED,
) -> Calibration:
    """The lowest-cost threshold on labelled scores under the policy above.

    Candidates are the midpoints between neighbouring scores (and just outside the range). Among
    those that refuse at least `min_refused` of the out-of-scope questions, the one that keeps
    the most in-scope questions wins; then the one refusing more; then the widest margin to the
    nearest score, so the threshold sits in the middle of a gap rather than on its edge.
    Needs both classes.
    """
    if not in_scope or not out_of_scope:
        raise ValueError("calibration needs at least one in-scope and one out-of-scope question")
    values = sorted({*in_scope, *out_of_scope})
    candidates = [values[0] - 0.01, *(
        (a + b) / 2 for a, b in itertools.pairwise(values)
    ), values[-1] + 0.01]  # fmt: skip

    def quality(threshold: float) -> tuple[bool, float, float, float]:
        kept = sum(score >= threshold for score in in_scope) / len(in_scope)
        refused = sum(score < threshold for score in out_of_scope) / len(out_of_scope)
        margin = min(abs(score - threshold) for score in values)
        return refused >= min_refused - 1e-9, kept, refused, margin

    best = max(candidates, key=quality)
    return measure(best, in_scope, out_of_scope)


def measure(
    threshold: float, in_scope: Sequence[float], out_of_scope: Sequence[float]
) -> Calibration:
    """Precision/recall of a given threshold on labelled scores."""
    true_pos = sum(score >= threshold for score in in_scope)
    false_pos = sum(score >= threshold for score in out_of_scope)
    return Calibration(
        threshold=round(threshold, 4),
        precision=true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0,
        recall=true_pos / len(in_scope) if in_scope else 0.0,
        out_of_scope_recall=(len(out_of_scope) - false_pos) / len(out_of_scope)
        if out_of_scope
        else 0.0,
        in_scope=len(in_scope),
        out_of_scope=len(out_of_scope),
    )


def load_questions(path: Path) -> list[tuple[str, bool]]:
    """Read a calibration file: JSONL lines `{"question": str, "in_scope": bool}`.

    Raises ValueError naming the line that is malformed.
    """
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            question, in_scope = record["question"], record["in_scope"]
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(
                f"{path}:{number}: expected {{'question': str, 'in_scope': bool}} ({error})"
            ) from error
        if not isinstance(question, str) or not isinstance(in_scope, bool):
            raise ValueError(f"{path}:{number}: 'question' must be text, 'in_scope' true/false")
        rows.append((question, in_scope))
    return rows


def run_calibration(questions: Sequence[tuple[str, bool]], assistant: Any) -> Calibration:
    """Score labelled questions (`load_questions`) with `assistant.relevance`; print each score,
    the chosen threshold and the line to export. Raises ValueError when a class is missing."""
    scored = [(assistant.relevance(q), inside, q) for q, inside in questions]
    for score, inside, question in sorted(scored):
        print(f"{score:6.3f}  {'in ' if inside else 'out'}  {question}")
    result = calibrate([s for s, i, _ in scored if i], [s for s, i, _ in scored if not i])
    print(
        f"\nthreshold {result.threshold:.3f}: in-scope precision {result.precision:.2f}, "
        f"recall {result.recall:.2f}; out-of-scope refused {result.out_of_scope_recall:.2f} "
        f"({result.in_scope} in-scope, {result.out_of_scope} out-of-scope questions)"
    )
    print(f"export ASSISTANT_RELEVANCE_THRESHOLD={result.threshold:.3f}")
    return result
