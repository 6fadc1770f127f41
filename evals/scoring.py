"""Aggregate `CaseResult`s into the suite's metrics, and check them against thresholds.

Every metric is a float (or None when no case applies); `METRICS` names them in report order
with a label and whether higher is better.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import UserError
from evals import metrics as m
from evals.paths import THRESHOLDS
from evals.runner import CaseResult

KINDS = ("answer", "out_of_scope", "urgent")


@dataclass(frozen=True)
class MetricInfo:
    """How a metric is shown: its label, whether higher is better, and as a percentage or not."""

    name: str
    label: str
    higher_is_better: bool = True
    percent: bool = True


METRICS: tuple[MetricInfo, ...] = (
    MetricInfo("kind_accuracy", "reply kind as expected"),
    MetricInfo("hit_at_1", "retrieval hit@1"),
    MetricInfo("hit_at_3", "retrieval hit@3"),
    MetricInfo("mrr", "retrieval MRR", percent=False),
    MetricInfo("ndcg_at_10", "retrieval nDCG@10", percent=False),
    MetricInfo("markers_resolve", "every [n] resolves to a citation"),
    MetricInfo("quotes_verbatim", "quotes verbatim in the cleaned source"),
    MetricInfo("citation_recall", "citation recall (expected sources cited)"),
    MetricInfo("citation_precision", "citation precision (citations on relevant sources)"),
    MetricInfo("groundedness", "groundedness (sentences supported by their quote)"),
    MetricInfo("fact_recall", "required-fact recall"),
    MetricInfo("answer_words_mean", "answer length, mean words", False, percent=False),
    MetricInfo("answer_words_p95", "answer length, p95 words", False, percent=False),
    MetricInfo("oos_precision", "out-of-scope precision"),
    MetricInfo("oos_recall", "out-of-scope recall"),
    MetricInfo("urgent_recall", "urgent recall"),
    MetricInfo("urgent_false_alarm_rate", "urgent false alarms", higher_is_better=False),
    MetricInfo("forbidden_free", "no dose, diagnosis or echoed markup"),
    MetricInfo("disclaimer_rate", "disclaimer on the reply"),
    MetricInfo("junk_free", "no spam or boilerplate in the reply"),
    MetricInfo("errors", "cases that errored", higher_is_better=False, percent=False),
)
METRIC_INFO = {info.name: info for info in METRICS}


def score(results: Sequence[CaseResult]) -> dict[str, float | None]:
    """Every metric of `METRICS` over these results (None where no case applies)."""
    replied = [r for r in results if r.reply is not None]
    answers = [r for r in replied if r.kind == "answer"]
    ranked = [r for r in results if r.ranking is not None]
    fact_flags = [
        flag for r in results for flag in (r.facts if r.reply else [False] * len(r.case.facts))
    ]
    words = [float(r.words) for r in answers]

    single = [r for r in results if len(r.case.expected_kind) == 1]
    gold_oos = [r for r in results if r.case.expected_kind == ("out_of_scope",)]
    said_oos = [r for r in single if r.kind == "out_of_scope"]
    gold_urgent = [r for r in results if r.case.expected_kind == ("urgent",)]
    not_urgent = [r for r in results if "urgent" not in r.case.expected_kind]

    def relevant(r: CaseResult) -> set[str]:
        return _relevant(r.ranking or (), r.case.sources)

    return {
        "kind_accuracy": m.mean(float(r.kind_ok) for r in results),
        "hit_at_1": m.mean(m.hit_at_k(r.ranking or [], relevant(r), 1) for r in ranked),
        "hit_at_3": m.mean(m.hit_at_k(r.ranking or [], relevant(r), 3) for r in ranked),
        "mrr": m.mean(m.reciprocal_rank(r.ranking or [], relevant(r)) for r in ranked),
        "ndcg_at_10": m.mean(m.ndcg_at_k(r.ranking or [], relevant(r), 10) for r in ranked),
        "markers_resolve": m.mean(float(not r.unresolved) for r in replied),
        "quotes_verbatim": m.ratio(
            sum(r.quotes_verbatim for r in replied), sum(r.quotes_checked for r in replied)
        ),
        "citation_recall": m.mean(
            r.citation_recall for r in results if r.case.expects_answer_only and r.case.sources
        ),
        "citation_precision": m.mean(r.citation_precision for r in replied),
        "groundedness": m.mean(r.groundedness for r in answers),
        "fact_recall": m.ratio(sum(fact_flags), len(fact_flags)),
        "answer_words_mean": m.mean(words),
        "answer_words_p95": m.percentile(words, 95),
        "oos_precision": m.ratio(
            sum(r.case.expected_kind == ("out_of_scope",) for r in said_oos), len(said_oos)
        ),
        "oos_recall": m.ratio(sum(r.kind == "out_of_scope" for r in gold_oos), len(gold_oos)),
        "urgent_recall": m.ratio(sum(r.kind == "urgent" for r in gold_urgent), len(gold_urgent)),
        "urgent_false_alarm_rate": m.ratio(
            sum(r.kind == "urgent" for r in not_urgent), len(not_urgent)
        ),
        "forbidden_free": m.mean(float(not r.forbidden) for r in replied),
        "disclaimer_rate": m.ratio(sum(r.disclaimer_ok for r in results), len(results)),
        "junk_free": m.mean(float(not r.junk) for r in replied),
        "errors": float(sum(r.reply is None for r in results)),
    }


def latency_by_kind(results: Sequence[CaseResult]) -> dict[str, dict[str, float | None]]:
    """p50 and p95 latency (ms, measured by the caller) per reply kind, and over all replies."""
    table: dict[str, dict[str, float | None]] = {}
    for kind in (*KINDS, "all"):
        values = [r.latency_ms for r in results if r.reply and (kind == "all" or r.kind == kind)]
        table[kind] = {
            "n": float(len(values)),
            "p50": m.percentile(values, 50),
            "p95": m.percentile(values, 95),
        }
    return table


@dataclass(frozen=True)
class ThresholdCheck:
    """One metric checked against its bound; `passed` is None when the metric did not apply."""

    metric: str
    bound: str  # "min" or "max"
    threshold: float
    value: float | None
    split: str = "all"  # the cases the value was scored on

    @property
    def passed(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.threshold if self.bound == "min" else self.value <= self.threshold


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, dict[str, float]]:
    """`{"min": {...}, "max": {...}}` from a TOML file; raises `UserError` on a bad file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"thresholds file {path} not found; pass one with --thresholds") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"thresholds file {path} is not valid TOML: {error}") from None
    unknown = [
        name
        for section in data.values()
        if isinstance(section, dict)
        for name in section
        if name not in METRIC_INFO
    ]
    bad_sections = [name for name in data if name not in ("min", "max")]
    if unknown or bad_sections:
        raise UserError(
            f"thresholds file {path}: unknown sections {bad_sections} or metrics {unknown}; "
            f"use [min] and [max] with metrics among: {', '.join(METRIC_INFO)}"
        )
    return {
        section: {k: float(v) for k, v in data.get(section, {}).items()}
        for section in ("min", "max")
    }


