"""Ingestion: load -> clean -> chunk -> embed -> store, incremental and atomic.

Every input is loaded, cleaned and chunked before the index is touched, so a bad file stops
the run with the index unchanged. A document whose cleaned text, metadata and chunker version
hash (`doc_hash`) matches the index is skipped without embedding; a changed one has its chunks
replaced; with `prune`, indexed documents missing from the input are removed. Embedding and
writing are interleaved, a window of whole documents at a time (`WINDOW_CHUNKS`), so memory
holds a few windows' vectors (the one being written, the next, the one being embedded), not
the corpus's: the next window is embedded in a worker thread while the writer writes this one
(`one_ahead`). Writing stays atomic for the embedded store (see `assistant.store.writer`): the
new generation goes live only after the last window.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import queue
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embedding import Embedder, build_embedder
from assistant.errors import UserError
from assistant.settings import Settings
from assistant.store.base import IndexChanges, RecordBatch
from assistant.store.manifest import CHUNKER_VERSION
from assistant.store.records import ArticleRecord, ChunkRecord
from assistant.store.writer import open_writer
from assistant.text import MAX_HEADING_CHARS
from assistant.types import Article
from ingest.chunk import PlannedChunk, chunk_article
from ingest.clean import Removal, clean_text, html_to_text, markdown_to_text
from ingest.load import LoadError, RawDocument, load_paths

PROGRESS_MIN_CHUNKS = 200  # below this a progress bar is noise
# Chunks embedded (longest first, so batches pad little) and written per window: 64 batches.
WINDOW_CHUNKS = 4096


@dataclass(frozen=True)
class PreparedDocument:
    """A cleaned, chunked article and what the cleaner removed from it."""

    article: Article
    chunks: list[PlannedChunk]
    removed: tuple[Removal, ...]
    doc_hash: str


@dataclass
class IngestSummary:
    """What one ingest did. Chunk counts: added (new ids), updated (rewritten ids),
    removed (stale or pruned), unchanged (in documents that were skipped)."""

    documents: int = 0
    documents_added: int = 0
    documents_updated: int = 0
    documents_removed: int = 0
    documents_unchanged: int = 0
    chunks_added: int = 0
    chunks_updated: int = 0
    chunks_removed: int = 0
    chunks_unchanged: int = 0
    chunks_embedded: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds: prepare, embed, write
    prepared: list[PreparedDocument] = field(default_factory=list, repr=False)
    rebuilt_because: str | None = None  # `rebuild_if_stale` found the index outdated

    def describe(self) -> str:
        """The summary line printed at the end of `assistant ingest`."""
        return (
            f"{self.documents} documents ({self.documents_added} added, "
            f"{self.documents_updated} updated, {self.documents_removed} removed, "
            f"{self.documents_unchanged} unchanged); chunks: {self.chunks_added} added, "
            f"{self.chunks_updated} updated, {self.chunks_removed} removed, "
            f"{self.chunks_unchanged} unchanged; {self.seconds:.1f} s"
        )


def ingest_paths(
    settings: Settings,
    paths: Sequence[Path] | None = None,
    *,
    embedder: Embedder | None = None,
    prune: bool = False,
    rebuild: bool = False,
    rebuild_if_stale: bool = False,
    progress: bool = False,
) -> IngestSummary:
    """Bring the index in line with the articles under `paths` (default: the corpus folder).

    With `rebuild_if_stale`, an index built by another model, backend, model file or chunker
    is rebuilt from scratch (`summary.rebuilt_because` says why) instead of refused.
    Raises `UserError` (`LoadError`, `IndexUnavailable`) with the index unchanged when an
    input is bad, nothing was found, or the existing index is unusable without `rebuild`.
    """
    began = time.perf_counter()
    paths = list(paths) if paths else [settings.corpus_dir]
    raw = load_paths(paths, corpus_dir=settings.corpus_dir)
    if not raw:
        shown = ", ".join(str(path) for path in paths)
        raise UserError(
            f"no articles found in {shown}; add .txt, .md, .html or .jsonl files and run again"
        )
    embedder = embedder or build_embedder(settings)
    prepared = prepare_documents(raw, model=embedder.name)
    summary = IngestSummary(documents=len(prepared), prepared=prepared)
    summary.phases["prepare"] = time.perf_counter() - began

    with open_writer(settings, rebuild=rebuild, rebuild_if_stale=rebuild_if_stale) as writer:
        summary.rebuilt_because = writer.stale_reason
        changed = [
            doc for doc in prepared if writer.existing.get(doc.article.source_id) != doc.doc_hash
        ]
        present = {doc.article.source_id for doc in prepared}
        removed = sorted(set(writer.existing) - present) if prune else []
        summary.documents_added = sum(d.article.source_id not in writer.existing for d in changed)
        summary.documents_updated = len(changed) - summary.documents_added
        summary.documents_unchanged = len(prepared) - len(changed)
        summary.documents_removed = len(removed)
        changed_ids = {doc.article.source_id for doc in changed}
        summary.chunks_unchanged = sum(
            len(doc.chunks) for doc in prepared if doc.article.source_id not in changed_ids
        )
        if changed or removed:
            applying = time.perf_counter()
            phases = {"embed": 0.0}
            windows = embed_documents(changed, embedder, progress=progress, phases=phases)
            changes = IndexChanges(
                dimension=embedder.dimension,
                batches=one_ahead(windows, phases),
                replaced_sources=[doc.article.source_id for doc in changed],
                removed_sources=removed,
            )
            counts = writer.apply(changes)
            # The phases overlap: "write" is the time not spent waiting for embeddings.
            summary.phases["embed"] = phases["embed"]
            summary.phases["write"] = time.perf_counter() - applying - phases.get("waited", 0.0)
            summary.chunks_added, summary.chunks_updated = counts.added, counts.updated
            summary.chunks_removed = counts.removed
            summary.chunks_embedded = sum(len(doc.chunks) for doc in changed)
    summary.seconds = time.perf_counter() - began
    return summary


def prepare_documents(raw: Sequence[RawDocument], *, model: str) -> list[PreparedDocument]:
    """Clean and chunk every document; raises `LoadError` for any left empty by cleaning."""
    prepared, problems = [], []
    for document in raw:
        text = _to_plain_text(document)
        cleaned = clean_text(text, title=document.title)
        if not cleaned.text.strip():
            problems.append(
                f"{document.origin}: nothing is left after cleaning (it held only page chrome, "
                "ads or links); check the file holds the article's text"
            )
            continue
        article = Article(
            source_id=document.source_id,
            title=document.title or _first_line_title(cleaned.text) or document.fallback_title,
            text=cleaned.text,
            **{key: document.meta.get(key, "") for key in ("url", "author", "date", "license")},
        )
        chunks = chunk_article(article)
        prepared.append(
            PreparedDocument(article, chunks, cleaned.removed, _doc_hash(article, model))
        )
    if problems:
        raise LoadError(problems)
    return prepared


def embed_documents(
    documents: Sequence[PreparedDocument],
    embedder: Embedder,
    *,
    progress: bool = False,
    phases: dict[str, float] | None = None,
) -> Iterator[RecordBatch]:
    """Embed every chunk of `documents`, a window of whole documents at a time, and yield
    each window's chunk and article records (one forward pass gives chunk and sentence
    vectors). Lazy: nothing is embedded until the writer asks for the next window.
    `phases["embed"]` accumulates the seconds spent embedding."""
    bar = _progress_bar(sum(len(doc.chunks) for doc in documents), enabled=progress)
    try:
        for window in _windows(documents, WINDOW_CHUNKS):
            started = time.perf_counter()
            batch = _embed_window(window, embedder)
            if phases is not None:
                phases["embed"] = phases.get("embed", 0.0) + time.perf_counter() - started
            if bar is not None:
                bar.update(len(batch.chunks))
            yield batch
    finally:
        if bar is not None:
            bar.close()


def one_ahead(items: Iterator[RecordBatch], phases: dict[str, float]) -> Iterator[RecordBatch]:
    """`items` in order, each made in a worker thread while the caller uses the one before: the
    next window is embedded while the writer writes this one (onnxruntime leaves Python's lock
    while it works; full MedQuAD on onnx-int8: 618 -> 567 s, torch unchanged). An error in the
    worker is raised here, in order. When the caller stops early (a write failed), the worker
    stops after its current item and is waited for: nothing runs on once this generator is
    closed. `phases["waited"]` adds up the caller's seconds spent waiting for the worker."""
    slot: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand_over(kind: str, value: Any) -> bool:
        while not stop.is_set():
            with contextlib.suppress(queue.Full):
                slot.put((kind, value), timeout=0.1)
                return True
        return False

    def produce() -> None:
        try:
            for item in items:
                if not hand_over("item", item):
                    return
            hand_over("done", None)
        except BaseException as error:  # raised in the caller's thread
            hand_over("error", error)
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=produce, name="ingest-embed", daemon=True)
    worker.start()
    try:
        while True:
            waiting = time.perf_counter()
            kind, value = slot.get()
            phases["waited"] = phases.get("waited", 0.0) + time.perf_counter() - waiting
            if kind == "done":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        worker.join()


