"""An index remembers the backend and model file that made its vectors, on both stores.

An index from another backend or model file is refused with the rebuild command, as one from
another model is; `rebuild_if_stale` (what `make run` uses) rebuilds it instead; a damaged
index is never rebuilt silently. Ingest writes window by window and stays atomic.
Built with the fake embedder: every assertion is about the manifest and the store.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.embedding.base import packaged_minilm
from assistant.embedding.model_file import load_record, record_path
from assistant.errors import IndexOutdated, IndexUnavailable
from assistant.settings import Settings
from assistant.store import open_index
from assistant.store.chroma import ChromaStore
from ingest.pipeline import ingest_paths
from tests.fakes import WordEmbedder
from tests.integration.snapshot import snapshot
from tests.support import REPO

ARTICLES = {
    "knees.txt": "Knee care\nKeep the knees moving every day. Cycling is gentle on knees.\n",
    "sleep.md": "# Sleep well\nGo to bed at the same time. Keep the bedroom dark and cool.\n",
    "wrist.txt": "Wrist pain often comes from typing. Rest the wrists every hour.\n",
}


@pytest.fixture(params=["embedded", "server"])
def torch_built(request, tmp_path: Path) -> Settings:
    """An index of three articles built under ASSISTANT_EMBEDDING_BACKEND=torch."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    where: dict[str, object] = {"index_dir": tmp_path / "index", "chroma_url": None}
    if request.param == "server":
        url = request.getfixturevalue("chroma_server_url")
        where = {"chroma_url": url, "collection": f"b{uuid.uuid4().hex[:12]}"}
    settings = Settings(corpus_dir=corpus, embedding_backend="torch", **where)
    ingest_paths(settings, embedder=WordEmbedder())
    return settings


def as_backend(settings: Settings, backend: str, **changes: object) -> Settings:
    return settings.model_copy(update={"embedding_backend": backend, **changes})


def test_the_manifest_names_backend_and_model_file(torch_built: Settings) -> None:
    assert snapshot(torch_built)["manifest"]["embedding_backend"] == "torch"
    int8 = as_backend(torch_built, "onnx-int8")
    ingest_paths(int8, embedder=WordEmbedder(), rebuild=True)
    manifest = snapshot(int8)["manifest"]
    record = load_record(int8, "onnx-int8", packaged_minilm())
    assert manifest["embedding_backend"] == "onnx-int8"
    assert manifest["model_file"] == f"sha256:{record.sha256}"


def test_another_backend_is_refused_with_the_rebuild_command(torch_built: Settings) -> None:
    before = snapshot(torch_built)
    int8 = as_backend(torch_built, "onnx-int8")
    with pytest.raises(IndexOutdated, match=r"embedding_backend 'torch'.*--rebuild"):
        open_index(int8)
    with pytest.raises(IndexOutdated, match=r"embedding_backend 'torch'"):
        ingest_paths(int8, embedder=WordEmbedder())
    assert snapshot(torch_built) == before


def test_rebuild_if_stale_rebuilds_an_index_of_another_backend(torch_built: Settings) -> None:
    int8 = as_backend(torch_built, "onnx-int8")
    summary = ingest_paths(int8, embedder=WordEmbedder(), prune=True, rebuild_if_stale=True)
    assert summary.rebuilt_because and "embedding_backend 'torch'" in summary.rebuilt_because
    assert (summary.documents_added, summary.chunks_embedded) == (3, 3)
    assert snapshot(int8)["stats"] == {"documents": 3, "chunks": 3}
    again = ingest_paths(int8, embedder=WordEmbedder(), prune=True, rebuild_if_stale=True)
    assert again.rebuilt_because is None and again.documents_unchanged == 3


