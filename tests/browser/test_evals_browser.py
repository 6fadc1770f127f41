"""The HTML report renders in a real headless Chromium, fetches nothing, and shows its charts
and failing cases (a report from the scripted target: no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.html_report import write_html
from evals.screenshot import CHROMIUM, render_report
from tests.unit.evals.test_suite import CASES, run, write_jsonl

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium"),
]


def test_report_renders_self_contained_in_chromium(tmp_path):
    from evals.dataset import load_dataset

    dataset = load_dataset(write_jsonl(tmp_path / "gold.jsonl", CASES))
    _, report = run(dataset)
    html = tmp_path / "report" / "index.html"
    write_html(report, html)
    png = tmp_path / "report.png"

    rendered = render_report(html, png)

    assert rendered.blocked == [] and rendered.errors == []
    assert rendered.title == "Evaluation report"
    assert "Clinic assistant: evaluation report" in rendered.headings
    assert "Failing cases (3)" in rendered.headings
    assert rendered.failing_rows == 3
    assert rendered.charts == 2  # metric bars and latency histogram
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
