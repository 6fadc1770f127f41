"""Layout of the embedded index directory: generations, pointers, reader leases, the ingest lock.

`ASSISTANT_INDEX_DIR` holds one Chroma directory per generation (`gen-<stamp>`) and a file
`CURRENT` naming the live one. An ingest writes a new generation (a copy of the live one, then
changed) and makes it live by atomically replacing `CURRENT` (`os.replace`): a crash, a full
disk or Ctrl-C at any moment leaves either the old or the new generation live, never a mix, and
a half-made copy is removed before the error is reported. `PREVIOUS` names the generation that
was live before, kept as it was.

Readers lease what they read: `lease_live_generation` takes a shared `flock` on the live
generation's directory, held until the reader closes it (or its process ends: the kernel drops
the lock). An ingest removes a generation that is neither `CURRENT` nor `PREVIOUS` only if it
can take that lock exclusively, so no generation disappears under a server still reading it; a
leased one is left for a later ingest. Opening never writes to the index folder: a generation
that cannot be written (a read-only folder or volume) is read from a private copy in the
system's temp folder, removed again on release.

A fresh path per generation also matters to Chroma, which caches one open system per path in
each process: re-opening after an ingest must see the new files, not the cached old ones.
This module never imports chromadb.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from assistant.errors import IndexUnavailable, UserError

POINTER = "CURRENT"
PREVIOUS = "PREVIOUS"
LOCK = ".lock"
PREFIX = "gen-"
MAX_POINTER_BYTES = 1024
LEASE_ATTEMPTS = 20  # CURRENT moved while leasing this often in a row: give up
REBUILD = "run `assistant ingest --rebuild` to start over"


def live_generation(index_dir: Path) -> Path | None:
    """The live generation's directory, or None when `index_dir` holds no index yet.

    Raises `IndexUnavailable` when `index_dir` is not an index made by `assistant ingest`,
    `CURRENT` is not a small UTF-8 file naming a generation, or names one that is missing.
    """
    if not index_dir.exists():
        return None
    if not index_dir.is_dir():
        raise IndexUnavailable(
            f"{index_dir} is a file, not an index folder; set ASSISTANT_INDEX_DIR to a folder"
        )
    name = _read_pointer(index_dir, POINTER)
    if name is None:
        if not (index_dir / POINTER).exists() and any(_foreign_entries(index_dir)):
            raise IndexUnavailable(
                f"{index_dir} is not an index made by `assistant ingest` (it has no {POINTER} "
                "file); point ASSISTANT_INDEX_DIR at an empty or new folder"
            )
        return None
    generation = index_dir / name
    if not generation.is_dir():
        raise IndexUnavailable(
            f"the index at {index_dir} is damaged ({POINTER} names {name!r}, which is "
            f"missing); {REBUILD}"
        )
    return generation


def current_name(index_dir: Path) -> str | None:
    """The name of the live generation, or None (IndexUnavailable when CURRENT is damaged)."""
    return _read_pointer(index_dir, POINTER)


# --- reading: leases ------------------------------------------------------------------------


class GenerationLease:
    """A reader's hold on one generation: its shared lock, and where to open it.

    `path` is the generation itself, or a private copy when the generation cannot be written
    (Chroma writes to the folder it opens). `release()` drops both; call it once.
    """

    def __init__(self, generation: Path, descriptor: int, path: Path) -> None:
        self.generation = generation
        self.name = generation.name
        self.path = path
        self._descriptor: int | None = descriptor

    def release(self) -> None:
        if self._descriptor is None:
            return
        if self.path != self.generation:
            shutil.rmtree(self.path.parent, ignore_errors=True)
        with suppress(OSError):
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        os.close(self._descriptor)
        self._descriptor = None


def lease_live_generation(index_dir: Path) -> GenerationLease | None:
    """Lease the live generation for reading (None when there is no index yet).

    Raises `IndexUnavailable` as `live_generation` does, or when the index cannot be read.
    """
    for _ in range(LEASE_ATTEMPTS):
        generation = live_generation(index_dir)
        if generation is None:
            return None
        descriptor = _lock_directory(generation, fcntl.LOCK_SH)
        if descriptor is None:
            continue  # removed, or being removed, since CURRENT was read: read it again
        # Still live once locked? CURRENT only ever moves on to new generations, and an
        # ingest removes only generations that are not live, so a live one stays while leased.
        if current_name(index_dir) == generation.name:
            try:
                return GenerationLease(generation, descriptor, _readable_path(generation))
            except BaseException:
                os.close(descriptor)
                raise
        os.close(descriptor)
    raise IndexUnavailable(f"the index at {index_dir} kept changing while opening it; try again")


def _lock_directory(directory: Path, operation: int) -> int | None:
    """An open descriptor of `directory` holding `operation` (non-blocking), or None."""
    try:
        descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise IndexUnavailable(
            f"cannot read the index at {directory.parent} ({error.strerror}); check its permissions"
        ) from error
    try:
        fcntl.flock(descriptor, operation | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def _readable_path(generation: Path) -> Path:
    """Where a reader may open `generation`: itself, or a private copy if it is read-only."""
    files = [generation, *generation.glob("*.sqlite3")]
    if all(os.access(path, os.W_OK) for path in files):
        return generation
    scratch = Path(tempfile.mkdtemp(prefix="assistant-index-"))
    try:
        copy = scratch / generation.name
        shutil.copytree(generation, copy)
        for path in (copy, *copy.rglob("*")):  # the copy is ours to write, whatever the modes
            path.chmod(path.stat().st_mode | 0o200)
    except BaseException as error:
        shutil.rmtree(scratch, ignore_errors=True)
        if isinstance(error, OSError | shutil.Error):
            raise IndexUnavailable(
                f"the index at {generation.parent} is read-only and no private copy could be "
                f"made in {tempfile.gettempdir()} ({_reason(error)}); free space there or set "
                "TMPDIR to a folder with room"
            ) from error
        raise
    return copy


# --- writing: new generations, the switch, clean-up -----------------------------------------


def new_generation(index_dir: Path, copy_of: Path | None) -> Path:
    """Create a not-yet-live generation, empty or as a copy of `copy_of`.

    A failed copy (a full disk, say) is removed before `UserError` says what happened; the
    live index is untouched either way.
    """
    _make_folder(index_dir)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    generation = index_dir / f"{PREFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    try:
        if copy_of is None:
            generation.mkdir()
        else:
            shutil.copytree(copy_of, generation)
    except BaseException as error:
        shutil.rmtree(generation, ignore_errors=True)
        if isinstance(error, OSError | shutil.Error):
            raise write_failure(index_dir, error) from error
        raise
    return generation


def write_failure(index_dir: Path, error: BaseException) -> UserError:
    """The message for a new generation that could not be written (disk full, permissions)."""
    if is_disk_full(error):
        return UserError(
            f"the disk holding {index_dir} is full: the new index generation did not fit. Free "
            "some space (an ingest needs room for one more copy of the index) and run "
            "`assistant ingest` again; the index was left as it was."
        )
    return UserError(
        f"could not write a new index generation in {index_dir} ({_reason(error)}); the index "
        "was left as it was. Check the folder is writable, then run `assistant ingest` again."
    )


def is_disk_full(error: BaseException) -> bool:
    """Whether `error` (an OSError, a shutil.Error listing several, a database error) means
    the disk is full."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(error).lower()
    return "no space left" in text or "disk is full" in text or "[errno 28]" in text


