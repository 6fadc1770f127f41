"""Layout of the embedded index directory: generations, the CURRENT pointer, the ingest lock.

`ASSISTANT_INDEX_DIR` holds one Chroma directory per generation (`gen-<stamp>`) and a file
`CURRENT` naming the live one. An ingest writes a new generation (a copy of the live one, then
changed) and makes it live by atomically replacing `CURRENT` (`os.replace`): a crash or Ctrl-C
at any moment leaves either the old or the new generation live, never a mix. The generation
that was live before (`PREVIOUS`) is kept, so an app that opened it keeps working until it
reopens; every other generation is a leftover of an interrupted run, removed by the next ingest.

A fresh path per generation also matters to Chroma, which caches one open system per path in
each process: re-opening after an ingest must see the new files, not the cached old ones.
This module never imports chromadb.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import IndexUnavailable, UserError

POINTER = "CURRENT"
PREVIOUS = "PREVIOUS"
LOCK = ".lock"
PREFIX = "gen-"


def live_generation(index_dir: Path) -> Path | None:
    """The live generation's directory, or None when `index_dir` holds no index yet.

    Raises `IndexUnavailable` when `index_dir` is not an index made by `assistant ingest`
    or `CURRENT` names a generation that is missing.
    """
    if not index_dir.exists():
        return None
    if not index_dir.is_dir():
        raise IndexUnavailable(
            f"{index_dir} is a file, not an index folder; set ASSISTANT_INDEX_DIR to a folder"
        )
    pointer = index_dir / POINTER
    if not pointer.exists():
        if any(_foreign_entries(index_dir)):
            raise IndexUnavailable(
                f"{index_dir} is not an index made by `assistant ingest` (it has no {POINTER} "
                "file); point ASSISTANT_INDEX_DIR at an empty or new folder"
            )
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    generation = index_dir / name
    if not name.startswith(PREFIX) or "/" in name or not generation.is_dir():
        raise IndexUnavailable(
            f"the index at {index_dir} is damaged ({POINTER} names {name!r}, which is missing); "
            "run `assistant ingest --rebuild`"
        )
    return generation


def new_generation(index_dir: Path, copy_of: Path | None) -> Path:
    """Create a not-yet-live generation, empty or as a copy of `copy_of`."""
    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    generation = index_dir / f"{PREFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    if copy_of is None:
        generation.mkdir()
    else:
        shutil.copytree(copy_of, generation)
    return generation


def make_live(index_dir: Path, generation: Path) -> None:
    """Atomically point `CURRENT` at `generation`; keep the one it replaces, drop the rest."""
    _write_pointer(index_dir, PREVIOUS, _read_pointer(index_dir, POINTER) or "")
    _write_pointer(index_dir, POINTER, generation.name)
    remove_stale_generations(index_dir)


def current_name(index_dir: Path) -> str | None:
    """The name of the live generation, or None (for `ChunkIndex.is_stale`)."""
    return _read_pointer(index_dir, POINTER)


def remove_stale_generations(index_dir: Path) -> None:
    """Delete generations that are neither live nor the previous one (interrupted ingests)."""
    keep = {_read_pointer(index_dir, POINTER), _read_pointer(index_dir, PREVIOUS)}
    for entry in index_dir.glob(f"{PREFIX}*"):
        if entry.name not in keep and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)


def _read_pointer(index_dir: Path, name: str) -> str | None:
    pointer = index_dir / name
    return pointer.read_text(encoding="utf-8").strip() or None if pointer.exists() else None


def _write_pointer(index_dir: Path, name: str, value: str) -> None:
    temporary = index_dir / f"{name}.tmp"
    with open(temporary, "w", encoding="utf-8") as stream:
        stream.write(value + "\n")
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, index_dir / name)


@contextmanager
def ingest_lock(index_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on `index_dir` so two ingests never write at once."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK, "w") as stream:
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(
                f"another `assistant ingest` is writing {index_dir}; wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(stream, fcntl.LOCK_UN)


def clear_for_rebuild(index_dir: Path) -> None:
    """Check that `--rebuild` may start over in `index_dir` (only our own files are there)."""
    foreign = list(_foreign_entries(index_dir)) if index_dir.exists() else []
    if foreign:
        raise UserError(
            f"{index_dir} holds files that are not part of an index ({foreign[0].name}, ...); "
            "refusing to rebuild there: point ASSISTANT_INDEX_DIR at an empty or new folder"
        )


def _foreign_entries(index_dir: Path) -> Iterator[Path]:
    for entry in index_dir.iterdir():
        ours = (POINTER, PREVIOUS, f"{POINTER}.tmp", f"{PREVIOUS}.tmp", LOCK)
        if entry.name not in ours and not entry.name.startswith(PREFIX):
            yield entry
