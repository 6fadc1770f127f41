"""Compare dense, BM25 and fused retrieval: question -> its own answer document.

MedQuAD (../shared/datasets/medquad, CC BY 4.0, Ben Abacha & Demner-Fushman 2019): each
question's relevant document is its own answer; chunk hits map to documents (first rank of any
chunk of the right document). Seed corpus: the in-scope questions of
evals/datasets/gate_calibration.jsonl with the source_ids that answer them.

    python benchmarks/bench_retrieval.py [--backends torch,onnx-int8] [--index-root DIR]
        [--collection NAME] [--sample 2000] [--seed 13] [--build-sample-docs N]

Every backend side by side: each uses the full MedQuAD index the ingest benchmark leaves at
DIR/medquad-<backend> (default DIR: .bench) and embeds the same questions itself; with
--build-sample-docs N and no such index it ingests about N MedQuAD answers - whole topics
picked at random, every question type of each - into .bench/medquad-sample-N-<backend> (a
smaller, easier corpus than the full set: say so when quoting its figures).
Prints recall@1/5/10, MRR@10 and nDCG@10 per method and backend, and each backend's change
against torch. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.embedding import build_embedder  # noqa: E402
from assistant.retrieval.hybrid import FusionMethod, HybridRetriever  # noqa: E402
from assistant.settings import Settings  # noqa: E402

MEDQUAD = REPO.parent / "shared" / "datasets" / "medquad" / "medquad.jsonl.gz"
CALIBRATION = REPO / "evals" / "datasets" / "gate_calibration.jsonl"
METHODS: list[tuple[str, FusionMethod, float | None]] = [
    ("dense", "dense", None),
    ("bm25", "bm25", None),
    ("rrf (k=60)", "rrf", None),
    ("weighted w=0.05", "weighted", 0.05),
    ("weighted w=0.1", "weighted", 0.1),
    ("weighted w=0.2", "weighted", 0.2),
    ("weighted w=0.3", "weighted", 0.3),
]
DEPTH = 30


def document_ranking(hits) -> list[str]:
    """Source ids in order of their first chunk."""
    seen: dict[str, None] = {}
    for hit in hits:
        seen.setdefault(hit.chunk.source_id, None)
    return list(seen)


def scores(rank: int | None) -> dict[str, float]:
    """Metrics for one question with one relevant document at 1-based `rank` (None: missed)."""
    return {
        "R@1": float(rank is not None and rank <= 1),
        "R@5": float(rank is not None and rank <= 5),
        "R@10": float(rank is not None and rank <= 10),
        "MRR@10": 1.0 / rank if rank is not None and rank <= 10 else 0.0,
        "nDCG@10": 1.0 / math.log2(rank + 1) if rank is not None and rank <= 10 else 0.0,
    }


ENGINE_ROW = "weighted w=0.1, engine's query"


def evaluate(retriever: HybridRetriever, embedder, questions: Sequence[tuple[str, set[str]]]):
    """Mean metrics per method, plus seconds spent embedding and ranking.

    The methods rank the raw question; the last row ranks the query the engine searches
    (`HybridRetriever.normalise`: corpus variants and spelling) with the default fusion.
    """
    started = time.perf_counter()
    vectors = embedder.embed([q for q, _ in questions])
    embed_s = time.perf_counter() - started
    prepared = [retriever.normalise(q) for q, _ in questions]
    changed = [i for i, (q, _) in enumerate(questions) if prepared[i] != q]
    prepared_vectors = list(vectors)
    for i, vector in zip(changed, embedder.embed([prepared[i] for i in changed]), strict=True):
        prepared_vectors[i] = vector
    names = [name for name, _, _ in METHODS] + [ENGINE_ROW]
    totals = {name: dict.fromkeys(scores(None), 0.0) for name in names}
    started = time.perf_counter()
    for i, ((question, relevant), vector) in enumerate(zip(questions, vectors, strict=True)):
        dense, lexical = retriever.candidates(question, vector, DEPTH)
        rankings = {
            name: retriever.fuse(dense, lexical, method, weight) for name, method, weight in METHODS
        }
        if i in changed:
            dense, lexical = retriever.candidates(prepared[i], prepared_vectors[i], DEPTH)
        rankings[ENGINE_ROW] = retriever.fuse(dense, lexical, "weighted", 0.1)
        for name, hits in rankings.items():
            ranking = document_ranking(hits)
            rank = next((n + 1 for n, s in enumerate(ranking) if s in relevant), None)
            for metric, value in scores(rank).items():
                totals[name][metric] += value
    rank_s = time.perf_counter() - started
    means = {
        name: {metric: value / len(questions) for metric, value in row.items()}
        for name, row in totals.items()
    }
    print(f"(the engine's query differs from the raw question for {len(changed)} questions)")
    return means, embed_s, rank_s


def print_table(title: str, means: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    metrics = list(next(iter(means.values())))
    print("| method | " + " | ".join(metrics) + " |")
    print("| --- |" + " --- |" * len(metrics))
    for name, row in means.items():
        print(f"| {name} | " + " | ".join(f"{row[m]:.3f}" for m in metrics) + " |")


def medquad_records() -> list[dict]:
    with gzip.open(MEDQUAD, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def build_sample_index(
    records: list[dict],
    docs: int,
    seed: int,
    embedder,
    backend: str,
    *,
    name: str = "medquad-sample",
    include: Sequence[str] = (),
) -> Settings:
    """An index of about `docs` MedQuAD answers under .bench/NAME-DOCS-BACKEND (built once,
    reused): whole topics picked at random, the topics of the answers in `include` first."""
    from ingest.pipeline import ingest_paths

    settings = Settings(
        index_dir=REPO / ".bench" / f"{name}-{docs}-{backend}",
        collection="medquad",
        embedding_backend=backend,
    )
    if settings.index_dir.exists():
        return settings
    # Whole topics (all question types of one `focus`), not scattered answers: telling a
    # topic's "symptoms" answer from its "treatment" answer is the hard part of MedQuAD.
    topics: dict[str, list[dict]] = {}
    for record in records:
        topics.setdefault(record["focus"], []).append(record)
    names = sorted(topics)
    random.Random(seed).shuffle(names)
    included = set(include)
    wanted = {record["focus"] for record in records if record["id"] in included}
    names = sorted(wanted) + [topic for topic in names if topic not in wanted]
    chosen: list[dict] = []
    for topic in names:
        if len(chosen) >= docs:
            break
        chosen.extend(topics[topic])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "medquad-sample.jsonl"
        path.write_text(
            "\n".join(
                json.dumps({"id": r["id"], "title": r["focus"], "text": r["answer"],
                            "url": r["url"]})
                for r in chosen
            ),
            encoding="utf-8",
        )  # fmt: skip
        ingest_paths(settings, [path], embedder=embedder, progress=True)
    return settings


def run_medquad(args: argparse.Namespace, backend: str, embedder) -> dict | None:
    from assistant.errors import IndexUnavailable
    from assistant.store import open_index
    from evals.paths import shown

    records = medquad_records()
    where = args.index_root / f"medquad-{backend}"
    settings = Settings(index_dir=where, collection=args.collection, embedding_backend=backend)
    try:
        index = open_index(settings)
        label = f"[{backend}] MedQuAD index ({shown(where)})"
    except IndexUnavailable as error:
        if not args.build_sample_docs:
            print(f"MedQuAD: no index ({error}); skipped (or pass --build-sample-docs N)")
            return None
        sample_settings = build_sample_index(
            records, args.build_sample_docs, args.seed, embedder, backend
        )
        index = open_index(sample_settings)
        label = f"[{backend}] MedQuAD sample index ({args.build_sample_docs} answers)"
    started = time.perf_counter()
    retriever = HybridRetriever(index, embedder)
    load_s = time.perf_counter() - started
    indexed = {chunk.source_id for chunk in retriever.chunks}
    pool = [r for r in records if r["id"] in indexed]
    sample = random.Random(args.seed).sample(pool, min(args.sample, len(pool)))
    questions = [(r["question"], {r["id"]}) for r in sample]
    means, embed_s, rank_s = evaluate(retriever, embedder, questions)
    print_table(
        f"{label}: {len(questions)} questions (seed {args.seed}), {len(indexed):,} documents, "
        f"{len(retriever.chunks):,} chunks; BM25 + tables built in {load_s:.1f} s",
        means,
    )
    print(
        f"(embedding the questions: {1000 * embed_s / len(questions):.1f} ms each in batches; "
        f"dense + BM25 candidates and all fusions: {1000 * rank_s / len(questions):.1f} ms each)"
    )
    index.close()
    return {"questions": len(questions), "means": means}


def run_seed(backend: str, embedder) -> dict:
    from assistant.store import open_index
    from ingest.pipeline import ingest_paths

    rows = [json.loads(line) for line in CALIBRATION.read_text(encoding="utf-8").splitlines()]
    labelled = [(r["question"], set(r["source_ids"])) for r in rows if r.get("source_ids")]
    single = [(q, ids) for q, ids in labelled if len(ids) == 1]
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            corpus_dir=REPO / "corpus",
            index_dir=Path(folder) / "index",
            embedding_backend=backend,
            chroma_url=None,
        )
        ingest_paths(settings, embedder=embedder)
        index = open_index(settings)
        retriever = HybridRetriever(index, embedder)
        means, _, _ = evaluate(retriever, embedder, single)
        index.close()
    print_table(
        f"[{backend}] Seed corpus: {len(single)} in-scope questions answered by one of the 2 "
        "articles (evals/datasets/gate_calibration.jsonl)",
        {name: {"R@1": row["R@1"], "MRR@10": row["MRR@10"]} for name, row in means.items()},
    )
    return means


def print_comparison(title: str, results: dict[str, dict], base: str) -> None:
    """Dense and the default fusion per backend, with the change against `base`."""
    print(f"\n{title}")
    print("| backend | method | R@1 | MRR@10 | R@1 change | MRR@10 change |")
    print("| --- | --- | --- | --- | --- | --- |")
    for backend, means in results.items():
        for method in ("dense", "weighted w=0.1"):
            row, ref = means[method], results[base][method]
            print(
                f"| {backend} | {method} | {row['R@1']:.4f} | {row['MRR@10']:.4f} | "
                f"{row['R@1'] - ref['R@1']:+.4f} | {row['MRR@10'] - ref['MRR@10']:+.4f} |"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="torch,onnx-int8", help="comma-separated")
    parser.add_argument("--index-root", type=Path, default=REPO / ".bench")
    parser.add_argument("--collection", default="articles")
    parser.add_argument("--sample", type=int, default=2000, help="MedQuAD questions to ask")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--build-sample-docs", type=int, default=0)
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args(argv)
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    base = "torch" if "torch" in backends else backends[0]
    seeds, medquads = {}, {}
    asked = 0
    for backend in backends:
        embedder = build_embedder(Settings(embedding_backend=backend))
        if not args.skip_seed:
            seeds[backend] = run_seed(backend, embedder)
        found = run_medquad(args, backend, embedder)
        if found is not None:
            medquads[backend] = found["means"]
            asked = found["questions"]
    if seeds:
        print_comparison("Seed corpus, side by side", seeds, base)
    if len(medquads) == len(backends):
        print_comparison(
            f"MedQuAD, {asked} questions (seed {args.seed}), side by side", medquads, base
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
