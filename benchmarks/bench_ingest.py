"""Ingestion benchmark on MedQuAD (16,407 answers): every backend side by side, in one run.

    python benchmarks/bench_ingest.py [--sample N | --limit N] [--backends torch,onnx-int8]
        [--index-root DIR] [--rounds R] [--encode-baseline]

Each backend ingests the same documents (the answer text only; title = the question's focus)
into a fresh index `DIR/medquad-<backend>` (default DIR: .bench), then re-ingests the
unchanged input, in its own process, so that its peak RSS is its own; `--parallel` runs the
backends' processes at the same time (both under the same load). With `--rounds R` the
backends take turns R times (torch, onnx-int8, onnx-int8, torch, ...), so load drifting on a
shared machine hits both alike; the chunks/s ratio against torch (else the first backend) is
reported per round and as the median. `--encode-baseline` also times `embed_passages` alone
on the same chunk texts (the ingest's overhead over embedding). Not a test: nothing here
asserts a time.
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
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from evals.paths import MEDQUAD, shown  # noqa: E402


def write_documents(source: Path, target: Path, limit: int | None, sample: int | None) -> int:
    """MedQuAD lines -> the ingest JSONL format. The question is never indexed.

    `limit` keeps the first N lines (all CancerGov: long answers); `sample` keeps N lines drawn
    at random (seed 13) across all nine collections, which is more representative.
    """
    with gzip.open(source, "rt", encoding="utf-8") as stream:
        lines = stream.readlines()
    if sample is not None:
        lines = random.Random(13).sample(lines, min(sample, len(lines)))
    if limit is not None:
        lines = lines[:limit]
    count = 0
    with open(target, "w") as out:
        for line in lines:
            record = json.loads(line)
            document = {
                "id": record["id"],
                "title": record.get("focus") or "",
                "text": record["answer"],
                "url": record.get("url") or "",
                "license": "CC BY 4.0 (MedQuAD, Ben Abacha & Demner-Fushman 2019)",
            }
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
            count += 1
    return count


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child(backend: str, documents: Path, index_dir: Path, encode_baseline: bool) -> None:
    """One backend's ingest, in this process; prints one JSON line with what it measured."""
    from assistant.embedding import build_embedder
    from assistant.settings import Settings
    from ingest.load import load_paths
    from ingest.pipeline import ingest_paths, prepare_documents

    settings = Settings(index_dir=index_dir, chroma_url=None, embedding_backend=backend)
    embedder = build_embedder(settings)
    started = time.perf_counter()
    embedder.embed(["load the model before timing"])
    load_s = time.perf_counter() - started
    first = ingest_paths(settings, [documents], embedder=embedder, rebuild=True, progress=True)
    rss = peak_rss_mb()
    second = ingest_paths(settings, [documents], embedder=embedder, prune=True)
    encode_s = None
    if encode_baseline:
        prepared = prepare_documents(
            load_paths([documents], corpus_dir=settings.corpus_dir), model=embedder.name
        )
        chunks = [chunk for doc in prepared for chunk in doc.chunks]
        started = time.perf_counter()
        for first_chunk in range(0, len(chunks), 4096):
            window = chunks[first_chunk : first_chunk + 4096]
            embedder.embed_passages([c.embed_text for c in window], [c.embed_spans for c in window])
        encode_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "backend": backend,
                "documents": first.documents,
                "chunks": first.chunks_added,
                "seconds": first.seconds,
                "phases": first.phases,
                "rerun_seconds": second.seconds,
                "rerun_embedded": second.chunks_embedded,
                "peak_rss_mb": rss,
                "load_seconds": load_s,
                "encode_seconds": encode_s,
            }
        )
    )


def start_child(
    backend: str, documents: Path, index_dir: Path, encode_baseline: bool
) -> subprocess.Popen:
    command = [
        sys.executable, __file__, "--child", backend,
        "--documents", str(documents), "--index-dir", str(index_dir),
    ]  # fmt: skip
    if encode_baseline:
        command.append("--encode-baseline")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=REPO, env=env)


def finish_child(backend: str, process: subprocess.Popen) -> dict:
    out, _ = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"the {backend} ingest failed (exit {process.returncode})")
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--sample", type=int, default=None, help="N documents drawn at random")
    parser.add_argument("--backends", default="torch,onnx-int8", help="comma-separated")
    parser.add_argument("--index-root", type=Path, default=REPO / ".bench")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--source", type=Path, default=MEDQUAD)
    parser.add_argument("--encode-baseline", action="store_true")
    parser.add_argument(
        "--parallel",
        action="store_true",
        help="run the backends at the same time (same machine load for both; for the full set)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--documents", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--index-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.documents, args.index_dir, args.encode_baseline)
        return

    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    runs: dict[str, list[dict]] = {backend: [] for backend in backends}
    with tempfile.TemporaryDirectory() as folder:
        documents = Path(folder) / "medquad.jsonl"
        count = write_documents(args.source, documents, args.limit, args.sample)
        mode = "at the same time" if args.parallel else "one after the other"
        print(
            f"MedQuAD: {count} documents; backends {', '.join(backends)} {mode}; "
            f"{args.rounds} round(s)"
        )
        for round_number in range(args.rounds):
            order = backends if round_number % 2 == 0 else backends[::-1]
            started: list[tuple[str, subprocess.Popen]] = []
            for backend in order:
                index_dir = args.index_root / f"medquad-{backend}"
                print(f"round {round_number + 1}: {backend} -> {shown(index_dir)}", flush=True)
                process = start_child(backend, documents, index_dir, args.encode_baseline)
                started.append((backend, process))
                if not args.parallel:
                    runs[backend].append(finish_child(backend, process))
            if args.parallel:
                for backend, process in started:
                    runs[backend].append(finish_child(backend, process))

    base = "torch" if "torch" in backends else backends[0]  # today's path is the baseline
    print(f"\nload average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        "| backend | documents | chunks | ingest s (embed / write / prepare) | chunks/s "
        f"| chunks/s vs {base} | unchanged re-run | peak RSS | model load |"
    )
    print("| --- |" + " --- |" * 8)
    for backend in backends:
        for round_number, run in enumerate(runs[backend]):
            reference = runs[base][round_number]
            rate = run["chunks"] / run["seconds"]
            ratio = rate / (reference["chunks"] / reference["seconds"])
            phases = run["phases"]
            print(
                f"| {backend} (round {round_number + 1}) | {run['documents']:,} | "
                f"{run['chunks']:,} | {run['seconds']:.0f} ({phases.get('embed', 0):.0f} / "
                f"{phases.get('write', 0):.0f} / {phases.get('prepare', 0):.0f}) | {rate:.1f} | "
                f"{ratio:.2f}x | {run['rerun_seconds']:.1f} s = "
                f"{100 * run['rerun_seconds'] / run['seconds']:.1f} % | "
                f"{run['peak_rss_mb']:,.0f} MB | {run['load_seconds']:.1f} s |"
            )
            if run["encode_seconds"]:
                overhead = run["seconds"] / run["encode_seconds"]
                print(f"|   ingest / embed_passages alone: {overhead:.2f}")
    for backend in (name for name in backends if name != base):
        ratios = [
            (run["chunks"] / run["seconds"]) / (ref["chunks"] / ref["seconds"])
            for run, ref in zip(runs[backend], runs[base], strict=True)
        ]
        print(
            f"{backend} chunks/s / {base} chunks/s: median {statistics.median(ratios):.2f}x "
            f"over {len(ratios)} round(s) ({', '.join(f'{r:.2f}' for r in ratios)})"
        )


if __name__ == "__main__":
    main()
