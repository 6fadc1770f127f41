"""Latency of `ask`: warm p50/p95 against embedding the query alone, and cold start.

    python benchmarks/bench_ask.py [--medquad-index .bench/medquad-index] [--collection NAME]
        [--medquad-questions 200] [--rounds 2]

Seed corpus: a fresh index of corpus/ in a temp dir, asked every question of
evals/datasets/gate_calibration.jsonl (in- and out-of-scope). MedQuAD: the full index the
ingest benchmark leaves at .bench/medquad-index (skipped if absent), asked a fixed sample of
MedQuAD questions. Each `ask` is interleaved with embedding the same question alone, so machine
load hits both alike; the ratio of medians is the figure to watch (targets: <= 4x on the seed
corpus, <= 12x on MedQuAD). Cold start: a new process, `assistant ask`, until it prints.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from assistant.embedding.sentence_transformers import SentenceTransformerEmbedder  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from evals.paths import GATE_CALIBRATION as CALIBRATION  # noqa: E402
from evals.paths import MEDQUAD  # noqa: E402


def measure(
    settings: Settings,
    embedder,
    asked: Sequence[tuple[str, str | None]],
    rounds: int,
    label: str,
    limit: int | None = None,
) -> None:
    """Ask each (question, its document id or None) whose document is in the index."""
    from assistant.factory import build_assistant

    assistant = build_assistant(settings, embedder=embedder)
    indexed = {chunk.source_id for chunk in assistant.retriever.chunks}
    questions = [q for q, doc in asked if doc is None or doc in indexed][:limit]
    assistant.warm_up()
    for question in questions[:5]:  # first calls pay for lazy caches
        assistant.ask(question)
    ask_ms: list[float] = []
    embed_ms: list[float] = []
    kinds: dict[str, int] = {}
    stages: dict[str, list[float]] = {}
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            embedder.embed([question])
            embed_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            answer = assistant.ask(question)
            ask_ms.append((time.perf_counter() - started) * 1000)
            kinds[answer.kind] = kinds.get(answer.kind, 0) + 1
            for stage, ms in answer.timings_ms.items():
                stages.setdefault(stage, []).append(ms)
    assistant.close()
    p50_ask, p50_embed = statistics.median(ask_ms), statistics.median(embed_ms)
    print(f"\n{label}: {len(ask_ms)} asks ({', '.join(f'{k} {v}' for k, v in kinds.items())})")
    print(f"  ask          p50 {p50_ask:7.1f} ms   p95 {np.percentile(ask_ms, 95):7.1f} ms")
    print(f"  embed query  p50 {p50_embed:7.1f} ms   p95 {np.percentile(embed_ms, 95):7.1f} ms")
    print(f"  ratio of p50s (ask / embedding the query alone): {p50_ask / p50_embed:.2f}x")
    print(
        "  stage medians: "
        + ", ".join(f"{s} {statistics.median(v):.1f}" for s, v in stages.items())
        + " (ms)"
    )


def cold_start(index_dir: Path) -> tuple[float, float]:
    """Wall seconds from starting a new `assistant ask` process until it has printed the answer,
    and the CPU seconds it used (a figure other processes on a shared machine do not inflate)."""
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(index_dir), "HF_HUB_OFFLINE": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "Can high heels cause back pain?"],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=300,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"cold start run failed: {result.stderr}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--medquad-index", type=Path, default=REPO / ".bench" / "medquad-index")
    parser.add_argument("--collection", default="articles")
    parser.add_argument("--medquad-questions", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)

    from assistant.errors import IndexUnavailable
    from ingest.pipeline import ingest_paths

    embedder = SentenceTransformerEmbedder()
    rows = [json.loads(line) for line in CALIBRATION.read_text(encoding="utf-8").splitlines()]
    questions = [row["question"] for row in rows]
    with tempfile.TemporaryDirectory() as folder:
        seed = Settings(corpus_dir=REPO / "corpus", index_dir=Path(folder) / "index")
        ingest_paths(seed, embedder=embedder)
        asked = [(question, None) for question in questions]
        measure(seed, embedder, asked, args.rounds, "Seed corpus (2 articles)")
        runs = [cold_start(seed.index_dir) for _ in range(3)]
        walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
        print(
            f"\nCold start (new process -> first answer printed), 3 runs: wall "
            f"{', '.join(f'{s:.1f}' for s in walls)} s (median {statistics.median(walls):.1f}); "
            f"CPU {', '.join(f'{s:.1f}' for s in cpus)} s; load average now "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )

    medquad = Settings(index_dir=args.medquad_index, collection=args.collection)
    with gzip.open(MEDQUAD, "rt", encoding="utf-8") as stream:
        records = [json.loads(line) for line in stream if line.strip()]
    # Shuffled, then the first N whose answer is indexed (all of them on the full index).
    random.Random(args.seed).shuffle(records)
    try:
        label = f"MedQuAD index {args.medquad_index.name} ({args.collection!r})"
        asked = [(r["question"], r["id"]) for r in records]
        measure(medquad, embedder, asked, 1, label, limit=args.medquad_questions)
    except IndexUnavailable as error:
        print(f"\nMedQuAD: skipped ({error})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
