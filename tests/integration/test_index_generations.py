"""Index generations with real Chroma: readers' leases, damaged or unusual index folders.

Each failure must say what is wrong and what to do, exit 2, leave nothing half-written and be
repairable with `assistant ingest --rebuild`; a read-only index must still serve. Commands run
through the real entry point (`assistant.cli.main`), with the readable `WordEmbedder` except
where a separate process serves a read-only index with the real model.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.settings import Settings
from assistant.store import open_index
from ingest.pipeline import ingest_paths
from tests.fakes import WordEmbedder
from tests.integration.snapshot import snapshot

ASSISTANT = Path(sys.executable).with_name("assistant")


@pytest.fixture
def env(env: Settings) -> Settings:
    """The CLI environment (conftest.py) with the seed corpus indexed by the fake embedder."""
    assert main(["ingest", "--quiet"]) == 0
    return env


def add_article(settings: Settings, name: str, text: str) -> None:
    (settings.corpus_dir / name).write_text(text, encoding="utf-8")


def generations(settings: Settings) -> set[str]:
    return {entry.name for entry in settings.index_dir.glob("gen-*")}


# --- readers' leases ------------------------------------------------------------------------


def test_a_generation_still_read_survives_later_ingests(env: Settings) -> None:
    reader = open_index(env)
    try:
        opened = reader.generation
        for n in range(3):  # the old code removed it at the second
            add_article(env, f"new-{n}.txt", f"Knee care {n}\nBend the knee {n} times gently.\n")
            ingest_paths(env, embedder=WordEmbedder())
        assert opened in generations(env)
        assert reader.stats().documents == 2  # still answers from what it opened
        assert reader.article("foot-exercises-for-back-pain.txt").text
    finally:
        reader.close()
    ingest_paths(env, embedder=WordEmbedder())  # unchanged input: only the clean-up runs
    assert opened not in generations(env)
    assert len(generations(env)) == 2  # live and previous


# --- damaged pointers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pointer", "damage"),
    [
        ("CURRENT", b"\xff\xfe gen"),
        ("CURRENT", None),
        ("PREVIOUS", b"\x80\x81"),
        ("PREVIOUS", None),
    ],
    ids=["current-not-utf8", "current-directory", "previous-not-utf8", "previous-directory"],
)
def test_a_damaged_pointer_is_reported_and_rebuild_repairs_it(
    env: Settings, pointer: str, damage: bytes | None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = env.index_dir / pointer
    path.unlink()
    if damage is None:
        path.mkdir()
    else:
        path.write_bytes(damage)
    capsys.readouterr()
    commands = [["ingest", "--quiet"]] + ([["info"]] if pointer == "CURRENT" else [])
    for command in commands:
        assert main(command) == 2, command
        error = capsys.readouterr().err
        assert f"damaged ({pointer} is" in error and "assistant ingest --rebuild" in error
        assert "Traceback" not in error
    assert main(["ingest", "--quiet", "--rebuild"]) == 0
    assert main(["info", "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out[out.index("{") :])["documents"] == 2


# --- a full disk ----------------------------------------------------------------------------


def test_a_full_disk_while_copying_exits_2_and_leaves_the_index_as_it_was(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before, names = snapshot(env), generations(env)
    real_copyfile = shutil.copyfile
    copied: list[str] = []
    disk_full = True

    def copy_until_full(source: str, target: str, **kwargs: bool) -> str:
        if disk_full and copied:  # the first file fits, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device", target)
        copied.append(target)
        return real_copyfile(source, target, **kwargs)

    add_article(env, "knees.txt", "Knee care\nBend the knee gently every morning.\n")
    monkeypatch.setattr(shutil, "copyfile", copy_until_full)
    capsys.readouterr()
    assert main(["ingest", "--quiet"]) == 2
    error = capsys.readouterr().err
    assert "is full" in error and "left as it was" in error and "Traceback" not in error
    assert copied and generations(env) == names  # the half copy is gone
    assert snapshot(env) == before
    disk_full = False  # space freed: both repairs work
    assert main(["ingest", "--quiet"]) == 0
    assert main(["ingest", "--quiet", "--rebuild"]) == 0
    assert snapshot(env)["stats"]["documents"] == 3


def test_a_full_disk_while_writing_exits_2_and_leaves_the_index_as_it_was(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before, names = snapshot(env), generations(env)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    add_article(env, "knees.txt", "Knee care\nBend the knee gently every morning.\n")
    monkeypatch.setattr("assistant.store.chroma.ChromaStore.upsert_articles", full)
    capsys.readouterr()
    assert main(["ingest", "--quiet"]) == 2
    assert "is full" in capsys.readouterr().err
    assert generations(env) == names and snapshot(env) == before


# --- a read-only index folder ---------------------------------------------------------------


def read_only(command: list[str], settings: Settings, home: Path) -> subprocess.CompletedProcess:
    """Run `assistant COMMAND` unable to write anywhere in the index folder.

    The folder's modes are read-only; as root, the permission-bypassing capabilities are
    dropped from the process (setpriv), so the modes hold for it as for anyone else.
    """
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot make a folder read-only")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    env = {
        **os.environ,
        "ASSISTANT_INDEX_DIR": str(settings.index_dir),
        "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
        "HOME": str(home),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    return subprocess.run(
        [*prefix, str(ASSISTANT), *command], env=env, capture_output=True, text=True, timeout=300
    )


def file_states(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(folder)): (path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(folder.rglob("*"))
    }


def test_a_read_only_index_serves_and_an_ingest_there_says_why_it_cannot(
    tmp_path: Path, real_index: Settings
) -> None:
    settings = real_index
    tmp_path.chmod(0o755)  # the folders above it must stay readable
    tmp_path.parent.chmod(0o755)
    for path in [settings.index_dir, *settings.index_dir.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    before = file_states(settings.index_dir)
    home = tmp_path / "home"
    home.mkdir()
    try:
        info = read_only(["info", "--json"], settings, home)
        assert info.returncode == 0, info.stderr
        assert json.loads(info.stdout)["documents"] == 2
        ask = read_only(["ask", "Which foot exercises help back pain?", "--json"], settings, home)
        assert ask.returncode == 0, ask.stderr
        answer = json.loads(ask.stdout)
        assert answer["kind"] == "answer" and answer["citations"]
        ingest = read_only(["ingest", "--quiet"], settings, home)
        assert ingest.returncode == 2
        assert "cannot write to the index folder" in ingest.stderr
        assert "Traceback" not in ingest.stderr
        assert file_states(settings.index_dir) == before  # opening wrote nothing
    finally:
        for path in [settings.index_dir, *settings.index_dir.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
