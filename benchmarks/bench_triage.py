"""Triage recall and false alarms, per category, on the tuning set and the held-out set.

    .venv/bin/python benchmarks/bench_triage.py [--show-misses] [--only tuning|held-out]

The held-out file (`evals/datasets/triage_heldout.jsonl`) was written before the rules and is
never tuned on; its numbers are the honest estimate. Recall counts a message as caught when it
is triaged urgent at all (any category: the reply is the same emergency advice); "right
category" counts exact category agreement. Also prints the time per message, as a ratio to a
baseline of lower-casing and splitting the message (the cheapest thing any check must do).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.triage import PRIORITY, triage  # noqa: E402

DATASETS = REPO / "evals" / "datasets"
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
    timing(texts)


if __name__ == "__main__":
    main()
