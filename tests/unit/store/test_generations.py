"""The index folder's layout on its own (no Chroma): pointers, reader leases, clean-up, copies.

Generations here are plain folders; what Chroma does with them is tested in
tests/integration/test_index_generations.py.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from assistant.errors import IndexUnavailable, UserError
from assistant.store import generations


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    index = tmp_path / "index"
    first = generations.new_generation(index, None)
    (first / "chroma.sqlite3").write_bytes(b"one")
    generations.make_live(index, first)
    return index


def generation_names(index_dir: Path) -> set[str]:
    return {entry.name for entry in index_dir.glob("gen-*")}


def next_generation(index_dir: Path) -> Path:
    live = generations.live_generation(index_dir)
    made = generations.new_generation(index_dir, live)
    generations.make_live(index_dir, made)
    return made


def test_a_leased_generation_outlives_two_ingests_and_goes_after_release(index_dir: Path) -> None:
    lease = generations.lease_live_generation(index_dir)
    assert lease is not None and lease.path == index_dir / lease.name
    second = next_generation(index_dir)
    third = next_generation(index_dir)  # the leased one is neither CURRENT nor PREVIOUS now
    assert generation_names(index_dir) == {lease.name, second.name, third.name}
    assert generations.remove_stale_generations(index_dir) == [lease.name]
    lease.release()
    assert generations.remove_stale_generations(index_dir) == []
    assert generation_names(index_dir) == {second.name, third.name}


def test_an_unleased_old_generation_is_removed(index_dir: Path) -> None:
    first = generations.live_generation(index_dir)
    assert first is not None
    next_generation(index_dir)
    next_generation(index_dir)
    assert not first.exists()


def test_a_lease_follows_current_when_it_moves_while_leasing(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = generations.new_generation(index_dir, generations.live_generation(index_dir))
    real_lock = generations._lock_directory
    moved = []

    def lock_then_move(directory: Path, operation: int) -> int | None:
        descriptor = real_lock(directory, operation)
        if not moved:  # an ingest switches CURRENT between our read and our lock
            moved.append(directory.name)
            generations.make_live(index_dir, newer)
        return descriptor

    monkeypatch.setattr(generations, "_lock_directory", lock_then_move)
    lease = generations.lease_live_generation(index_dir)
    assert lease is not None and lease.name == newer.name != moved[0]
    lease.release()


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("CURRENT", b"\xff\xfe\x00gen"),
        ("CURRENT", "directory"),
        ("CURRENT", b"../../etc\n"),
        ("PREVIOUS", b"\xc3\x28"),
        ("PREVIOUS", "directory"),
    ],
)
def test_damaged_pointers_are_named_and_rebuild_clears_them(
    index_dir: Path, name: str, damage: bytes | str
) -> None:
    pointer = index_dir / name
    pointer.unlink()
    if damage == "directory":
        pointer.mkdir()
        (pointer / "inside").write_text("x")
    else:
        assert isinstance(damage, bytes)
        pointer.write_bytes(damage)
    with pytest.raises(IndexUnavailable, match=rf"damaged \({name} is .*--rebuild"):
        generations.remove_stale_generations(index_dir)  # what every ingest does first
    if name == "CURRENT":
        with pytest.raises(IndexUnavailable, match="--rebuild"):
            generations.lease_live_generation(index_dir)
    generations.clear_for_rebuild(index_dir)
    assert not pointer.exists()
    fresh = generations.new_generation(index_dir, None)
    generations.make_live(index_dir, fresh)
    assert generations.live_generation(index_dir) == fresh


def test_a_full_disk_during_the_copy_leaves_nothing_half_written(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = generations.live_generation(index_dir)
    assert live is not None
    for n in range(5):
        (live / f"segment-{n}.bin").write_bytes(b"x" * 100)
    copied = []
    real_copyfile = shutil.copyfile

    def copy_until_full(source: str, target: str, **kwargs: bool) -> str:
        if copied:
            raise OSError(errno.ENOSPC, "No space left on device", target)
        copied.append(target)
        return real_copyfile(source, target, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", copy_until_full)  # what copytree's copy2 calls
    before = generation_names(index_dir)
    with pytest.raises(UserError, match=r"is full.*left as it was"):
        generations.new_generation(index_dir, live)
    assert copied  # it really was cut off half-way
    assert generation_names(index_dir) == before
    assert generations.live_generation(index_dir) == live


def test_a_read_only_generation_is_leased_as_a_private_copy(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Running as root, file modes do not stop writes; os.access is what opening consults.
    live = generations.live_generation(index_dir)
    monkeypatch.setattr(generations.os, "access", lambda path, mode: False)
    lease = generations.lease_live_generation(index_dir)
    assert lease is not None and live is not None
    assert lease.path != live and not lease.path.is_relative_to(index_dir)
    assert (lease.path / "chroma.sqlite3").read_bytes() == b"one"
    copy = lease.path
    lease.release()
    assert not copy.exists()
