"""`assistant info`: what the index holds (model, counts, articles, where it lives)."""

from __future__ import annotations

import argparse
import json
from collections import Counter


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("info", help="show what the index holds")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from assistant.settings import load_settings
    from assistant.store import open_index
    from assistant.store.location import Embedded, location_of

    settings = load_settings()
    location = location_of(settings)
    index = open_index(settings)
    try:
        stats, manifest = index.stats(), index.manifest()
        per_source = Counter(chunk.source_id for chunk in index.all_chunks())
        titles = {article.source_id: article.title for article in index.articles()}
    finally:
        index.close()
    if args.json:
        report = {
            "location": str(location),
            "collection": settings.collection,
            "manifest": manifest,
            "documents": stats.documents,
            "chunks": stats.chunks,
            "sources": [
                {"source_id": source, "title": titles.get(source, ""), "chunks": count}
                for source, count in sorted(per_source.items())
            ],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    kind = "embedded index" if isinstance(location, Embedded) else "Chroma server"
    print(f"{kind}: {location} (collection {settings.collection!r})")
    print(
        f"model {manifest.get('model')} ({manifest.get('dimension')} dimensions) on "
        f"{manifest.get('embedding_backend')} ({manifest.get('model_file')}), "
        f"chunker version {manifest.get('chunker_version')}"
    )
    print(f"{stats.documents} documents, {stats.chunks} chunks")
    shown = sorted(per_source.items())
    for source, count in shown[:50]:
        print(f"  {source}: {count} chunks  {titles.get(source, '')}")
    if len(shown) > 50:
        print(f"  ... and {len(shown) - 50} more (use --json for all)")
    return 0
