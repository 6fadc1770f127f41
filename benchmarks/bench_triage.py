"""Emergency triage, measured: recall per category, false alarms per look-alike type, latency.

    .venv/bin/python benchmarks/bench_triage.py [FILE ...] [--medquad] [--show-misses]

Scores each labelled file (default: every batch in evals/datasets/triage/) with
`evals.triage.score_batch`: the real conversation rules, the real triage model and the real
embedding of each message. Recall counts an urgent message as caught when its reply is urgent
at any level; "level" and "category" count exact agreement. False alarms: look-alikes that got
an urgent reply (the safety-net line is reported apart). `--medquad` adds false alarms on every
distinct MedQuAD question (general questions from a health library, none an emergency).
Latency: triage per message beyond the embedding, next to the embedding itself, in this run.

Never run `--show-misses` on a batch before its figures were reported: a held-out batch is
measured once, then it may join the training data (assistant/safety/triage/training/).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.embedding import build_embedder  # noqa: E402
from assistant.safety.triage import build_triager  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from evals.paths import MEDQUAD, TRIAGE_BATCHES  # noqa: E402
from evals.triage import BatchScores, score_batch  # noqa: E402


def report(scores: BatchScores, show_misses: bool) -> None:
    urgent = sum(e.urgent for e in scores.examples)
    print(f"\n== {scores.name}: {urgent} urgent, {len(scores.examples) - urgent} look-alikes")
    print(f"recall {scores.recall:.1%}  right level {scores.right_level:.1%}  right category "
          f"{scores.right_category:.1%}")  # fmt: skip
    print(f"false alarms {scores.false_alarms:.1%}  (safety-net line on look-alikes "
          f"{scores.safety_nets:.1%})")  # fmt: skip
    by_category = sorted(scores.recall_by_category().items(), key=lambda i: i[1][0] / i[1][1])
    print("recall by category: " + ", ".join(f"{c} {k}/{n}" for c, (k, n) in by_category))
    print("false alarms by look-alike: " + ", ".join(
        f"{t} {k}/{n}" for t, (k, n) in scores.alarms_by_lookalike().items()
    ))  # fmt: skip
    print(f"triage per message: p50 {np.percentile(scores.triage_ms, 50):.2f} ms, "
          f"p95 {np.percentile(scores.triage_ms, 95):.2f} ms (beyond the embedding)")  # fmt: skip
    if show_misses:
        for example in scores.misses():
            print(f"  MISS [{example.category}] {example.text[:160]!r}")
        for example, result in scores.alarms():
            print(f"  ALARM [{example.lookalike} -> {result.category}] {example.text[:160]!r}")


def medquad_false_alarms(triager, embedder) -> None:
    with gzip.open(MEDQUAD, "rt", encoding="utf-8") as stream:
        questions = sorted({json.loads(line)["question"] for line in stream})
    began = time.perf_counter()
    vectors = embedder.embed(questions)
    embed_s = time.perf_counter() - began
    began = time.perf_counter()
    flagged = Counter()
    alarms = 0
    for question, vector in zip(questions, vectors, strict=True):
        result = triager.assess(question, vector)
        if result.urgent:
            alarms += 1
            flagged[result.category] += 1
    triage_s = time.perf_counter() - began
    print(
        f"\n== MedQuAD: {alarms} of {len(questions)} distinct questions flagged urgent "
        f"= {alarms / len(questions):.2%} false alarms; by category {dict(flagged)}"
    )
    print(f"embedding {embed_s / len(questions) * 1000:.2f} ms per question (batched), "
          f"triage {triage_s / len(questions) * 1000:.2f} ms per question")  # fmt: skip


def latency(triager, embedder) -> None:
    """One message at a time, as the engine does it: embedding, then triage."""
    messages = [
        "my wife's mouth is drooping on the left and her words come out wrong",
        "Can my feet cause back pain? I stand all day at work.",
        "i had a heart attack in 2016, which walking shoes are best?",
        "took a whole strip of paracetamol for my back last night, is that ok?",
    ] * 25
    embed_ms, triage_ms = [], []
    for message in messages:
        began = time.perf_counter()
        vector = embedder.embed([message])[0]
        embed_ms.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        triager.assess(message, vector)
        triage_ms.append((time.perf_counter() - began) * 1000)
    print(f"\n== latency, one message at a time ({len(messages)}): embedding p50 "
          f"{np.median(embed_ms):.2f} ms; triage beyond it p50 {np.median(triage_ms):.2f} ms, "
          f"p95 {np.percentile(triage_ms, 95):.2f} ms")  # fmt: skip


def first_measurements() -> None:
    """Every batch's figures from its one measurement before it could join the training data."""
    with (TRIAGE_BATCHES / "first_measurements.tsv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    print("\n== every batch, measured once before any tuning on it (first_measurements.tsv)")
    for row in rows:
        print(f"{row['batch']} ({row['author']}; commit {row['commit']}): {row['messages']} "
              f"messages, recall {float(row['recall']):.1%}, false alarms "
              f"{float(row['false_alarms']):.1%}; below 100%: {row['categories_below_100']}; "
              f"{row['now']}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--medquad", action="store_true", help="false alarms on MedQuAD")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    embedder = build_embedder(settings)
    triager = build_triager(embedder.dimension)
    meta = triager.model.meta
    cv = meta.get("cross_validation", {})
    print(f"model trained on {meta['examples']} examples ({meta['trained_at']}); threshold "
          f"{triager.model.threshold:.3f}; cross-validated by writer: recall "
          f"{cv.get('recall', float('nan')):.1%}, false alarms "
          f"{cv.get('false_alarms', float('nan')):.1%}")  # fmt: skip
    files = args.files or sorted(TRIAGE_BATCHES.glob("batch_*.jsonl"))
    for path in files:
        report(score_batch(path, triager, embedder), args.show_misses)
    first_measurements()
    latency(triager, embedder)
    if args.medquad:
        medquad_false_alarms(triager, embedder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
