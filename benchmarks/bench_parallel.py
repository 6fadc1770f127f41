"""How many questions the engine usefully answers at once on this machine (threads, no HTTP).

    python benchmarks/bench_parallel.py [--threads 1,2,3,4,6,8] [--rounds 3] [--index-dir DIR]

The seed index is built into a temp folder unless `--index-dir` names one. The gold set's
single-turn questions are answered by 1, 2, 3, ... threads sharing one engine, as the web app
does; the thread counts take turns in each round, so a change in the machine's load hits all
of them alike. Prints questions per second for each count, relative to one thread, and whether
every answer matched the one-thread answer (the engine must be safe to share). The smallest
count within 5 % of the best throughput is what `ASSISTANT_CHAT_CONCURRENCY` should be:
more threads add no throughput, only waiting inside the engine. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.settings import Settings  # noqa: E402
from evals.paths import GOLD  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", default="1,2,3,4,6,8")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--index-dir", type=Path)
    args = parser.parse_args()
    counts = [int(part) for part in args.threads.split(",")]

    from assistant.factory import build_assistant
    from ingest.pipeline import ingest_paths

    with tempfile.TemporaryDirectory(prefix="bench-parallel-") as scratch:
        index_dir = args.index_dir or Path(scratch) / "index"
        settings = Settings(corpus_dir=REPO / "corpus", index_dir=index_dir, chroma_url=None)
        if args.index_dir is None:
            ingest_paths(settings)
        engine = build_assistant(settings)
        rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
        questions = [row["question"] for row in rows if not row.get("history")]
        engine.warm_up()
        expected = {q: engine.ask(q).model_dump(exclude={"timings_ms"}) for q in questions}
        seconds = dict.fromkeys(counts, 0.0)
        same = True
        for _ in range(args.rounds):
            for count in counts:
                started = time.perf_counter()
                with ThreadPoolExecutor(count) as pool:
                    answers = list(pool.map(engine.ask, questions))
                seconds[count] += time.perf_counter() - started
                same &= all(
                    a.model_dump(exclude={"timings_ms"}) == expected[q]
                    for q, a in zip(questions, answers, strict=True)
                )
        engine.close()

    asked = len(questions) * args.rounds
    rates = {count: asked / seconds[count] for count in counts}
    best = max(rates.values())
    knee = min(count for count in counts if rates[count] >= 0.95 * best)
    print(
        f"{len(questions)} questions x {args.rounds} rounds per thread count; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    print("| threads | questions/s | vs 1 thread |")
    print("| ---: | ---: | ---: |")
    for count in counts:
        print(f"| {count} | {rates[count]:.1f} | {rates[count] / rates[counts[0]]:.2f}x |")
    print(f"same answers from every thread count: {'yes' if same else 'NO'}")
    print(f"smallest thread count within 5% of the best: {knee}")


if __name__ == "__main__":
    main()