def _windows(documents: Sequence[PreparedDocument], size: int) -> Iterator[list[PreparedDocument]]:
    """Consecutive runs of whole documents holding at least `size` chunks (the last: fewer)."""
    window: list[PreparedDocument] = []
    chunks = 0
    for doc in documents:
        window.append(doc)
        chunks += len(doc.chunks)
        if chunks >= size:
            yield window
            window, chunks = [], 0
    if window:
        yield window


def _embed_window(documents: Sequence[PreparedDocument], embedder: Embedder) -> RecordBatch:
    planned = [chunk for doc in documents for chunk in doc.chunks]
    vectors = np.zeros((len(planned), embedder.dimension), dtype=np.float32)
    sentence_vectors: list[np.ndarray] = [np.zeros((0, embedder.dimension))] * len(planned)
    # Longest first across the window, so every batch pads little (as encode() does).
    order = sorted(range(len(planned)), key=lambda i: -len(planned[i].embed_text))
    step = max(1, embedder.batch_size) * 4
    for first in range(0, len(order), step):
        group = order[first : first + step]
        group_vectors, group_sentences = embedder.embed_passages(
            [planned[i].embed_text for i in group], [planned[i].embed_spans for i in group]
        )
        for row, index in enumerate(group):
            vectors[index] = group_vectors[row]
            sentence_vectors[index] = np.asarray(group_sentences[row], dtype=np.float16)

    batch = RecordBatch(chunks=[], articles=[])
    position = 0
    for doc in documents:
        rows = slice(position, position + len(doc.chunks))
        for offset, chunk in enumerate(doc.chunks):
            index = position + offset
            batch.chunks.append(
                ChunkRecord(chunk.chunk, vectors[index], chunk.sentences, sentence_vectors[index])
            )
        batch.articles.append(ArticleRecord(doc.article, _mean_unit(vectors[rows]), doc.doc_hash))
        position += len(doc.chunks)
    return batch


def _to_plain_text(document: RawDocument) -> str:
    match document.format:
        case "html":
            return html_to_text(document.text)
        case "markdown":
            return markdown_to_text(document.text)
        case _:
            return document.text


def _mean_unit(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0) if len(vectors) else np.ones(vectors.shape[1], np.float32)
    return (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)


def _doc_hash(article: Article, model: str) -> str:
    """Changes whenever the stored article or its chunks would: text, metadata, chunker, model."""
    payload = json.dumps([article.model_dump(), CHUNKER_VERSION, model], sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _first_line_title(text: str) -> str:
    first = text.strip().split("\n", 1)[0].lstrip("#").strip()
    return first if len(first) <= MAX_HEADING_CHARS else ""


def _progress_bar(total: int, *, enabled: bool):  # -> tqdm | None
    if not enabled or total < PROGRESS_MIN_CHUNKS:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="chunk", desc="embedding", file=sys.stderr)
