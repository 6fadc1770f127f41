"""The relevance gate: does the clinic's corpus cover this question at all?

The gate reads one number per question, `relevance_score`: the best cosine between the question
and any sentence of the best-matching chunks (sentence vectors stored at ingest; a long chunk's
own vector dilutes a one-sentence match), plus a small bonus for the share of the question's
words that occur in the corpus at all (so "What is underpronation?" counts as covered when an
article defines the word, and words that appear nowhere - "casino", "lanthanum" - add nothing).
It compares that with `settings.relevance_threshold`. The threshold is not a guess: `calibrate`
picks it from questions labelled in-scope / out-of-scope for a corpus,
and `python -m assistant.gate --questions FILE` reruns that for a clinic's own corpus
(README, "Answer engine", for the method and the shipped figures).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.compose import SentenceSpans
from assistant.retrieve import Retrieval

# Weight of word coverage next to the cosine; chosen by measurement on the calibration set
# (README): it widens the gap between in- and out-of-scope questions without moving any
# out-of-scope question above an in-scope one.
COVERAGE_WEIGHT = 0.2


# How many of the best dense chunks have their sentences compared with the question.
GATE_DEPTH = 5


def gate_chunk_ids(retrieval: Retrieval) -> list[str]:
    """The chunks whose sentence vectors `relevance_score` needs."""
    return [hit.chunk.chunk_id for hit in retrieval.dense[:GATE_DEPTH]]


def relevance_score(
    retrieval: Retrieval, sentences: Mapping[str, SentenceSpans] | None = None
) -> float:
    """How well the corpus covers the query: the best cosine of a chunk or of a sentence of the
    top GATE_DEPTH chunks (from `sentences`), + weight x word coverage.

    -1 when nothing was retrieved (an empty index).
    """
    if not retrieval.dense:
        return -1.0
    best = max(hit.score for hit in retrieval.dense)
    for chunk_id in gate_chunk_ids(retrieval):
        spans = (sentences or {}).get(chunk_id)
        if spans is not None and len(spans.vectors):
            best = max(best, float(np.max(spans.vectors @ retrieval.vector)))
    return best + COVERAGE_WEIGHT * retrieval.coverage


def passes(
    retrieval: Retrieval, threshold: float, sentences: Mapping[str, SentenceSpans] | None = None
) -> bool:
    """True when the question is in scope: its relevance score reaches the threshold."""
    return relevance_score(retrieval, sentences) >= threshold


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


def main(argv: Sequence[str] | None = None) -> int:
    """Recalibrate the threshold for the index in the current settings; print the result."""
    parser = argparse.ArgumentParser(
        prog="python -m assistant.gate",
        description="Choose ASSISTANT_RELEVANCE_THRESHOLD from labelled questions.",
    )
    parser.add_argument(
        "--questions", type=Path, required=True, help='JSONL {"question","in_scope"}'
    )
    args = parser.parse_args(argv)

    from assistant.engine import build_assistant
    from assistant.errors import UserError
    from assistant.settings import load_settings

    try:
        questions = load_questions(args.questions)
        assistant = build_assistant(load_settings())
    except (OSError, ValueError, UserError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    scored = [(assistant.relevance(q), inside, q) for q, inside in questions]
    assistant.close()
    for score, inside, question in sorted(scored):
        print(f"{score:6.3f}  {'in ' if inside else 'out'}  {question}")
    try:
        result = calibrate([s for s, i, _ in scored if i], [s for s, i, _ in scored if not i])
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"\nthreshold {result.threshold:.3f}: in-scope precision {result.precision:.2f}, "
        f"recall {result.recall:.2f}; out-of-scope refused {result.out_of_scope_recall:.2f} "
        f"({result.in_scope} in-scope, {result.out_of_scope} out-of-scope questions)"
    )
    print(f"export ASSISTANT_RELEVANCE_THRESHOLD={result.threshold:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