def make_live(index_dir: Path, generation: Path) -> None:
    """Atomically point `CURRENT` at `generation`; keep the one it replaces, drop the rest."""
    _write_pointer(index_dir, PREVIOUS, _read_pointer(index_dir, POINTER) or "")
    _write_pointer(index_dir, POINTER, generation.name)
    remove_stale_generations(index_dir)


def remove_stale_generations(index_dir: Path) -> list[str]:
    """Delete generations that are neither live nor previous and that no reader leases.

    Returns the names of leased ones left in place (a later ingest removes them).
    """
    keep = {_read_pointer(index_dir, POINTER), _read_pointer(index_dir, PREVIOUS)}
    leased = []
    for entry in sorted(index_dir.glob(f"{PREFIX}*")):
        if entry.name in keep or not entry.is_dir():
            continue
        descriptor = _lock_directory(entry, fcntl.LOCK_EX)
        if descriptor is None:
            leased.append(entry.name)
            continue
        try:
            shutil.rmtree(entry, ignore_errors=True)
        finally:
            os.close(descriptor)
    return leased


def _read_pointer(index_dir: Path, name: str) -> str | None:
    """The generation a pointer file names, None if there is none; IndexUnavailable if the
    pointer is not a small UTF-8 text file naming a `gen-*` entry."""
    pointer = index_dir / name
    try:
        with open(pointer, "rb") as stream:
            raw = stream.read(MAX_POINTER_BYTES + 1)
        value = raw.decode("utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        problem = "not a file" if pointer.is_dir() else "not UTF-8 text"
        if isinstance(error, OSError) and not pointer.is_dir():
            problem = f"unreadable: {error.strerror}"
        raise _damaged(index_dir, name, problem) from error
    if not value:
        return None
    if len(raw) > MAX_POINTER_BYTES or not value.startswith(PREFIX) or "/" in value:
        raise _damaged(index_dir, name, f"it holds {value[:40]!r}, not a generation's name")
    return value


def _damaged(index_dir: Path, name: str, problem: str) -> IndexUnavailable:
    return IndexUnavailable(f"the index at {index_dir} is damaged ({name} is {problem}); {REBUILD}")


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
    _make_folder(index_dir)
    try:
        stream = open(index_dir / LOCK, "a")  # noqa: SIM115 - closed below
    except OSError as error:
        raise _not_writable(index_dir, error) from error
    with stream:
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


def _make_folder(index_dir: Path) -> None:
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _not_writable(index_dir, error) from error


def _not_writable(index_dir: Path, error: OSError) -> UserError:
    return UserError(
        f"cannot write to the index folder {index_dir} ({error.strerror}); an ingest needs "
        "it writable (a server can still read a read-only index). Make it writable, or set "
        "ASSISTANT_INDEX_DIR to a writable folder."
    )


def clear_for_rebuild(index_dir: Path) -> None:
    """Check that `--rebuild` may start over in `index_dir` (only our own files are there),
    and remove damaged pointers, so the rebuild's switch can write fresh ones."""
    foreign = list(_foreign_entries(index_dir)) if index_dir.exists() else []
    if foreign:
        raise UserError(
            f"{index_dir} holds files that are not part of an index ({foreign[0].name}, ...); "
            "refusing to rebuild there: point ASSISTANT_INDEX_DIR at an empty or new folder"
        )
    for name in (POINTER, PREVIOUS):
        pointer = index_dir / name
        try:
            _read_pointer(index_dir, name)
        except IndexUnavailable:
            if pointer.is_dir() and not pointer.is_symlink():
                shutil.rmtree(pointer)
            else:
                pointer.unlink()


def _foreign_entries(index_dir: Path) -> Iterator[Path]:
    for entry in index_dir.iterdir():
        ours = (POINTER, PREVIOUS, f"{POINTER}.tmp", f"{PREVIOUS}.tmp", LOCK)
        if entry.name not in ours and not entry.name.startswith(PREFIX):
            yield entry


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__
