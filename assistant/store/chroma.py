"""The Chroma adapter: the only module that imports chromadb.

Two collections per index. `<collection>` holds one record per chunk (embedding = chunk vector,
document = chunk text, metadata = source, offsets, and the chunk's sentence spans and sentence
vectors, see `assistant.store.records`: sentences need no second HNSW index).
`<collection>__articles` holds one record per cleaned article (embedding = normalised mean of
its chunk vectors, document = cleaned text, metadata = title, url, author, date, license,
doc_hash). The chunk collection's metadata is the manifest (`assistant.store.manifest`).

`ChromaStore` implements `StoreReader` and the write primitives the writers use; the clients
come from `embedded_client` (a generation folder) or `server_client` (`chroma run`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from assistant.errors import IndexOutdated, IndexUnavailable
from assistant.settings import Settings
from assistant.store.generations import GenerationLease, current_name
from assistant.store.location import location_of
from assistant.store.manifest import expected_manifest, manifest_problem
from assistant.store.records import (
    ArticleRecord,
    ChunkRecord,
    SentenceVectors,
    article_from_record,
    chunk_from_record,
    decode_sentences,
)
from assistant.types import Article, Chunk, IndexStats, SearchHit

ARTICLES_SUFFIX = "__articles"
_PAGE = 5000  # records per `get` when reading a whole collection

logging.getLogger("chromadb").setLevel(logging.ERROR)


def _chroma_settings() -> ChromaSettings:
    return ChromaSettings(anonymized_telemetry=False)


def server_client(url: str) -> Any:
    """A client of the Chroma server at `url`; IndexUnavailable when it does not answer."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise IndexUnavailable(f"ASSISTANT_CHROMA_URL={url!r} is not a URL like http://host:8000")
    try:
        client = chromadb.HttpClient(
            host=parsed.hostname,
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=_chroma_settings(),
        )
        client.heartbeat()
    except Exception as error:  # chromadb raises assorted httpx/ValueError types
        raise IndexUnavailable(
            f"cannot reach the Chroma server at {url} ({short_error(error)}); is `chroma run` "
            "up at that URL? or unset ASSISTANT_CHROMA_URL to use the embedded index"
        ) from error
    return client


def embedded_client(path: str, settings: Settings) -> Any:
    """An embedded client on one generation folder; IndexUnavailable when it cannot open."""
    try:
        return chromadb.PersistentClient(path=path, settings=_chroma_settings())
    except Exception as error:
        raise IndexUnavailable(
            f"the index at {settings.index_dir} is damaged ({short_error(error)}); "
            "run `assistant ingest --rebuild`"
        ) from error


