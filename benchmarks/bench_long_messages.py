"""How to search long patient messages: whole message vs its parts, on MedQuAD.

evals/datasets/medquad_long_messages.jsonl holds 320 long messages written for MedQuAD
questions (a subject line or background first, the question last; id = the MedQuAD pair whose
answer is the right document). Each strategy searches the messages in an index of about
--docs MedQuAD answers that holds the 320 targets (their whole topics, then random topics;
built once into .bench/medquad-long-N), or in the full index given with --index. The short
MedQuAD questions themselves are searched too, as the ceiling.

    python benchmarks/bench_long_messages.py [--docs 3000] [--index PATH --collection NAME]

Prints R@1, R@5, R@10 and MRR@10 per strategy (weighted fusion, BM25 weight 0.1, as shipped).
MedQuAD: Ben Abacha & Demner-Fushman 2019, CC BY 4.0. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_retrieval import build_sample_index, document_ranking, medquad_records  # noqa: E402

from assistant.embedding import build_embedder  # noqa: E402
from assistant.retrieval.hybrid import HybridRetriever  # noqa: E402
from assistant.retrieval.long_message import split_message  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.types import SearchHit  # noqa: E402

MESSAGES = REPO / "evals" / "datasets" / "medquad_long_messages.jsonl"
DEPTH = 30


def unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


class Searcher:
    """Dense candidates for one vector or several, fused with BM25 as the engine fuses them."""

    def __init__(self, retriever: HybridRetriever, embedder) -> None:
        self.retriever = retriever
        self.embedder = embedder

    def mixed(self, parts: Sequence[tuple[str, float]], lexical_text: str) -> list[str]:
        """One vector: the weighted sum of the parts' vectors."""
        vectors = self.embedder.embed([text for text, _ in parts])
        vector = unit(sum(w * v for (_, w), v in zip(parts, vectors, strict=True)))
        dense = self.retriever.index.query(vector, DEPTH)
        return self._fused(dense, lexical_text)

    def max_over(self, texts: Sequence[str], lexical_text: str) -> list[str]:
        """Each part searched on its own; a chunk keeps its best cosine over the parts."""
        best: dict[str, SearchHit] = {}
        for vector in self.embedder.embed(list(texts)):
            for hit in self.retriever.index.query(vector, DEPTH):
                known = best.get(hit.chunk.chunk_id)
                if known is None or hit.score > known.score:
                    best[hit.chunk.chunk_id] = hit
        dense = sorted(best.values(), key=lambda hit: -hit.score)[:DEPTH]
        return self._fused(dense, lexical_text)

    def _fused(self, dense: list[SearchHit], lexical_text: str) -> list[str]:
        lexical = self.retriever.bm25.top(lexical_text, DEPTH)
        return document_ranking(self.retriever.fuse(dense, lexical, "weighted"))


def strategies(searcher: Searcher) -> dict[str, Callable[[str], list[str]]]:
    """Name -> a function from a message to its ranked source ids."""

    def parts(message: str) -> tuple[str, str, list[str]]:
        split = split_message(message)
        return split.subject, split.question, [split.subject, *split.sentences]

    def focus(message: str) -> str:
        subject, question, _ = parts(message)
        return f"{subject}. {question}" if subject else question

    return {
        "whole message (today)": lambda m: searcher.mixed([(m, 1.0)], m),
        "question sentence only": lambda m: searcher.mixed([(parts(m)[1], 1.0)], parts(m)[1]),
        "subject + question": lambda m: searcher.mixed([(focus(m), 1.0)], focus(m)),
        "max over sentences": lambda m: searcher.max_over([s for s in parts(m)[2] if s], m),
        "whole + question vectors": lambda m: searcher.mixed([(m, 1.0), (parts(m)[1], 1.0)], m),
        "whole + subject+question": lambda m: searcher.mixed([(m, 1.0), (focus(m), 1.0)], m),
        "whole + 2 x subject+question": lambda m: searcher.mixed([(m, 1.0), (focus(m), 2.0)], m),
        "whole + subject+question, BM25 on it": lambda m: searcher.mixed(
            [(m, 1.0), (focus(m), 1.0)], focus(m)
        ),
    }


def score(rankings: list[tuple[list[str], str]]) -> dict[str, float]:
    ranks = [next((i + 1 for i, s in enumerate(r) if s == target), None) for r, target in rankings]
    n = len(ranks)
    return {
        "R@1": sum(r == 1 for r in ranks) / n,
        "R@5": sum(r is not None and r <= 5 for r in ranks) / n,
        "R@10": sum(r is not None and r <= 10 for r in ranks) / n,
        "MRR@10": sum(1 / r for r in ranks if r is not None and r <= 10) / n,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--index", type=Path, help="search this index instead of a sample")
    parser.add_argument("--collection", default="articles")
    args = parser.parse_args(argv)
    from assistant.store import open_index

    defaults = Settings()
    embedder = build_embedder(defaults)
    messages = [json.loads(line) for line in MESSAGES.read_text("utf-8").splitlines() if line]
    records = medquad_records()
    by_id = {record["id"]: record for record in records}
    if args.index:
        settings = Settings(index_dir=args.index, collection=args.collection)
        label = f"MedQuAD index {args.index.name}"
    else:
        ids = [message["id"] for message in messages]
        settings = build_sample_index(
            records, args.docs, 13, embedder, defaults.embedding_backend, name="medquad-long",
            include=ids,
        )  # fmt: skip
        label = f"MedQuAD sample with the 320 targets (about {args.docs} answers)"
    index = open_index(settings)
    retriever = HybridRetriever(index, embedder)
    searcher = Searcher(retriever, embedder)
    documents = len({chunk.source_id for chunk in retriever.chunks})
    print(f"{label}: {documents:,} documents, {len(retriever.chunks):,} chunks")
    print("| strategy | R@1 | R@5 | R@10 | MRR@10 |\n| --- | --- | --- | --- | --- |")
    short = [(searcher.mixed([(by_id[m["id"]]["question"], 1.0)],
                             by_id[m["id"]]["question"]), m["id"]) for m in messages]  # fmt: skip
    rows = {"the short MedQuAD question (ceiling)": score(short)}
    for name, search in strategies(searcher).items():
        rows[name] = score([(search(m["message"]), m["id"]) for m in messages])
    for name, row in rows.items():
        print(f"| {name} | " + " | ".join(f"{value:.3f}" for value in row.values()) + " |")
    index.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
