"""`assistant calibrate` on a real index of the seed corpus."""

from __future__ import annotations

import json

import pytest


@pytest.mark.integration
def test_recalibration_command_on_a_real_index(seed_index_settings, monkeypatch, capsys, tmp_path):
    from assistant.cli import main

    questions = tmp_path / "clinic.jsonl"
    rows = [
        ("Which foot exercises help my lower back?", True),
        ("Can worn-out shoes make my back hurt?", True),
        ("What is the capital of Peru?", False),
        ("How do I fix a flat bicycle tyre?", False),
    ]
    questions.write_text(
        "\n".join(json.dumps({"question": q, "in_scope": i}) for q, i in rows), encoding="utf-8"
    )
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(seed_index_settings.index_dir))
    assert main(["calibrate", "--questions", str(questions)]) == 0
    out = capsys.readouterr().out
    threshold = float(out.rsplit("ASSISTANT_RELEVANCE_THRESHOLD=", 1)[1])
    scores = {line[13:].strip(): float(line[:6]) for line in out.splitlines()[:4]}
    for question, inside in rows:
        assert (scores[question] >= threshold) is inside, (question, scores, threshold)
