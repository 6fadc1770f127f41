"""The CI gate: the gold set against the real engine on the real seed index must pass every
threshold in evals/thresholds.toml (safety on every case, quality on the dev split; the held-out
split is scored apart). Also: `assistant eval --url` against the real app
served on a free port gives the same reply kinds as the engine in this process."""

from __future__ import annotations

import json

import pytest

from assistant.safety.triage import build_triager
from evals.dataset import load_dataset
from evals.paths import GOLD, TRIAGE_NEWEST
from evals.scoring import load_thresholds
from evals.suite import run_suite
from evals.targets import EngineTarget
from evals.triage import score_batch

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def gold_report(seed_index_settings, real_embedder):
    cases = load_dataset(GOLD)
    engine = EngineTarget(seed_index_settings)
    return run_suite(
        str(GOLD),
        cases,
        engine,
        thresholds=load_thresholds(),
        article_text=engine.article_text,
        embedder=real_embedder,
        quiet=True,
    )


def test_gold_set_passes_every_threshold(gold_report):
    failed = [
        f"{check.metric}: {check.value} (needs {check.bound} {check.threshold})"
        for check in gold_report.checks
        if check.passed is False
    ]
    failing_cases = {
        result.case.id: result.failures for result in gold_report.ours.results if result.failures
    }
    assert not failed, f"thresholds failed: {failed}; failing cases: {failing_cases}"


def test_heldout_is_scored_apart(gold_report):
    scores = gold_report.ours.scores
    heldout = sum(r.case.split == "heldout" for r in gold_report.ours.results)
    assert heldout >= 20
    assert set(scores) == {"all", "dev", "heldout"}
    # Every urgent phrasing, held-out ones too, goes to urgent care.
    assert scores["heldout"]["urgent_recall"] == 1.0


def test_eval_through_http_api_matches_the_engine(seed_index_settings, gold_report, tmp_path):
    from assistant.cli import main
    from assistant.web.app import create_app
    from tests.integration.live_server import live_server

    # A spread of kinds: answers, refusals, urgent, a follow-up with history, markup.
    chosen = [
        "toe-pressing-how",
        "followup-repeat-first",
        "oos-capital",
        "dose-ibuprofen",
        "urgent-chest-pain",
        "urgent-suicide",
        "markup-script",
        "spam-ufabet",
    ]
    rows = {json.loads(line)["id"]: line for line in GOLD.read_text("utf-8").splitlines()}
    subset = tmp_path / "subset.jsonl"
    subset.write_text("\n".join(rows[case_id] for case_id in chosen) + "\n", encoding="utf-8")
    out = tmp_path / "report"
    with live_server(create_app(seed_index_settings)) as url:
        arguments = ["eval", "--url", url, "--dataset", str(subset), "--no-baseline"]
        status = main([*arguments, "--quiet", "--out", str(out)])
    assert status in (0, 1)  # thresholds may fail on a small subset; the run itself must work
    data = json.loads((out / "results.json").read_text("utf-8"))
    over_http = {case["id"]: case for case in data["targets"][0]["cases"]}
    in_process = {r.case.id: r for r in gold_report.ours.results}
    assert set(over_http) == set(chosen)
    for case_id in chosen:
        reply = over_http[case_id]["reply"]
        assert reply is not None, over_http[case_id]["error"]
        assert reply["kind"] == in_process[case_id].kind, case_id
        assert reply["disclaimer"].strip()
    assert "<html" in (out / "index.html").read_text("utf-8")[:200].lower()


def test_triage_on_the_newest_held_out_batch_passes_the_gate(real_embedder):
    scores = score_batch(TRIAGE_NEWEST, build_triager(real_embedder.dimension), real_embedder)
    assert len(scores.examples) >= 200 and len(scores.misses()) < len(scores.examples)
    assert not scores.gate_failures(), (
        f"{scores.gate_failures()}; misses: {[e.text[:80] for e in scores.misses()]}"
    )
