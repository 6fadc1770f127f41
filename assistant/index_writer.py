"""Apply one ingest's changes to the index so that a failure leaves the old index usable.

Embedded store: the changes go into a new generation (a copy of the live one) that becomes
live with one atomic rename of the `CURRENT` pointer (`assistant.index_dirs`); a failure or
Ctrl-C at any point leaves the previous index exactly as it was.

Chroma server: there is no copy to swap, so writes go in the least risky order: new and
changed chunks first (upsert, so repeating them is harmless), then the article records (whose
`doc_hash` marks a document as done), then stale chunks are deleted, then pruned articles. An
interruption can leave a changed document's new chunks next to its old ones, and its old
`doc_hash`, so the next `assistant ingest` redoes that document and removes the leftovers.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assistant.index import ArticleRecord, ChunkIndex, ChunkRecord, connect
from assistant.index_dirs import (
    clear_for_rebuild,
    ingest_lock,
    live_generation,
    make_live,
    new_generation,
    remove_stale_generations,
)
from assistant.settings import Settings


@dataclass
class IndexChanges:
    """Everything one ingest writes; computed in full before anything is written."""

    dimension: int
    chunks: list[ChunkRecord] = field(default_factory=list)  # upserted
    articles: list[ArticleRecord] = field(default_factory=list)  # upserted
    replaced_sources: list[str] = field(default_factory=list)  # their other chunks go
    removed_sources: list[str] = field(default_factory=list)  # article and chunks go


@dataclass(frozen=True)
class ChunkCounts:
    """What applying the changes did to the chunk records."""

    added: int
    updated: int
    removed: int


class IndexWriter:
    """An ingest's handle on the index: what is there now, and `apply` for the changes."""

    def __init__(self, settings: Settings, *, rebuild: bool) -> None:
        self.settings = settings
        self.rebuild = rebuild
        self._live_generation: Path | None = None
        self.existing: dict[str, str] = {}  # source_id -> doc_hash in the live index

    def _read_live(self) -> None:
        """Load the live index's doc hashes; raises IndexUnavailable if it is unusable."""
        if self.settings.chroma_url:
            client = connect(self.settings)
            names = {collection.name for collection in client.list_collections()}
            if self.settings.collection in names and not self.rebuild:
                index = ChunkIndex(client, self.settings)
                self.existing = index.doc_hashes()
            return
        if self.rebuild:
            clear_for_rebuild(self.settings.index_dir)
            return
        self._live_generation = live_generation(self.settings.index_dir)
        if self._live_generation is not None:
            client = connect(self.settings, path=str(self._live_generation))
            index = ChunkIndex(client, self.settings)
            try:
                self.existing = index.doc_hashes()
            finally:
                index.close()

    def apply(self, changes: IndexChanges) -> ChunkCounts:
        """Write `changes`; embedded: into a new generation that then goes live atomically."""
        if self.settings.chroma_url:
            client = connect(self.settings)
            if self.rebuild:
                for name in (self.settings.collection, self.settings.collection + "__articles"):
                    if name in {collection.name for collection in client.list_collections()}:
                        client.delete_collection(name)
            return _write(ChunkIndex(client, self.settings, create=True), changes)
        index_dir = self.settings.index_dir
        generation = new_generation(index_dir, self._live_generation)
        try:
            client = connect(self.settings, path=str(generation))
            index = ChunkIndex(client, self.settings, create=True)
            try:
                counts = _write(index, changes)
            finally:
                index.close()
            make_live(index_dir, generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)  # the live generation is untouched
            raise
        return counts


@contextmanager
def writing(settings: Settings, *, rebuild: bool = False) -> Iterator[IndexWriter]:
    """Lock the index (embedded), read what it holds, and yield a writer for the changes.

    Raises `IndexUnavailable` when the existing index is damaged or from another model or
    chunker version (unless `rebuild`), before anything is changed.
    """
    with ExitStack() as stack:
        if not settings.chroma_url:
            stack.enter_context(ingest_lock(settings.index_dir))
            remove_stale_generations(settings.index_dir)
        writer = IndexWriter(settings, rebuild=rebuild)
        writer._read_live()
        yield writer


def _write(index: ChunkIndex, changes: IndexChanges) -> ChunkCounts:
    index.set_dimension(changes.dimension)
    new_ids = {record.chunk.chunk_id for record in changes.chunks}
    old_ids = set(index.chunk_ids_of(changes.replaced_sources))
    gone_ids = set(index.chunk_ids_of(changes.removed_sources))
    index.upsert_chunks(changes.chunks)
    index.upsert_articles(changes.articles)
    stale = sorted((old_ids | gone_ids) - new_ids)
    index.delete_chunks(stale)
    index.delete_articles(changes.removed_sources)
    return ChunkCounts(
        added=len(new_ids - old_ids), updated=len(new_ids & old_ids), removed=len(stale)
    )