class ChromaStore:
    """One index in a Chroma client: `StoreReader`, plus the write primitives of the writers.

    With `create`, missing collections are made (for writing); otherwise a missing collection
    or a manifest from another model, dimension or chunker raises `IndexUnavailable`.
    """

    def __init__(
        self,
        client: Any,
        settings: Settings,
        *,
        create: bool = False,
        generation: str | None = None,
        lease: GenerationLease | None = None,
    ) -> None:
        self._client = client
        self.settings = settings
        self.generation = generation  # embedded: the generation folder opened (see is_stale)
        self._lease = lease  # released by close()
        self._where = str(location_of(settings))
        try:
            self._chunks, self._articles = self._collections(create)
        except IndexUnavailable:
            raise
        except Exception as error:
            raise IndexUnavailable(
                f"the index at {self._where} is damaged ({short_error(error)}); "
                "run `assistant ingest --rebuild`"
            ) from error
        problem = manifest_problem(self.manifest(), settings)
        if problem:
            raise IndexOutdated(
                f"the index at {self._where} {problem}; "
                "run `assistant ingest --rebuild` to start over"
            )

    def _collections(self, create: bool) -> tuple[Any, Any]:
        name = self.settings.collection
        existing = {collection.name for collection in self._client.list_collections()}
        if not create and name not in existing:
            raise IndexUnavailable(
                f"no collection {name!r} at {self._where}; run `assistant ingest`"
            )
        options: dict[str, Any] = {
            "configuration": {"hnsw": {"space": "cosine"}},
            "embedding_function": None,  # we embed ourselves; never download a default model
        }
        # get_or_create would overwrite the stored manifest with ours: read it as it is.
        if name in existing:
            chunks = self._client.get_collection(name, embedding_function=None)
        else:
            chunks = self._client.create_collection(
                name, metadata=expected_manifest(self.settings), **options
            )
        if create:
            articles = self._client.get_or_create_collection(name + ARTICLES_SUFFIX, **options)
        elif name + ARTICLES_SUFFIX in existing:  # reading never creates (nor writes) anything
            articles = self._client.get_collection(name + ARTICLES_SUFFIX, embedding_function=None)
        else:
            raise IndexUnavailable(
                f"the index at {self._where} has no {name + ARTICLES_SUFFIX!r} collection; "
                "run `assistant ingest --rebuild`"
            )
        return chunks, articles

    def close(self) -> None:
        """Release the client (embedded: the SQLite files, then the generation's lease). The
        store is unusable after."""
        close = getattr(self._client, "close", None)  # chromadb clients differ in this
        try:
            if close is not None:
                close()
        finally:
            if self._lease is not None:
                self._lease.release()

    def is_stale(self) -> bool:
        """True when an ingest has since made another generation live: reopen to see it.

        Cheap (reads one small file); always False for a Chroma server, updated in place.
        """
        if self.generation is None:
            return False
        return current_name(self.settings.index_dir) != self.generation

    # -- reading (StoreReader) -------------------------------------------------------------

    def manifest(self) -> dict[str, Any]:
        """Model, dimension, chunker version and schema the index was built with."""
        return dict(self._chunks.metadata or {})

    def stats(self) -> IndexStats:
        """How many articles and chunks the index holds."""
        return IndexStats(documents=self._articles.count(), chunks=self._chunks.count())

    def query(self, vector: np.ndarray, k: int) -> list[SearchHit]:
        """The `k` chunks nearest to a unit `vector`, best first; score = cosine similarity."""
        count = self._chunks.count()
        if count == 0 or k <= 0:
            return []
        result = self._chunks.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=min(k, count),
            include=["documents", "metadatas", "distances"],
        )
        return [
            SearchHit(chunk=chunk_from_record(chunk_id, text, meta), score=1.0 - float(distance))
            for chunk_id, text, meta, distance in zip(
                result["ids"][0],
                result["documents"][0],
                result["metadatas"][0],
                result["distances"][0],
                strict=True,
            )
        ]

    def all_chunks(self) -> list[Chunk]:
        """Every chunk, ordered by source and offset (for building the BM25 index)."""
        chunks = [
            chunk_from_record(chunk_id, text, meta)
            for chunk_id, text, meta in self._scan(self._chunks, ["documents", "metadatas"])
        ]
        return sorted(chunks, key=lambda chunk: (chunk.source_id, chunk.start))

    def sentences(self, chunk_ids: Sequence[str]) -> dict[str, SentenceVectors]:
        """Sentence spans and vectors of the given chunks (unknown ids are left out)."""
        if not chunk_ids:
            return {}
        result = self._chunks.get(ids=list(dict.fromkeys(chunk_ids)), include=["metadatas"])
        return {
            chunk_id: decode_sentences(meta)
            for chunk_id, meta in zip(result["ids"], result["metadatas"], strict=True)
        }

    def article(self, source_id: str) -> Article:
        """The cleaned article citations point into; KeyError when it is not indexed."""
        result = self._articles.get(ids=[source_id], include=["documents", "metadatas"])
        if not result["ids"]:
            raise KeyError(f"no article {source_id!r} in the index")
        return article_from_record(source_id, result["documents"][0], result["metadatas"][0])

    def articles(self) -> list[Article]:
        """Every article, ordered by source_id."""
        rows = self._scan(self._articles, ["documents", "metadatas"])
        return sorted(
            (article_from_record(*row) for row in rows), key=lambda article: article.source_id
        )

    # -- writing primitives (used by assistant.store.writer) --------------------------------

    def doc_hashes(self) -> dict[str, str]:
        """source_id -> doc_hash of every indexed article (what ingest compares against)."""
        return {
            source_id: str(meta.get("doc_hash", ""))
            for source_id, _, meta in self._scan(self._articles, ["metadatas"])
        }

    def chunk_ids_of(self, source_ids: Sequence[str]) -> list[str]:
        """Ids of every chunk stored for these sources (including strays of interrupted runs)."""
        ids: list[str] = []
        for first in range(0, len(source_ids), 500):
            batch = list(source_ids[first : first + 500])
            found = self._chunks.get(where={"source_id": {"$in": batch}}, include=[])
            ids.extend(found["ids"])
        return ids

    def upsert_chunks(self, records: Sequence[ChunkRecord]) -> None:
        """Write chunk records (same id = overwritten)."""
        for batch in self._batches(records):
            self._chunks.upsert(
                ids=[record.chunk.chunk_id for record in batch],
                embeddings=np.stack([record.vector for record in batch]),
                documents=[record.chunk.text for record in batch],
                metadatas=[record.metadata() for record in batch],
            )

    def upsert_articles(self, records: Sequence[ArticleRecord]) -> None:
        """Write article records (same source_id = overwritten)."""
        for batch in self._batches(records):
            self._articles.upsert(
                ids=[record.article.source_id for record in batch],
                embeddings=np.stack([record.vector for record in batch]),
                documents=[record.article.text for record in batch],
                metadatas=[record.metadata() for record in batch],
            )

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        for first in range(0, len(chunk_ids), 1000):
            self._chunks.delete(ids=list(chunk_ids[first : first + 1000]))

    def delete_articles(self, source_ids: Sequence[str]) -> None:
        """Remove article records (their chunks are removed with `delete_chunks`)."""
        for first in range(0, len(source_ids), 1000):
            self._articles.delete(ids=list(source_ids[first : first + 1000]))

    def set_dimension(self, dimension: int) -> None:
        """Record the embedding dimension in the manifest, refusing a different one."""
        stored = self.manifest().get("dimension")
        if stored not in (None, dimension):
            raise IndexOutdated(
                f"the index at {self._where} holds {stored}-dimensional vectors, this model "
                f"makes {dimension}; run `assistant ingest --rebuild` to start over"
            )
        if stored is None:
            self._chunks.modify(metadata={**self.manifest(), "dimension": dimension})

    def _batches(self, records: Sequence[Any]) -> list[Sequence[Any]]:
        size = min(1000, self._client.get_max_batch_size())
        return [records[first : first + size] for first in range(0, len(records), size)]

    def _scan(self, collection: Any, include: list[str]) -> Iterator[tuple[str, Any, Any]]:
        """Every record of `collection`, one page at a time: a caller that keeps only what it
        needs of each record never holds every record's metadata (chunks carry their sentence
        vectors there: on full MedQuAD, holding them all cost ~375 MB that stayed resident)."""
        offset = 0
        while True:
            page = collection.get(include=include, limit=_PAGE, offset=offset)
            documents = page.get("documents") or [None] * len(page["ids"])
            metadatas = page.get("metadatas") or [{}] * len(page["ids"])
            yield from zip(page["ids"], documents, metadatas, strict=True)
            if len(page["ids"]) < _PAGE:
                return
            offset += _PAGE


def delete_collections(client: Any, settings: Settings) -> None:
    """Drop this index's two collections from a server (for `--rebuild`)."""
    names = {collection.name for collection in client.list_collections()}
    for name in (settings.collection, settings.collection + ARTICLES_SUFFIX):
        if name in names:
            client.delete_collection(name)


def has_collection(client: Any, settings: Settings) -> bool:
    """Whether the client holds this index's chunk collection."""
    return settings.collection in {collection.name for collection in client.list_collections()}


def short_error(error: BaseException) -> str:
    """The first line of an error's message (or its type), at most 200 characters."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]
