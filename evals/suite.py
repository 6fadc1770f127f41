"""The evaluation suite: gold cases against our target and the baseline, scored per split.

`run_suite` returns a `SuiteReport`; `evals.report` prints and saves it. Thresholds are checked
on our scores over every case (dev + heldout); the baseline is never gated.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from evals.dataset import GoldCase, select_split
from evals.grounding import TextEmbedder
from evals.runner import CaseResult, run_cases
from evals.scoring import ThresholdCheck, check_thresholds, latency_by_kind, score
from evals.targets import ArticleText, Target

SPLITS = ("all", "dev", "heldout")


@dataclass
class TargetRun:
    """One target's results and scores per split (`all`, `dev`, `heldout`)."""

    name: str
    results: list[CaseResult]
    scores: dict[str, dict[str, float | None]]
    latency: dict[str, dict[str, float | None]]


@dataclass
class SuiteReport:
    """Everything the console table, the JSON file and the HTML report show."""

    dataset: str
    ours: TargetRun
    baseline: TargetRun | None
    checks: list[ThresholdCheck]
    medquad: list[dict[str, Any]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(check.passed is not False for check in self.checks)


def evaluate_target(
    target: Target,
    cases: Sequence[GoldCase],
    *,
    article_text: ArticleText | None,
    embedder: TextEmbedder | None,
    quiet: bool = False,
) -> TargetRun:
    """Run every case against one target and score it per split."""

    def progress(done: int, total: int) -> None:
        if not quiet and (done % 10 == 0 or done == total):
            print(f"  {target.name}: {done}/{total} cases", file=sys.stderr, flush=True)

    results = run_cases(
        target, cases, article_text=article_text, embedder=embedder, progress=progress
    )
    scores = {}
    for split in SPLITS:
        chosen = {case.id for case in select_split(cases, split)}
        subset = [result for result in results if result.case.id in chosen]
        if subset:
            scores[split] = score(subset)
    return TargetRun(target.name, results, scores, latency_by_kind(results))


def run_suite(
    dataset: str,
    cases: Sequence[GoldCase],
    ours: Target,
    *,
    thresholds: dict[str, dict[str, float]],
    article_text: ArticleText | None,
    embedder: TextEmbedder | None,
    baseline: Target | None = None,
    quiet: bool = False,
) -> SuiteReport:
    """Evaluate our target (and the baseline, if given) and check thresholds on our scores."""
    our_run = evaluate_target(
        ours, cases, article_text=article_text, embedder=embedder, quiet=quiet
    )
    baseline_run = None
    if baseline is not None:
        baseline_run = evaluate_target(
            baseline, cases, article_text=article_text, embedder=embedder, quiet=quiet
        )
    checks = check_thresholds(our_run.scores, thresholds)
    return SuiteReport(dataset, our_run, baseline_run, checks)
