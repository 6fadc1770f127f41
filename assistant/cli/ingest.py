"""`assistant ingest [PATH ...]`: build or update the index from the clinic's articles."""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.settings import load_settings
from assistant.store.location import location_of


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="build or update the index from articles (incremental)",
        description=(
            "Load, clean, chunk and embed .txt/.md/.html/.jsonl articles into the index. "
            "Unchanged documents are skipped; a failed run leaves the index as it was."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders to ingest (default: ASSISTANT_CORPUS_DIR, i.e. corpus/)",
    )
    parser.add_argument(
        "--prune", action="store_true", help="remove indexed documents that are not in the input"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="start a fresh index (another model or version)"
    )
    parser.add_argument(
        "--rebuild-if-stale",
        action="store_true",
        help="rebuild from scratch when the index was built by another model, backend, model "
        "file or chunker version (what `make run` uses); a damaged index is still refused",
    )
    parser.add_argument(
        "--report", action="store_true", help="print what the cleaner removed from each document"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest_paths

    settings = load_settings()
    summary = ingest_paths(
        settings,
        args.paths,
        prune=args.prune,
        rebuild=args.rebuild,
        rebuild_if_stale=args.rebuild_if_stale,
        progress=not args.quiet,
    )
    if summary.rebuilt_because:
        print(f"rebuilt from scratch: {summary.rebuilt_because.split('; run')[0]}")
    if args.report:
        for doc in summary.prepared:
            print(f"{doc.article.source_id} ({doc.article.title}):")
            if not doc.removed:
                print("  nothing removed")
            for removal in doc.removed:
                print(f"  - [{removal.kind}] {removal.text!r}")
    print(f"index: {location_of(settings)}")
    print(summary.describe())
    return 0
