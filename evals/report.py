"""The suite's console table and JSON file (the HTML report is `evals.html_report`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.runner import CaseResult
from evals.scoring import METRIC_INFO, METRICS, score
from evals.suite import SPLITS, SuiteReport, TargetRun


def format_value(name: str, value: float | None) -> str:
    """A metric value as shown to people: a percentage, a number of words, or n/a."""
    if value is None:
        return "n/a"
    info = METRIC_INFO.get(name)
    if info is not None and info.percent:
        return f"{value * 100:.1f}%"
    if name in ("mrr", "ndcg_at_10") or name.startswith(("hit_at", "ndcg")):
        return f"{value:.3f}"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def console_table(report: SuiteReport) -> str:
    """Our scores per split next to the baseline's, with the thresholds and their status."""
    ours = report.ours.scores
    base = report.baseline.scores.get("all", {}) if report.baseline else {}
    bounds = {check.metric: check for check in report.checks}
    header = ["metric", "ours (all)", "dev", "heldout", "baseline", "threshold", ""]
    rows = [header]
    for info in METRICS:
        check = bounds.get(info.name)
        threshold = ""
        status = ""
        if check is not None:
            sign = ">=" if check.bound == "min" else "<="
            threshold = f"{sign} {format_value(info.name, check.threshold)} on {check.split}"
            status = {True: "ok", False: "FAIL", None: "n/a"}[check.passed]
        rows.append(
            [
                info.label,
                format_value(info.name, ours.get("all", {}).get(info.name)),
                format_value(info.name, ours.get("dev", {}).get(info.name)),
                format_value(info.name, ours.get("heldout", {}).get(info.name)),
                format_value(info.name, base.get(info.name)) if report.baseline else "",
                threshold,
                status,
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.append("")
    lines.append(_latency_line(report.ours))
    if report.baseline:
        lines.append(_latency_line(report.baseline))
    for bench in report.medquad:
        lines.append(
            f"MedQuAD retrieval ({bench['name']}, {bench['questions']} questions): "
            + ", ".join(f"{k} {v:.3f}" for k, v in bench["scores"].items())
        )
    lines.append("")
    lines.append(category_table(report.ours))
    failing = sum(bool(result.failures) for result in report.ours.results)
    lines.append(f"{failing} of {len(report.ours.results)} cases have a failed check.")
    lines.append("thresholds: " + ("all passed" if report.passed else "FAILED"))
    return "\n".join(lines)


# What the per-category table shows: aggregates only, never a case.
CATEGORY_METRICS = (
    "kind_accuracy",
    "hit_at_1",
    "citation_recall",
    "fact_recall",
    "oos_precision",
    "oos_recall",
)


def category_table(run: TargetRun) -> str:
    """A Markdown table of a few metrics per split and case category (aggregates only)."""
    header = "| split | category | cases | " + " | ".join(
        METRIC_INFO[name].label for name in CATEGORY_METRICS
    )
    lines = [header + " |", "| --- | --- | ---: |" + " ---: |" * len(CATEGORY_METRICS)]
    splits = sorted({result.case.split for result in run.results})
    for split in splits:
        groups: dict[str, list[CaseResult]] = {}
        for result in run.results:
            if result.case.split == split:
                groups.setdefault(result.case.category or "-", []).append(result)
        for category, results in sorted(groups.items()):
            scores = score(results)
            cells = [format_value(name, scores[name]) for name in CATEGORY_METRICS]
            lines.append(f"| {split} | {category} | {len(results)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def markdown_table(report: SuiteReport) -> str:
    """Scores as a Markdown table for the README: ours per split next to the baseline's."""
    base = report.baseline.scores.get("all", {}) if report.baseline else {}
    bounds = {check.metric: check for check in report.checks}
    lines = [
        "| metric | ours, all | dev | held-out | baseline | threshold |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for info in METRICS:
        values = [report.ours.scores.get(split, {}).get(info.name) for split in SPLITS]
        check = bounds.get(info.name)
        threshold = ""
        if check is not None:
            threshold = ("≥ " if check.bound == "min" else "≤ ") + format_value(
                info.name, check.threshold
            )
            threshold += f" on {check.split}"
        cells = [format_value(info.name, value) for value in values]
        baseline = format_value(info.name, base.get(info.name)) if report.baseline else ""
        lines.append(f"| {info.label} | {' | '.join(cells)} | {baseline} | {threshold} |")
    lines.append("")
    lines.append(category_table(report.ours))
    for run in (report.ours, report.baseline):
        if run is not None:
            lines.append("")
            lines.append(_latency_line(run))
    for bench in report.medquad:
        scores = ", ".join(f"{name} {value:.3f}" for name, value in bench["scores"].items())
        lines.append("")
        lines.append(
            f"MedQuAD retrieval, {bench['name']} ({bench['questions']} questions): {scores}"
        )
    return "\n".join(lines) + "\n"


def to_json(report: SuiteReport) -> dict[str, Any]:
    """The whole report as plain JSON data (scores, checks and every case's reply)."""
    return {
        "dataset": report.dataset,
        "passed": report.passed,
        "thresholds": [
            {
                "metric": check.metric,
                "bound": check.bound,
                "threshold": check.threshold,
                "value": check.value,
                "passed": check.passed,
                "split": check.split,
            }
            for check in report.checks
        ],
        "targets": [_run_json(run) for run in (report.ours, report.baseline) if run is not None],
        "medquad": report.medquad,
    }


def write_json(report: SuiteReport, path: Path) -> None:
    """Write `to_json(report)` to `path` (folders created), via a temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(to_json(report), indent=2, ensure_ascii=False), "utf-8")
    partial.replace(path)


def _run_json(run: TargetRun) -> dict[str, Any]:
    return {
        "name": run.name,
        "scores": run.scores,
        "latency_ms": run.latency,
        "cases": [_case_json(result) for result in run.results],
    }


def _case_json(result: CaseResult) -> dict[str, Any]:
    return {
        "id": result.case.id,
        "split": result.case.split,
        "category": result.case.category,
        "expected_kind": list(result.case.expected_kind),
        "kind": result.kind,
        "latency_ms": round(result.latency_ms, 1),
        "failures": result.failures,
        "groundedness": result.groundedness,
        "reply": result.reply.model_dump() if result.reply else None,
        "error": result.error,
    }


def _latency_line(run: TargetRun) -> str:
    parts = []
    for kind, row in run.latency.items():
        if row["n"]:
            parts.append(
                f"{kind} p50 {row['p50']:.0f} ms / p95 {row['p95']:.0f} ms (n={row['n']:.0f})"
            )
    return f"latency, {run.name}: " + "; ".join(parts)
