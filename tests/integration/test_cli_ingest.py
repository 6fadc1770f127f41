"""`assistant ingest | search | info` through the real command line entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.settings import Settings
from assistant.store import open_index
from tests.integration.snapshot import snapshot
from tests.support import free_port


def test_ingest_info_search(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "2 documents (2 added, 0 updated, 0 removed, 0 unchanged)" in out

    assert main(["ingest", "--quiet", "--prune"]) == 0
    assert "0 added, 0 updated, 0 removed, 2 unchanged" in capsys.readouterr().out

    assert main(["info"]) == 0
    info = capsys.readouterr().out
    assert f"embedded index: {env.index_dir}" in info
    assert "2 documents" in info
    assert "foot-exercises-for-back-pain.txt" in info and "feet-and-chronic-back-pain.txt" in info

    assert main(["search", "toe pressing grip the floor", "--k", "2", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 2
    best = hits[0]["chunk"]
    assert best["section"] == "Toe pressing"
    assert "Stay on the floor straight and bend the knees to grip the floor." in best["text"]
    index = open_index(env)
    try:
        cleaned = index.article(best["source_id"]).text
    finally:
        index.close()
    assert cleaned[best["start"] : best["end"]] == best["text"]
    assert hits[0]["score"] >= hits[1]["score"]

    assert main(["search", "toe pressing"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("1. ")
    assert "foot-exercises-for-back-pain.txt [" in printed


def test_report_lists_what_the_cleaner_removed(
    env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", "--quiet", "--report"]) == 0
    out = capsys.readouterr().out
    assert "feet-and-chronic-back-pain.txt (The Hidden Connection" in out
    assert "小倉南区 整体" in out  # the SEO spam spliced into a sentence
    assert "Contact the best doctors for back pain." in out


def test_search_and_info_without_an_index(
    env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["search", "feet"], ["info"]):
        assert main(command) == 2
        assert "run `assistant ingest`" in capsys.readouterr().err


def test_bad_inputs_exit_2_and_leave_the_index(
    env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", "--quiet"]) == 0
    before = snapshot(env)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "lines.jsonl").write_text('{"id": "x", "text": "fine"}\nnot json\n')
    (bad / "dup.jsonl").write_text('{"id": "x", "text": "again"}\n')
    (bad / "latin.txt").write_bytes("Fi\xe8vre".encode("latin-1"))
    capsys.readouterr()

    assert main(["ingest", "--quiet", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "lines.jsonl line 2: not valid JSON" in err
    assert "duplicate id 'x'" in err
    assert "latin.txt: not valid UTF-8" in err
    assert "nothing was written to the index" in err

    assert main(["ingest", "--quiet", str(tmp_path / "missing")]) == 2
    assert "missing: no such file or folder" in capsys.readouterr().err
    assert snapshot(env) == before


def test_other_model_index_needs_rebuild(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", "--quiet"]) == 0
    monkeypatch.setenv("ASSISTANT_EMBEDDING_MODEL", "some-other-model")
    before = snapshot(env)
    capsys.readouterr()
    assert main(["ingest", "--quiet"]) == 2
    assert "run `assistant ingest --rebuild`" in capsys.readouterr().err
    assert snapshot(env) == before
    assert main(["ingest", "--quiet", "--rebuild"]) == 0
    assert "2 added" in capsys.readouterr().out


def test_unreachable_server(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", url)
    for command in (["ingest", "--quiet"], ["info"], ["search", "feet"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert f"cannot reach the Chroma server at {url}" in err
        assert "is `chroma run` up" in err and "unset ASSISTANT_CHROMA_URL" in err


def test_server_round_trip(
    env: Settings,
    chroma_server_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", chroma_server_url)
    monkeypatch.setenv("ASSISTANT_COLLECTION", "cli-round-trip")
    assert main(["ingest", "--quiet", "--rebuild"]) == 0
    assert f"index: {chroma_server_url}" in capsys.readouterr().out
    assert main(["info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["location"] == chroma_server_url and info["documents"] == 2
    assert not env.index_dir.exists()  # nothing written locally


def test_real_model_end_to_end(
    env: Settings, real_embedder, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr("ingest.pipeline.build_embedder", lambda *args, **kwargs: real_embedder)
    monkeypatch.setattr("assistant.embedding.build_embedder", lambda *args, **kwargs: real_embedder)
    assert main(["ingest", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["search", "which shoes make back pain worse", "--json", "--k", "1"]) == 0
    [hit] = json.loads(capsys.readouterr().out)
    assert "high heels" in hit["chunk"]["text"]
