"""Triage recall and false alarms, per category, on the tuning set and the held-out set.

    .venv/bin/python benchmarks/bench_triage.py [--show-misses] [--only tuning|held-out]

The held-out file (`evals/datasets/triage_heldout.jsonl`) was written before the rules and is
never tuned on; its numbers are the honest estimate. Recall counts a message as caught when it
is triaged urgent at all (any category: the reply is the same emergency advice); "right
category" counts exact category agreement. Then counts on sets the triage author did not
write: the eval suite's gold set, and MedQuAD's general questions (a false-alarm check). Also
prints the time per message, as a ratio to a
baseline of lower-casing and splitting the message (the cheapest thing any check must do).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.safety.triage import PRIORITY, triage  # noqa: E402

DATASETS = REPO / "evals" / "datasets"
MEDQUAD = REPO.parent / "shared" / "datasets" / "medquad" / "medquad.jsonl.gz"
FILES = {"tuning": DATASETS / "triage_tuning.jsonl", "held-out": DATASETS / "triage_heldout.jsonl"}


def load(path: Path) -> list[dict[str, object]]:
    """One case per line: {"text": str, "urgent": bool, "category": str | null}."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def report(name: str, cases: list[dict[str, object]], show_misses: bool) -> None:
    caught: dict[str, list[bool]] = defaultdict(list)
    right: dict[str, list[bool]] = defaultdict(list)
    alarms: dict[str, int] = defaultdict(int)
    normal = 0
    misses: list[str] = []
    for case in cases:
        text = str(case["text"])
        match = triage(text)
        if case["urgent"]:
            category = str(case["category"])
            caught[category].append(match is not None)
            right[category].append(match is not None and match.category == category)
            if match is None or match.category != category:
                found = match.category if match else "none"
                misses.append(f"  missed ({category} -> {found}): {text}")
        else:
            normal += 1
            if match is not None:
                alarms[match.category] += 1
                misses.append(f"  false alarm ({match.category}, {match.matched!r}): {text}")

    total_urgent = sum(len(values) for values in caught.values())
    total_caught = sum(sum(values) for values in caught.values())
    total_right = sum(sum(values) for values in right.values())
    total_alarms = sum(alarms.values())
    print(f"\n{name}: {total_urgent} urgent, {normal} non-urgent")
    print(f"  {'category':<16} {'urgent':>6} {'recall':>7} {'right cat':>9} {'false alarms':>13}")
    for category in PRIORITY:
        values = caught.get(category, [])
        recall = f"{sum(values) / len(values):.0%}" if values else "-"
        exact = f"{sum(right[category]) / len(values):.0%}" if values else "-"
        rate = f"{alarms[category]} ({alarms[category] / normal:.1%})" if normal else "-"
        print(f"  {category:<16} {len(values):>6} {recall:>7} {exact:>9} {rate:>13}")
    print(
        f"  {'all':<16} {total_urgent:>6} {total_caught / total_urgent:>7.1%} "
        f"{total_right / total_urgent:>9.1%} {total_alarms:>4} ({total_alarms / normal:.1%})"
    )
    if show_misses:
        print("\n".join(misses) or "  (no misses)")


def report_gold(path: Path) -> None:
    """Agreement with the eval suite's gold set (written by another engineer): counts only."""
    for split in ("dev", "heldout"):
        cases = [case for case in load_gold(path) if case["split"] == split]
        urgent = [case for case in cases if _kinds(case) == {"urgent"}]
        normal = [case for case in cases if "urgent" not in _kinds(case)]
        caught = sum(triage(str(case["question"])) is not None for case in urgent)
        alarms = sum(triage(str(case["question"])) is not None for case in normal)
        print(
            f"  gold {split:<8} urgent caught {caught}/{len(urgent)}, "
            f"false alarms {alarms}/{len(normal)}"
        )


def load_gold(path: Path) -> list[dict[str, object]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("#")]


def _kinds(case: dict[str, object]) -> set[str]:
    kind = case["expected_kind"]
    return set(kind) if isinstance(kind, list) else {str(kind)}


def report_medquad(path: Path) -> None:
    """MedQuAD's encyclopedic questions are not symptom reports: how many trigger triage."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        questions = sorted({json.loads(line)["question"] for line in lines})
    flagged: dict[str, int] = defaultdict(int)
    for question in questions:
        match = triage(question)
        if match is not None:
            flagged[match.category] += 1
    total = sum(flagged.values())
    by_category = ", ".join(f"{name} {count}" for name, count in sorted(flagged.items()))
    print(
        f"  MedQuAD questions flagged urgent: {total}/{len(questions)} "
        f"({total / len(questions):.2%}; {by_category or 'none'})"
    )


def timing(texts: list[str], repeats: int = 20) -> None:
    def per_message(function: object) -> float:
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            for text in texts:
                function(text)  # type: ignore[operator]
            samples.append((time.perf_counter() - start) / len(texts))
        return statistics.median(samples)

    baseline = per_message(lambda text: text.lower().split())
    rules = per_message(triage)
    print(
        f"\ntiming: triage {rules * 1e6:.0f} us/message (median of {repeats} runs), "
        f"{rules / baseline:.0f}x lower()+split() ({baseline * 1e6:.2f} us)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="list misses and alarms")
    parser.add_argument("--only", choices=sorted(FILES), help="report on one file only")
    args = parser.parse_args()
    texts: list[str] = []
    for name, path in FILES.items():
        if args.only and name != args.only:
            continue
        cases = load(path)
        texts += [str(case["text"]) for case in cases]
        report(name, cases, args.show_misses)
    if not args.only:
        print("\nother sets:")
        report_gold(DATASETS / "gold.jsonl")
        if MEDQUAD.exists():
            report_medquad(MEDQUAD)
    timing(texts)


if __name__ == "__main__":
    main()
