"""`assistant search QUERY`: the best-matching chunks with scores, source and offsets."""

from __future__ import annotations

import argparse
import json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search", help="show the chunks that best match a query (vector search)"
    )
    parser.add_argument("query", help="words to search for")
    parser.add_argument("--k", type=int, default=5, help="how many chunks (default 5)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assistant.embedding import QUESTION_THREADS, build_embedder
    from assistant.errors import UserError
    from assistant.settings import load_settings
    from assistant.store import open_index

    if not args.query.strip():
        raise UserError("the query is empty; give some words to search for")
    if not 1 <= args.k <= 100:
        raise UserError(f"--k must be between 1 and 100 (got {args.k})")
    settings = load_settings()
    index = open_index(settings)
    try:
        embedder = build_embedder(settings, threads=QUESTION_THREADS)
        hits = index.query(embedder.embed([args.query])[0], args.k)
    finally:
        index.close()
    if args.json:
        print(json.dumps([hit.model_dump() for hit in hits], ensure_ascii=False, indent=2))
        return 0
    for rank, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        where = f"{chunk.source_id} [{chunk.start}:{chunk.end}]"
        section = f" > {chunk.section}" if chunk.section else ""
        print(f"{rank}. {hit.score:.3f}  {where}  {chunk.title}{section}")
        print("   " + chunk.text.replace("\n", "\n   "))
    if not hits:
        print("no chunks in the index")
    return 0
