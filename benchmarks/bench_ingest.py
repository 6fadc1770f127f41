"""Ingestion benchmark on MedQuAD (16,407 answers): throughput, peak RSS, overhead vs encode().

    python benchmarks/bench_ingest.py [--sample N | --limit N] [--index-dir DIR] [--no-baseline]

Builds a fresh index (the answer text only; title = the question's focus) and re-ingests the
unchanged input; times `SentenceTransformer.encode` alone on the same chunk texts with the same
batch size before and after, and compares with their mean. Prints documents/s, chunks/s,
peak RSS and the ratios the README quotes:
whole ingest / encode (target <= 1.3) and unchanged re-run / first run (target < 5%).
Not a test: numbers depend on the machine; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MEDQUAD = REPO.parent / "shared" / "datasets" / "medquad" / "medquad.jsonl.gz"


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


def chunk_texts(settings, documents: Path, model: str) -> list[str]:
    """Exactly the texts the ingest will embed (title/section context + chunk)."""
    from ingest.load import load_paths
    from ingest.pipeline import prepare_documents

    prepared = prepare_documents(
        load_paths([documents], corpus_dir=settings.corpus_dir), model=model
    )
    return [chunk.embed_text for doc in prepared for chunk in doc.chunks]


def time_encode(embedder, texts: list[str], settings) -> float:
    """Seconds `SentenceTransformer.encode` takes on `texts`, same batch size as ingest."""
    began = time.perf_counter()
    embedder.model.encode(
        texts,
        batch_size=settings.embed_batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return time.perf_counter() - began


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--index-dir", type=Path, default=REPO / ".bench" / "medquad-index")
    parser.add_argument("--collection", default="articles")
    parser.add_argument("--sample", type=int, default=None, help="N documents drawn at random")
    parser.add_argument("--source", type=Path, default=MEDQUAD)
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip timing encode() (halves the run)"
    )
    args = parser.parse_args()

    from assistant.embedding.sentence_transformers import SentenceTransformerEmbedder
    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths

    settings = Settings(index_dir=args.index_dir, collection=args.collection, chroma_url=None)
    embedder = SentenceTransformerEmbedder(batch_size=settings.embed_batch_size)
    embedder.model  # load before timing: a one-off cost, not per-document work  # noqa: B018

    with tempfile.TemporaryDirectory() as folder:
        documents = Path(folder) / "medquad.jsonl"
        count = write_documents(args.source, documents, args.limit, args.sample)
        print(f"MedQuAD: {count} documents -> {args.index_dir} (collection {args.collection!r})")
        texts = chunk_texts(settings, documents, embedder.name)
        # The machine is shared: time encode() before and after the ingest and compare with
        # their mean, so load that drifts during the run does not favour either side.
        encode_before = None if args.no_baseline else time_encode(embedder, texts, settings)
        first = ingest_paths(settings, [documents], embedder=embedder, rebuild=True, progress=True)
        rss_ingest = peak_rss_mb()
        second = ingest_paths(settings, [documents], embedder=embedder, prune=True)
        encode_after = None if args.no_baseline else time_encode(embedder, texts, settings)

    chunks = first.chunks_added
    phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in first.phases.items())
    print(f"first ingest:   {first.seconds:8.1f} s  ({phases})")
    print(f"  {count / first.seconds:8.1f} documents/s   {chunks / first.seconds:8.1f} chunks/s")
    print(f"  {chunks} chunks, {first.chunks_embedded} embedded")
    if encode_before is not None and encode_after is not None:
        encode_seconds = (encode_before + encode_after) / 2
        print(
            f"encode() alone: {encode_seconds:8.1f} s on the same {len(texts)} chunk texts "
            f"(before {encode_before:.1f} s, after {encode_after:.1f} s)"
        )
        print(f"ratio ingest / encode:    {first.seconds / encode_seconds:6.2f}   (target <= 1.3)")
    print(
        f"unchanged re-run: {second.seconds:6.1f} s = {100 * second.seconds / first.seconds:.1f}% "
        f"of the first (target < 5%); embedded {second.chunks_embedded} chunks"
    )
    print(f"peak RSS: {rss_ingest:.0f} MB (model + encode() + ingest; target < 2048 MB)")


if __name__ == "__main__":
    main()
