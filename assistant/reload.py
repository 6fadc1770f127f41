"""An assistant that follows the embedded index: a running server sees each ingest by itself.

`ReloadingAssistant` implements the `Assistant` protocol over the engine built on the newest
complete generation. At most once every `check_every_s`, a request asks the engine's store
whether `CURRENT` has moved (one small file read). If it has, a background thread builds a new
engine on the new generation (opening it leases it; the BM25 tables, speller and topic list
are built there, off the request path) and then swaps it in with one assignment under a lock.
Requests already running finish on the engine they started with; that engine is closed, and
its generation's lease released (so the next ingest may remove it), when the last of them is
done. A generation that cannot be opened (damaged, say) is logged and the current engine keeps
serving; the check is repeated later. No request waits for a reload and none fails because of
one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from assistant.engine import ClinicAssistant
from assistant.errors import UserError
from assistant.types import Answer, Article, IndexStats, Message, SearchHit

log = logging.getLogger(__name__)

CHECK_EVERY_S = 1.0


class _Slot:
    """One engine and how many calls are using it."""

    def __init__(self, engine: ClinicAssistant) -> None:
        self.engine = engine
        self.users = 0
        self.retired = False


class ReloadingAssistant:
    """The `Assistant` protocol over whichever engine serves the newest generation.

    `reopen()` builds an engine on the generation live now (it must not share a store with the
    engine it replaces). `clock` is for tests.
    """

    def __init__(
        self,
        engine: ClinicAssistant,
        reopen: Callable[[], ClinicAssistant],
        *,
        check_every_s: float = CHECK_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._slot = _Slot(engine)
        self._reopen = reopen
        self._check_every_s = check_every_s
        self._clock = clock
        self._lock = threading.Lock()
        self._next_check = clock() + check_every_s
        self._reloading: threading.Thread | None = None
        self.reloads = 0  # completed swaps, for logs and tests

    # -- the Assistant protocol ---------------------------------------------------------------

    def ask(self, question: str, history: Sequence[Message] = ()) -> Answer:
        with self._engine() as engine:
            return engine.ask(question, history)

    def search(self, query: str, k: int = 5) -> list[SearchHit]:
        with self._engine() as engine:
            return engine.search(query, k)

    def stats(self) -> IndexStats:
        with self._engine() as engine:
            return engine.stats()

    def topics(self) -> list[str]:
        with self._engine() as engine:
            return engine.topics()

    def article(self, source_id: str) -> Article:
        with self._engine() as engine:
            return engine.article(source_id)

    # -- life cycle ---------------------------------------------------------------------------

    @property
    def engine(self) -> ClinicAssistant:
        """The engine new calls use now."""
        return self._slot.engine

    def warm_up(self) -> None:
        self.engine.warm_up()

    def wait_for_reload(self, timeout: float | None = None) -> None:
        """Block until a reload in progress (if any) has finished (for tests and shutdown)."""
        thread = self._reloading
        if thread is not None:
            thread.join(timeout)

    def close(self) -> None:
        """Finish a reload in progress, then close the engine in use."""
        self.wait_for_reload()
        with self._lock:
            slot, slot.retired = self._slot, True
            idle = slot.users == 0
        if idle:
            slot.engine.close()

    # -- internals ----------------------------------------------------------------------------

    @contextmanager
    def _engine(self) -> Iterator[ClinicAssistant]:
        self._maybe_check()
        with self._lock:
            slot = self._slot
            slot.users += 1
        try:
            yield slot.engine
        finally:
            with self._lock:
                slot.users -= 1
                done = slot.retired and slot.users == 0
            if done:
                slot.engine.close()

    def _maybe_check(self) -> None:
        now = self._clock()
        with self._lock:
            if now < self._next_check or self._reloading is not None:
                return
            self._next_check = now + self._check_every_s
            engine = self._slot.engine
        try:
            stale = engine.store.is_stale()
        except UserError as error:  # CURRENT unreadable right now: keep serving what we have
            log.warning("cannot check the index for a new generation: %s", error)
            return
        if not stale:
            return
        with self._lock:
            if self._reloading is not None:
                return
            self._reloading = threading.Thread(
                target=self._reload, name="index-reload", daemon=True
            )
            self._reloading.start()

    def _reload(self) -> None:
        try:
            fresh = self._reopen()
            fresh.topics()  # built here, not by the first request
        except Exception as error:  # a damaged or vanished generation: keep the current one
            log.warning(
                "a new index generation could not be opened; still serving the one "
                "opened before: %s",
                error,
            )
            with self._lock:
                self._reloading = None
            return
        with self._lock:
            old = self._slot
            self._slot = _Slot(fresh)
            old.retired = True
            idle = old.users == 0
            self._reloading = None
            self.reloads += 1
        log.info("serving index generation %s", getattr(fresh.store, "generation", "?"))
        if idle:
            old.engine.close()