def test_another_model_file_is_refused(torch_built: Settings, tmp_path: Path) -> None:
    int8 = as_backend(torch_built, "onnx-int8")
    ingest_paths(int8, embedder=WordEmbedder(), rebuild=True)
    # The same graph under a record naming another hash: what a rebuilt file would say.
    model = packaged_minilm()
    record = load_record(int8, "onnx-int8", model)
    other = tmp_path / "other-models"
    other.mkdir()
    shutil.copy(record.path, other / record.file)
    fields = json.loads(record_path(int8, "onnx-int8", model).read_text())
    (other / record_path(int8, "onnx-int8", model).name).write_text(
        json.dumps({**fields, "sha256": "0" * 64})
    )
    with pytest.raises(IndexOutdated, match=r"model_file 'sha256:[0-9a-f]{64}'.*--rebuild"):
        open_index(as_backend(int8, "onnx-int8", model_cache_dir=other))


def test_rebuild_if_stale_never_rebuilds_a_damaged_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Ankle care\nMove the ankle in circles.\n", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", chroma_url=None)
    ingest_paths(settings, embedder=WordEmbedder())
    [generation] = settings.index_dir.glob("gen-*")
    (generation / "chroma.sqlite3").write_bytes(b"not a database" * 100)
    with pytest.raises(IndexUnavailable, match=r"damaged.*--rebuild") as refused:
        ingest_paths(settings, embedder=WordEmbedder(), rebuild_if_stale=True)
    assert not isinstance(refused.value, IndexOutdated)
    assert (generation / "chroma.sqlite3").read_bytes().startswith(b"not a database")


def test_make_run_rebuilds_an_index_of_another_backend(
    torch_built: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The ingest command exactly as `make run` runs it (read from `make -n`, not copied).
    dry_run = subprocess.run(
        ["make", "-n", "run"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    [line] = [row for row in dry_run.splitlines() if "assistant ingest" in row]
    argv = shlex.split(line)
    argv = argv[argv.index(next(a for a in argv if a.endswith("assistant"))) + 1 :]
    assert argv[0] == "ingest"
    for name, value in {
        "ASSISTANT_CORPUS_DIR": torch_built.corpus_dir,
        "ASSISTANT_INDEX_DIR": torch_built.index_dir,
        "ASSISTANT_CHROMA_URL": torch_built.chroma_url or "",
        "ASSISTANT_COLLECTION": torch_built.collection,
        "ASSISTANT_EMBEDDING_BACKEND": "onnx-int8",
    }.items():
        monkeypatch.setenv(name, str(value))
    monkeypatch.setattr("ingest.pipeline.build_embedder", lambda *args, **kwargs: WordEmbedder())
    assert main([*argv, "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "rebuilt from scratch" in out and "embedding_backend 'torch'" in out
    assert "3 documents (3 added" in out


def test_ingest_embeds_and_writes_every_window_once(
    torch_built: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every window is embedded once and written once; that the next is embedded while one is
    written, and how far ahead (two windows at most), is pinned in
    tests/unit/ingest/test_one_ahead.py."""
    events: list[str] = []

    class Recording(WordEmbedder):
        def embed_passages(self, texts, spans):  # type: ignore[no-untyped-def]
            events.append("embed")
            return super().embed_passages(texts, spans)

    write = ChromaStore.upsert_chunks

    def recorded(self: ChromaStore, records) -> None:  # type: ignore[no-untyped-def]
        events.append("write")
        write(self, records)

    monkeypatch.setattr(ChromaStore, "upsert_chunks", recorded)
    monkeypatch.setattr("ingest.pipeline.WINDOW_CHUNKS", 1)
    ingest_paths(torch_built, embedder=Recording(), rebuild=True)
    assert events.count("embed") == events.count("write") == 3


def test_a_failure_in_a_later_window_leaves_the_index_unchanged(
    torch_built: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    if torch_built.chroma_url:
        pytest.skip("a server is updated in place; the embedded index is the atomic one")
    before = snapshot(torch_built)
    for name in ARTICLES:
        path = torch_built.corpus_dir / name
        path.write_text(path.read_text(encoding="utf-8") + "A new closing line.\n")
    monkeypatch.setattr("ingest.pipeline.WINDOW_CHUNKS", 1)
    with pytest.raises(KeyboardInterrupt):  # the second window's embedding is interrupted
        ingest_paths(torch_built, embedder=WordEmbedder(fail_after=1))
    assert snapshot(torch_built) == before
