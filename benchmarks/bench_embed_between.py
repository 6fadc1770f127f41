"""What slows a question's embedding between asks on a large index: the ask's parts one by one.

    python benchmarks/bench_embed_between.py [--backends torch,onnx-int8]
        [--medquad-index-root DIR] [--questions 150]

For each backend, in its own process, on the full MedQuAD index `DIR/medquad-<backend>` that
`make bench-ingest` builds: the median time to embed one MedQuAD question (the engine's own
embedder) right after another embedding, after a whole `ask`, after a BM25 search only, after
a Chroma vector query only (with that question's own vector), 200 ms after such a query,
200 ms after nothing (the control for the pause), and right after reading `EVICT_MB` of other
memory with no pause (it pushes the model's weights out of the CPU caches, as other processes
on the machine do while a server waits for its next question), and, as its control, after
re-reading `CACHED_MB` (which stays in the caches) for as long as that read takes. The cases
take turns question by question, in an order that rotates, so a change in the machine's load
falls on all of them alike.
Prints a table and the ratios against torch; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from evals.medquad import load_pairs  # noqa: E402 - after the path is set
from evals.paths import MEDQUAD  # noqa: E402

ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
EVICT_MB = 600  # twice this machine's 300 MB L3 cache
CACHED_MB = 1  # fits in one core's L2: the control for the time the eviction takes
CASES = (
    "right after another embedding",
    "after an ask",
    "after a BM25 search",
    "after a Chroma query",
    "200 ms after a Chroma query",
    "200 ms after nothing",
    f"after reading {EVICT_MB} MB, no pause",
    f"after re-reading {CACHED_MB} MB for as long",
)


def measure(backend: str, index_dir: Path, count: int) -> dict[str, float]:
    """In this process: median ms to embed one question in each case of CASES."""
    import numpy as np

    from assistant.factory import build_assistant
    from assistant.settings import Settings

    settings = Settings(index_dir=index_dir, embedding_backend=backend, chroma_url=None)  # type: ignore[arg-type]
    assistant = build_assistant(settings)
    assistant.warm_up()
    retriever = assistant.retriever
    pairs = load_pairs(MEDQUAD)
    random.Random(13).shuffle(pairs)
    questions = [pair.question for pair in pairs[:count]]
    vectors = dict(zip(questions, retriever.embedder.embed(questions), strict=True))
    for question in questions[:5]:  # first calls pay for lazy caches
        assistant.ask(question)

    other_memory = np.ones(EVICT_MB * 2**20 // 8)
    cached_memory = np.ones(CACHED_MB * 2**20 // 8)
    started = time.perf_counter()
    other_memory.sum()
    eviction_seconds = time.perf_counter() - started

    def reread_cached(question: str) -> None:
        until = time.perf_counter() + eviction_seconds
        while time.perf_counter() < until:
            cached_memory.sum()

    def query_then_pause(question: str) -> None:
        retriever.index.query(vectors[question], 20)
        time.sleep(0.2)

    before: dict[str, Callable[[str], object]] = dict(
        zip(
            CASES,
            (
                lambda q: None,
                assistant.ask,
                lambda q: retriever.bm25.top(q, 20),
                lambda q: retriever.index.query(vectors[q], 20),
                query_then_pause,
                lambda q: time.sleep(0.2),
                lambda q: other_memory.sum(),
                reread_cached,
            ),
            strict=True,
        )
    )
    times: dict[str, list[float]] = {case: [] for case in CASES}
    for number, question in enumerate(questions):
        for case in CASES[number % len(CASES) :] + CASES[: number % len(CASES)]:
            before[case](question)
            started = time.perf_counter()
            retriever.embedder.embed([question])
            times[case].append((time.perf_counter() - started) * 1000)
    assistant.close()
    return {case: statistics.median(series) for case, series in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="torch,onnx-int8")
    parser.add_argument("--medquad-index-root", type=Path, default=REPO / ".bench")
    parser.add_argument("--questions", type=int, default=150)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        index_dir = args.medquad_index_root / f"medquad-{args.child}"
        print(json.dumps(measure(args.child, index_dir, args.questions)))
        return 0
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    results = {}
    for backend in backends:
        if not (args.medquad_index_root / f"medquad-{backend}" / "CURRENT").is_file():
            raise SystemExit(f"no MedQuAD index for {backend}: run `make bench-ingest` first")
        command = [
            sys.executable, __file__, "--child", backend,
            "--medquad-index-root", str(args.medquad_index_root),
            "--questions", str(args.questions),
        ]  # fmt: skip
        done = subprocess.run(
            command, capture_output=True, text=True, cwd=REPO, env={**os.environ, **ENV}
        )
        if done.returncode != 0:
            raise SystemExit(f"{backend} failed: {done.stderr[-2000:]}")
        results[backend] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"Embedding one MedQuAD question, median ms of {args.questions}, full MedQuAD index")
    print("| embedding ... | " + " | ".join(backends) + " |")
    print("| --- |" + " ---: |" * len(backends))
    for case in CASES:
        print(f"| {case} | " + " | ".join(f"{results[b][case]:.1f}" for b in backends) + " |")
    if "torch" in results:
        for backend in (b for b in backends if b != "torch"):
            ratios = ", ".join(
                f"{case} {results['torch'][case] / results[backend][case]:.1f}x" for case in CASES
            )
            print(f"{backend} faster than torch: {ratios}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
