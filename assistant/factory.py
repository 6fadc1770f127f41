"""Wiring by hand: `build_assistant(settings)` makes the engine every front end uses.

Opens the store, builds the retriever's BM25 tables and speller, loads the triage model
(checked for staleness), picks the composer, and starts loading the embedding model in a
background thread (most of a cold start) while the BM25 tables are built. Tests pass their own
embedder, store or composer. `build_serving_assistant` is the one a long-running server uses:
on an embedded index it follows each ingest by itself.
"""

from __future__ import annotations

import ctypes
import threading
from contextlib import suppress

from assistant.compose.base import Composer
from assistant.compose.extractive import ExtractiveComposer
from assistant.embedding import QUESTION_THREADS, Embedder, build_embedder
from assistant.embedding.base import packaged_minilm
from assistant.engine import ClinicAssistant
from assistant.reload import ReloadingAssistant
from assistant.retrieval.hybrid import HybridRetriever
from assistant.safety.triage import Triager, build_triager
from assistant.settings import Settings
from assistant.store import StoreReader, open_index
from assistant.store.location import Embedded, location_of


def build_assistant(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    store: StoreReader | None = None,
    composer: Composer | None = None,
    triager: Triager | None = None,
) -> ClinicAssistant:
    """The assistant every front end uses.

    Raises IndexUnavailable when the index is missing, empty or built with another model, and
    UserError when the triage model is stale. A model built here starts loading at once in a
    background thread; `warm_up()` waits for it.
    """
    store = store or open_index(settings)
    loader = None
    if embedder is None:
        embedder = build_embedder(settings, threads=QUESTION_THREADS)
        loader = threading.Thread(target=_load_model, args=(embedder,), daemon=True)
        loader.start()
    if triager is None:
        if embedder.name == packaged_minilm().name:
            triager = build_triager(embedder.dimension)  # its embedding head must fit
        else:  # a test's fake embedder: the stored embedding head cannot read its vectors
            triager = build_triager(use_embedding=False)
    retriever = HybridRetriever(store, embedder)
    _return_freed_memory()
    return ClinicAssistant(
        settings, store, retriever, composer or ExtractiveComposer(), triager, loader
    )


def build_serving_assistant(settings: Settings) -> ClinicAssistant | ReloadingAssistant:
    """The assistant for `assistant serve`: on an embedded index, a `ReloadingAssistant` that
    switches to each new generation an ingest makes live, sharing the loaded model and the
    composer; on a Chroma server (updated in place) the plain engine.

    Raises IndexUnavailable as `build_assistant` does.
    """
    first = build_assistant(settings)
    if not isinstance(location_of(settings), Embedded):
        return first
    return ReloadingAssistant(
        first,
        lambda: build_assistant(
            settings,
            embedder=first.retriever.embedder,
            composer=first.composer,
            triager=first.triager,
        ),
    )


def _return_freed_memory() -> None:
    """Give the memory freed while reading every chunk back to the system (glibc keeps it).

    Building the retriever reads each chunk's record, sentence vectors included, and drops
    them; on full MedQuAD glibc kept ~270 MB of that resident in every serving process.
    Elsewhere than glibc (or when the call is unavailable) nothing happens.
    """
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _load_model(embedder: Embedder) -> None:
    # Failures are not lost: the first question loads the model again and raises there.
    with suppress(Exception):
        embedder.embed(["warm up"])
