"""Every record an index holds, for "unchanged record-for-record" assertions."""

from __future__ import annotations


def snapshot(settings) -> dict:
    """Every record the index holds, for "unchanged record-for-record" assertions."""
    from assistant.store import open_index

    index = open_index(settings)
    try:
        chunks = index.all_chunks()
        sentences = index.sentences([chunk.chunk_id for chunk in chunks])
        state = {
            "manifest": index.manifest(),
            "stats": index.stats().model_dump(),
            "articles": [article.model_dump() for article in index.articles()],
            "chunks": [chunk.model_dump() for chunk in chunks],
            "sentences": {
                chunk_id: (value.spans, value.vectors.tobytes())
                for chunk_id, value in sorted(sentences.items())
            },
        }
    finally:
        index.close()
    if not settings.chroma_url:
        index_dir = settings.index_dir
        state["pointer"] = (index_dir / "CURRENT").read_text()
        state["generations"] = sorted(p.name for p in index_dir.glob("gen-*"))
    return state
