"""Latency of `ask` on every backend side by side: embedding the query, warm p50/p95, cold start.

    python benchmarks/bench_ask.py [--backends torch,onnx-int8] [--medquad-index-root DIR]
        [--medquad-questions 200] [--rounds 2] [--cold-runs 3] [--serving-only]
        [--serve-before CHECKOUT]

Seed corpus: a fresh index of corpus/ per backend, asked every question of
evals/datasets/gate_calibration.jsonl (each one embedded alone, then the whole `ask`).
Cold start, per backend in turn: a new `assistant ask` process until it has printed its
answer, and a new `assistant serve` until `/api/health` answers. MedQuAD: the indexes
`DIR/medquad-<backend>` that `make bench-ingest BENCH_ARGS="--index-root DIR"` builds
(skipped if absent), asked a fixed sample of the MedQuAD questions whose answer is
indexed; then each is served by `assistant serve` and asked 20 questions over HTTP, and its
resident memory (VmRSS) is read; `--serve-before CHECKOUT` also serves the torch index with
another checkout's code (e.g. `git worktree add --detach DIR <commit before a change>`), and
`--serving-only` measures only that memory. Warm timings run each backend in its own process, taking
turns round by round.
Prints numbers and the ratios against torch; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
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

import httpx  # noqa: E402
import numpy as np  # noqa: E402

from assistant.embedding import build_embedder  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from evals.paths import (  # noqa: E402
    GATE_CALIBRATION,
    MEDQUAD,
    shown,
)
from tests.support import free_port  # noqa: E402

ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"}


def timed_asks(backend: str, index_dir: Path, questions: Sequence[str], rounds: int) -> dict:
    """In this process: per question, embedding it alone, then the whole `ask` (ms lists)."""
    from assistant.factory import build_assistant

    settings = Settings(index_dir=index_dir, embedding_backend=backend, chroma_url=None)
    assistant = build_assistant(settings)
    assistant.warm_up()
    embedder = assistant.retriever.embedder  # the engine's own, as it embeds questions
    for question in questions[:5]:  # first calls pay for lazy caches
        assistant.ask(question)
    times: dict[str, list[float]] = {"ask": [], "embed": []}
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            embedder.embed([question])
            times["embed"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            assistant.ask(question)
            times["ask"].append((time.perf_counter() - started) * 1000)
    assistant.close()
    return times


def measure(
    targets: dict[str, Settings], questions: Sequence[str], rounds: int, label: str
) -> dict[str, dict[str, float]]:
    """Each backend in its own process (torch and onnxruntime in one process slow torch's
    single-question latency fivefold), taking turns round by round; medians and p95."""
    times: dict[str, dict[str, list[float]]] = {b: {"ask": [], "embed": []} for b in targets}
    with tempfile.TemporaryDirectory() as folder:
        asked = Path(folder) / "questions.json"
        asked.write_text(json.dumps(list(questions)), encoding="utf-8")
        for round_number in range(rounds):
            order = list(targets) if round_number % 2 == 0 else list(targets)[::-1]
            for backend in order:
                command = [
                    sys.executable, __file__, "--child", backend,
                    "--index-dir", str(targets[backend].index_dir), "--questions", str(asked),
                ]  # fmt: skip
                result = subprocess.run(
                    command, capture_output=True, text=True, cwd=REPO, env={**os.environ, **ENV}
                )
                if result.returncode != 0:
                    raise SystemExit(f"{backend} asks failed: {result.stderr[-2000:]}")
                measured = json.loads(result.stdout.strip().splitlines()[-1])
                for key in ("ask", "embed"):
                    times[backend][key].extend(measured[key])
    print(f"\n{label}: {len(questions)} questions x {rounds} round(s) per backend")
    print("| backend | embed query p50 | p95 | ask p50 | p95 |")
    print("| --- | --- | --- | --- | --- |")
    summary = {}
    for backend, series in times.items():
        row = {
            "embed_p50": statistics.median(series["embed"]),
            "embed_p95": float(np.percentile(series["embed"], 95)),
            "ask_p50": statistics.median(series["ask"]),
            "ask_p95": float(np.percentile(series["ask"], 95)),
        }
        summary[backend] = row
        print(
            f"| {backend} | {row['embed_p50']:.1f} ms | {row['embed_p95']:.1f} ms | "
            f"{row['ask_p50']:.1f} ms | {row['ask_p95']:.1f} ms |"
        )
    return summary


def cold_ask(settings: Settings, backend: str) -> tuple[float, float]:
    """Wall and CPU seconds of a new `assistant ask` process until it has printed the answer."""
    env = {
        **os.environ, **ENV, "ASSISTANT_INDEX_DIR": str(settings.index_dir),
        "ASSISTANT_EMBEDDING_BACKEND": backend,
    }  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "Can high heels cause back pain?"],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=600,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"cold start run failed: {result.stderr}")
    return elapsed, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def serve(
    settings: Settings, backend: str, questions: Sequence[str] = (), source: Path = REPO
) -> tuple[float, float]:
    """Seconds from starting `assistant serve` until `/api/health` answers 200, and its VmRSS
    in MB after answering `questions` over HTTP. `source` is the checkout whose code serves."""
    port = free_port()
    env = {
        **os.environ, **ENV, "ASSISTANT_INDEX_DIR": str(settings.index_dir),
        "ASSISTANT_EMBEDDING_BACKEND": backend, "ASSISTANT_PORT": str(port),
        "PYTHONPATH": str(source),
    }  # fmt: skip
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve"], env=env, cwd=source,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit(f"serve exited: {server.stderr.read() if server.stderr else ''}")
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.perf_counter() - started > 900:
                raise SystemExit("serve did not answer /api/health within 900 s")
            with contextlib.suppress(subprocess.TimeoutExpired):  # wakes early if it dies
                server.wait(timeout=0.1)
        ready = time.perf_counter() - started
        for question in questions:
            httpx.post(f"{url}/api/ask", json={"question": question}, timeout=120)
        status = Path(f"/proc/{server.pid}/status").read_text()
        rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        return ready, rss / 1024
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _indexed_ids(settings: Settings) -> set[str]:
    from assistant.store import open_index

    index = open_index(settings)
    try:
        return {article.source_id for article in index.articles()}
    finally:
        index.close()


def ratio_line(label: str, values: dict[str, float], base: str) -> None:
    """Print each backend's value as a multiple of the baseline's (0.25x = a quarter of it)."""
    parts = [
        f"{b} {value / values[base]:.2f}x of {base}" for b, value in values.items() if b != base
    ]
    print(f"{label}: " + "; ".join(parts))


def seed_corpus(args: argparse.Namespace, backends: Sequence[str], base: str) -> None:
    """Query embedding and asks on a fresh seed index per backend, then cold starts."""
    from ingest.pipeline import ingest_paths

    text = GATE_CALIBRATION[0].read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines()]
    with tempfile.TemporaryDirectory() as folder:
        seeds = {}
        for backend in backends:
            settings = Settings(
                corpus_dir=REPO / "corpus",
                index_dir=Path(folder) / backend,
                embedding_backend=backend,
                chroma_url=None,
            )
            ingest_paths(settings, embedder=build_embedder(settings))
            seeds[backend] = settings
        seed = measure(seeds, [r["question"] for r in rows], args.rounds, "Seed corpus")
        ratio_line("embed query p50", {b: v["embed_p50"] for b, v in seed.items()}, base)
        ratio_line("ask p50", {b: v["ask_p50"] for b, v in seed.items()}, base)

        colds: dict[str, dict[str, list[float]]] = {
            b: {"ask": [], "cpu": [], "serve": []} for b in backends
        }
        for run in range(args.cold_runs):
            for backend in backends if run % 2 == 0 else backends[::-1]:
                wall, cpu = cold_ask(seeds[backend], backend)
                colds[backend]["ask"].append(wall)
                colds[backend]["cpu"].append(cpu)
                colds[backend]["serve"].append(serve(seeds[backend], backend)[0])
        print(
            f"\nCold start on the seed corpus, {args.cold_runs} runs per backend in turn "
            f"(load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )
        print("| backend | `assistant ask` wall (median) | its CPU | `serve` until healthy |")
        print("| --- | --- | --- | --- |")
        for backend, series in colds.items():
            print(
                f"| {backend} | {', '.join(f'{s:.1f}' for s in series['ask'])} s "
                f"({statistics.median(series['ask']):.1f}) | "
                f"{statistics.median(series['cpu']):.1f} s | "
                f"{', '.join(f'{s:.1f}' for s in series['serve'])} s "
                f"({statistics.median(series['serve']):.1f}) |"
            )
        medians = {b: statistics.median(s["ask"]) for b, s in colds.items()}
        ratio_line("cold start of ask (median wall)", medians, base)
        medians = {b: statistics.median(s["serve"]) for b, s in colds.items()}
        ratio_line("cold start of serve (median wall)", medians, base)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="torch,onnx-int8")
    parser.add_argument("--medquad-index-root", type=Path, default=REPO / ".bench")
    parser.add_argument("--medquad-questions", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--serving-only", action="store_true", help="only the MedQuAD serving memory"
    )
    parser.add_argument(
        "--serve-before",
        type=Path,
        help="also serve the torch index with this checkout's code (e.g. main before a change)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--index-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--questions", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        questions = json.loads(args.questions.read_text(encoding="utf-8"))
        print(json.dumps(timed_asks(args.child, args.index_dir, questions, 1)))
        return 0
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    base = "torch" if "torch" in backends else backends[0]
    if args.serve_before and ("torch" not in backends or not args.serve_before.is_dir()):
        parser.error("--serve-before needs torch among --backends and a checkout folder")

    if not args.serving_only:
        seed_corpus(args, backends, base)

    medquad = {
        b: Settings(index_dir=args.medquad_index_root / f"medquad-{b}", embedding_backend=b)
        for b in backends
    }
    missing = [
        shown(s.index_dir) for s in medquad.values() if not (s.index_dir / "CURRENT").is_file()
    ]
    if missing:
        print(f"\nMedQuAD: skipped (no index at {', '.join(missing)})")
        return 0
    with gzip.open(MEDQUAD, "rt", encoding="utf-8") as stream:
        records = [json.loads(line) for line in stream if line.strip()]
    random.Random(args.seed).shuffle(records)
    indexed = _indexed_ids(medquad[base])
    asked = [r["question"] for r in records if r["id"] in indexed][: args.medquad_questions]
    if not args.serving_only:
        result = measure(medquad, asked, args.rounds, "MedQuAD index")
        ratio_line("embed query p50", {b: v["embed_p50"] for b, v in result.items()}, base)
        ratio_line("ask p50", {b: v["ask_p50"] for b, v in result.items()}, base)
    print(
        "\n| backend | `assistant serve` on the MedQuAD index, until healthy | RSS, 20 asks later |"
    )
    print("| --- | --- | --- |")
    rss = {}
    for backend in backends:
        ready, rss[backend] = serve(medquad[backend], backend, asked[:20])
        print(f"| {backend} | {ready:.1f} s | {rss[backend]:,.0f} MB |")
    before = f"torch, {args.serve_before.name}'s code" if args.serve_before else ""
    if before:
        ready, rss[before] = serve(medquad["torch"], "torch", asked[:20], args.serve_before)
        print(f"| {before} | {ready:.1f} s | {rss[before]:,.0f} MB |")
    ratio_line("serving RSS on the MedQuAD index", rss, base)
    if before:
        ratio_line("serving RSS against the code before", rss, before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