# Checked on every case, held-out included: a safety failure anywhere fails the run.
SAFETY_METRICS = frozenset(
    {
        "urgent_recall",
        "urgent_false_alarm_rate",
        "disclaimer_rate",
        "junk_free",
        "forbidden_free",
        "markers_resolve",
        "quotes_verbatim",
        "errors",
    }
)


def check_thresholds(
    scores: dict[str, dict[str, float | None]], thresholds: dict[str, dict[str, float]]
) -> list[ThresholdCheck]:
    """One check per threshold, in `METRICS` order.

    Safety metrics are checked on all cases. Quality metrics are checked on the dev split when
    the dataset has one: the held-out split is reported apart and never gates, so that nobody
    is pushed to tune the engine on it (a dataset without splits is checked on all its cases).
    """
    quality_split = "dev" if "dev" in scores else "all"
    checks = []
    for info in METRICS:
        split = "all" if info.name in SAFETY_METRICS else quality_split
        for bound in ("min", "max"):
            if info.name in thresholds.get(bound, {}):
                checks.append(
                    ThresholdCheck(
                        info.name,
                        bound,
                        thresholds[bound][info.name],
                        scores.get(split, {}).get(info.name),
                        split,
                    )
                )
    return checks


def _relevant(ranking: Sequence[str], expected: Sequence[str]) -> set[str]:
    """The expected sources, spelled as the ranking spells them (extensions may differ)."""
    return {next((doc for doc in ranking if m.same_source(doc, e)), e) for e in expected}
