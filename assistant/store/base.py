"""The store seams: what the answer engine reads, and what ingestion writes.

`StoreReader` is everything the engine, `assistant info` and the evals read from an index; the
Chroma adapter (`assistant.store.chroma.ChromaStore`) implements it, and so do the in-memory
fakes of the unit tests. `StoreWriter` is how one ingest applies its changes
(`assistant.store.writer.open_writer` picks the embedded or the server implementation).
Nothing here imports chromadb.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from assistant.store.records import ArticleRecord, ChunkRecord, SentenceVectors
from assistant.types import Article, Chunk, IndexStats, SearchHit


class StoreReader(Protocol):
    """Read access to one index. Every method may raise `IndexUnavailable`.

    Contract: `query` returns the `k` chunks nearest to a unit vector, best first, with
    `score` = cosine similarity; `all_chunks` returns every chunk ordered by source and offset;
    `sentences` returns the sentence spans and unit vectors of the given chunks (unknown ids
    left out); `article` returns the cleaned article citations point into (KeyError when it is
    not indexed); `is_stale` is True once a newer complete index exists than the one opened
    (cheap: no data is read; always False where the index is updated in place); `close`
    releases files, connections and leases, after which nothing may be called.
    """

    def manifest(self) -> dict[str, Any]: ...

    def stats(self) -> IndexStats: ...

    def query(self, vector: np.ndarray, k: int) -> list[SearchHit]: ...

    def all_chunks(self) -> list[Chunk]: ...

    def sentences(self, chunk_ids: Sequence[str]) -> Mapping[str, SentenceVectors]: ...

    def article(self, source_id: str) -> Article: ...

    def articles(self) -> list[Article]: ...

    def is_stale(self) -> bool: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class RecordBatch:
    """Whole documents' records: every chunk of each article in `articles`, then the articles."""

    chunks: list[ChunkRecord]
    articles: list[ArticleRecord]


@dataclass
class IndexChanges:
    """Everything one ingest writes.

    `batches` may be lazy (ingest embeds while it writes, so sentence vectors never pile up in
    memory); it is consumed once, by `StoreWriter.apply`, and an exception it raises (a bad
    batch, Ctrl-C) aborts the apply like any other failure.
    """

    dimension: int
    batches: Iterable[RecordBatch] = ()  # upserted, in order
    replaced_sources: list[str] = field(default_factory=list)  # their other chunks go
    removed_sources: list[str] = field(default_factory=list)  # article and chunks go


@dataclass(frozen=True)
class ChunkCounts:
    """What applying the changes did to the chunk records."""

    added: int
    updated: int
    removed: int


class StoreWriter(Protocol):
    """One ingest's handle on the index: what it holds now, and `apply` for the changes.

    Contract: `existing` maps every indexed source_id to its doc_hash, read before anything
    is written; `apply` writes all of `changes` so that a failure or Ctrl-C leaves the index
    usable (embedded: exactly as before; server: repaired by the next ingest). `stale_reason`
    says why an outdated index is being rebuilt from scratch (`rebuild_if_stale`), else None.
    """

    existing: dict[str, str]
    stale_reason: str | None

    def apply(self, changes: IndexChanges) -> ChunkCounts: ...
