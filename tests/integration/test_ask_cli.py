"""`assistant ask` through the real console entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.cli import main
from tests.support import REPO

pytestmark = pytest.mark.integration


def run_cli(*args: str, index_dir) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(index_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=300,
    )  # fmt: skip


def test_ask_json_prints_the_api_reply_shape(seed_index_settings):
    result = run_cli("ask", "How do I do ankle circles?", "--json",
                     index_dir=seed_index_settings.index_dir)  # fmt: skip
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert set(reply) == {
        "kind",
        "answer",
        "citations",
        "disclaimer",
        "query",
        "timings_ms",
        "triage",
    }
    assert reply["kind"] == "answer"
    assert "15 seconds" in reply["answer"]
    citation = reply["citations"][0]
    assert set(citation) == {"n", "source_id", "title", "url", "chunk_id", "quote", "start",
                             "end"}  # fmt: skip
    article = (REPO / "corpus" / citation["source_id"]).read_text(encoding="utf-8")
    assert citation["quote"].split("\n")[-1] in article


def test_ask_text_shows_sources_and_the_disclaimer(seed_index_settings, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(seed_index_settings.index_dir))
    monkeypatch.setenv("ASSISTANT_DISCLAIMER", "Custom clinic disclaimer text.")
    assert main(["ask", "What is the capital of France?"]) == 0
    out = capsys.readouterr().out
    assert "don't cover" in out
    assert out.rstrip().endswith("-- Custom clinic disclaimer text.")


def test_an_empty_question_is_a_clear_error(seed_index_settings, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(seed_index_settings.index_dir))
    assert main(["ask", "   "]) == 2
    assert "empty" in capsys.readouterr().err


def test_a_missing_index_says_to_run_ingest(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "none"))
    assert main(["ask", "What foot exercises help back pain?"]) == 2
    assert "assistant ingest" in capsys.readouterr().err
