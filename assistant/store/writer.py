"""Apply one ingest's changes to the index so that a failure leaves the old index usable.

`open_writer(settings)` picks the implementation of `StoreWriter` for where the index lives:

- `EmbeddedWriter`: the changes go into a new generation (a copy of the live one) that becomes
  live with one atomic rename of the `CURRENT` pointer (`assistant.store.generations`); a
  failure or Ctrl-C at any point, embedding included, leaves the previous index exactly as it
  was.
- `ServerWriter` (Chroma server): there is no copy to swap, so writes go in the least risky
  order: per batch of whole documents, their new and changed chunks first (upsert, so
  repeating them is harmless), then their article records (whose `doc_hash` marks a document
  as done); after the last batch stale chunks are deleted, then pruned articles. An
  interruption can leave a changed document's new chunks next to its old ones, and its old
  `doc_hash`, so the next `assistant ingest` redoes that document and removes the leftovers.

Batches arrive as ingest embeds them (`IndexChanges.batches`), so an ingest holds one batch
of sentence vectors at a time, not the whole corpus's.

With `rebuild_if_stale`, an index built by another model, backend, model file or chunker
(`IndexOutdated`) is rebuilt from scratch instead of refused; a damaged one is still refused.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from assistant.errors import IndexOutdated
from assistant.settings import Settings
from assistant.store.base import ChunkCounts, IndexChanges, StoreWriter
from assistant.store.chroma import (
    ChromaStore,
    delete_collections,
    embedded_client,
    has_collection,
    server_client,
)
from assistant.store.generations import (
    clear_for_rebuild,
    ingest_lock,
    is_disk_full,
    live_generation,
    make_live,
    new_generation,
    remove_stale_generations,
    write_failure,
)
from assistant.store.location import Embedded, Server, location_of


@contextmanager
def open_writer(
    settings: Settings, *, rebuild: bool = False, rebuild_if_stale: bool = False
) -> Iterator[StoreWriter]:
    """Lock the index (embedded), read what it holds, and yield a writer for the changes.

    Raises `IndexUnavailable` when the existing index is damaged, or `IndexOutdated` when it
    is from another model, backend, model file or chunker version (unless `rebuild` or
    `rebuild_if_stale`), before anything is changed.
    """
    with ExitStack() as stack:
        writer: StoreWriter
        match location_of(settings):
            case Embedded(index_dir):
                stack.enter_context(ingest_lock(index_dir))
                if rebuild:
                    clear_for_rebuild(index_dir)  # damaged pointers go before anything reads them
                remove_stale_generations(index_dir)
                writer = EmbeddedWriter(
                    settings, index_dir, rebuild=rebuild, rebuild_if_stale=rebuild_if_stale
                )
            case Server(url):
                writer = ServerWriter(
                    settings, url, rebuild=rebuild, rebuild_if_stale=rebuild_if_stale
                )
        yield writer


class EmbeddedWriter:
    """Writes a new generation of an embedded index and makes it live atomically."""

    def __init__(
        self, settings: Settings, index_dir: Path, *, rebuild: bool, rebuild_if_stale: bool
    ) -> None:
        self.settings = settings
        self.index_dir = index_dir
        self.existing: dict[str, str] = {}
        self.stale_reason: str | None = None
        self._live: Path | None = None
        if rebuild:
            return
        self._live = live_generation(index_dir)
        if self._live is not None:
            try:
                store = ChromaStore(embedded_client(str(self._live), settings), settings)
            except IndexOutdated as outdated:
                if not rebuild_if_stale:
                    raise
                clear_for_rebuild(index_dir)
                self.stale_reason, self._live = str(outdated), None  # start from empty
                return
            try:
                self.existing = store.doc_hashes()
            finally:
                store.close()

    def apply(self, changes: IndexChanges) -> ChunkCounts:
        generation = new_generation(self.index_dir, self._live)  # removed again if it fails
        try:
            client = embedded_client(str(generation), self.settings)
            store = ChromaStore(client, self.settings, create=True)
            try:
                counts = write_changes(store, changes)
            finally:
                store.close()
            make_live(self.index_dir, generation)
        except BaseException as error:
            shutil.rmtree(generation, ignore_errors=True)  # the live generation is untouched
            if is_disk_full(error):
                raise write_failure(self.index_dir, error) from error
            raise
        return counts


class ServerWriter:
    """Writes to a Chroma server in place, in the order that an interrupted run can repair."""

    def __init__(
        self, settings: Settings, url: str, *, rebuild: bool, rebuild_if_stale: bool
    ) -> None:
        self.settings = settings
        self.rebuild = rebuild
        self._client = server_client(url)
        self.existing: dict[str, str] = {}
        self.stale_reason: str | None = None
        if not rebuild and has_collection(self._client, settings):
            try:
                self.existing = ChromaStore(self._client, settings).doc_hashes()
            except IndexOutdated as outdated:
                if not rebuild_if_stale:
                    raise
                self.stale_reason, self.rebuild = str(outdated), True

    def apply(self, changes: IndexChanges) -> ChunkCounts:
        if self.rebuild:
            delete_collections(self._client, self.settings)
        return write_changes(ChromaStore(self._client, self.settings, create=True), changes)


def write_changes(store: ChromaStore, changes: IndexChanges) -> ChunkCounts:
    """Upsert new chunks and articles batch by batch, then delete what they replace."""
    store.set_dimension(changes.dimension)
    old_ids = set(store.chunk_ids_of(changes.replaced_sources))
    gone_ids = set(store.chunk_ids_of(changes.removed_sources))
    new_ids: set[str] = set()
    for batch in changes.batches:
        store.upsert_chunks(batch.chunks)
        store.upsert_articles(batch.articles)
        new_ids.update(record.chunk.chunk_id for record in batch.chunks)
    stale = sorted((old_ids | gone_ids) - new_ids)
    store.delete_chunks(stale)
    store.delete_articles(changes.removed_sources)
    return ChunkCounts(
        added=len(new_ids - old_ids), updated=len(new_ids & old_ids), removed=len(stale)
    )
