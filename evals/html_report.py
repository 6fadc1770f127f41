"""The HTML report: one self-contained file (inline CSS and SVG, no scripts, nothing fetched).

Every piece of text from the dataset or a reply is HTML-escaped: replies may echo markup.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from evals.report import format_value
from evals.runner import CaseResult
from evals.scoring import KINDS, METRICS
from evals.suite import SuiteReport

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#1d2430;
padding:0 16px}h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #d8dde6;
padding-bottom:4px}table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid #d8dde6;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f2f4f8}.num{text-align:right;white-space:nowrap}
.ok{color:#16794a;font-weight:600}.fail{color:#b42318;font-weight:600}.na{color:#6b7280}
.badge{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600}
.pass{background:#16794a}.failed{background:#b42318}.legend span{margin-right:16px}
.sw{display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:4px}
pre{white-space:pre-wrap;word-break:break-word;margin:0;font:12px/1.4 ui-monospace,monospace}
.quote{color:#374151;font-size:12px}details summary{cursor:pointer}
"""
_OURS, _BASE, _LINE = "#2563eb", "#9ca3af", "#b42318"
_KIND_COLOURS = {"answer": "#2563eb", "out_of_scope": "#d97706", "urgent": "#b42318"}


def render_html(report: SuiteReport) -> str:
    """The report as one HTML page."""
    status = "pass" if report.passed else "failed"
    failing = [result for result in report.ours.results if result.failures]
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>Evaluation report</title><style>{_CSS}</style></head><body>",
        "<h1>Clinic assistant: evaluation report</h1>",
        f"<p>Dataset <code>{escape(report.dataset)}</code>, {len(report.ours.results)} cases. "
        f"Thresholds: <span class='badge {status}'>"
        f"{'passed' if report.passed else 'FAILED'}</span> "
        f"&nbsp;{len(failing)} case(s) with a failed check.</p>",
        "<h2>Metrics against thresholds and the baseline</h2>",
        _legend(report),
        _metric_bars(report),
        "<h2>All scores (held-out reported apart)</h2>",
        _score_table(report),
        "<h2>Latency</h2>",
        _latency_histogram(report.ours.results),
        _latency_table(report),
    ]
    if report.medquad:
        parts += ["<h2>MedQuAD retrieval benchmark</h2>", _medquad_table(report)]
    parts += [
        f"<h2>Failing cases ({len(failing)})</h2>",
        _failures_table(failing),
        "<p class='na'>The baseline is a textbook LangChain RAG template (recursive splitter "
        "1000/200 on the raw files, Chroma, all-MiniLM-L6-v2, top 4, no relevance gate); with no "
        "LLM offline its answer is the stuffed context, the 4 chunks cited [1]..[4].</p>",
        "</body></html>",
    ]
    return "\n".join(parts)


def write_html(report: SuiteReport, path: Path) -> None:
    """Write the report to `path` (folders created), via a temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".html.partial")
    partial.write_text(render_html(report), encoding="utf-8")
    partial.replace(path)


def _legend(report: SuiteReport) -> str:
    items = [
        f"<span><i class='sw' style='background:{_OURS}'></i>ours (safety metrics on all "
        "cases, quality metrics on the dev split; red: below its threshold)</span>"
    ]
    if report.baseline:
        items.append(f"<span><i class='sw' style='background:{_BASE}'></i>baseline</span>")
    items.append(f"<span><i class='sw' style='background:{_LINE}'></i>threshold</span>")
    return f"<p class='legend'>{''.join(items)}</p>"


def _metric_bars(report: SuiteReport) -> str:
    """One row per 0..1 metric: our bar, the baseline's bar, the threshold as a red line.

    A metric with a threshold shows our value on the split its check used (dev for quality,
    all cases for safety), so bar and line compare like with like.
    """
    checked = {check.metric: check.split for check in report.checks}
    ours = {
        info.name: report.ours.scores.get(checked.get(info.name, "all"), {}).get(info.name)
        for info in METRICS
    }
    base = report.baseline.scores["all"] if report.baseline else {}
    thresholds = {check.metric: check.threshold for check in report.checks}
    failed = {check.metric for check in report.checks if check.passed is False}
    rows = [info for info in METRICS if info.percent or info.name in ("mrr", "ndcg_at_10")]
    label_w, bar_w, row_h = 330, 520, 34
    height = row_h * len(rows) + 10
    svg = [
        f"<svg role='img' aria-label='metric bars' width='{label_w + bar_w + 80}' "
        f"height='{height}' xmlns='http://www.w3.org/2000/svg' font-size='12'>"
    ]
    for row, info in enumerate(rows):
        y = row * row_h + 6
        svg.append(f"<text x='0' y='{y + 15}'>{escape(info.label)}</text>")
        svg.append(f"<rect x='{label_w}' y='{y}' width='{bar_w}' height='24' fill='#f2f4f8'/>")
        our_colour = _LINE if info.name in failed else _OURS  # a failed check shows red
        for offset, value, colour in (
            (0, ours.get(info.name), our_colour),
            (13, base.get(info.name), _BASE),
        ):
            if value is not None and (offset == 0 or report.baseline):
                width = max(0.0, min(1.0, value)) * bar_w
                svg.append(
                    f"<rect x='{label_w}' y='{y + offset}' width='{width:.1f}' "
                    f"height='11' fill='{colour}'/>"
                )
        value = ours.get(info.name)
        svg.append(
            f"<text x='{label_w + bar_w + 6}' y='{y + 10}'>"
            f"{escape(format_value(info.name, value))}</text>"
        )
        if report.baseline:
            text = format_value(info.name, base.get(info.name))
            svg.append(
                f"<text x='{label_w + bar_w + 6}' y='{y + 23}' fill='#6b7280'>{escape(text)}</text>"
            )
        if info.name in thresholds:
            x = label_w + max(0.0, min(1.0, thresholds[info.name])) * bar_w
            svg.append(
                f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{y - 2}' y2='{y + 26}' "
                f"stroke='{_LINE}' stroke-width='2'/>"
            )
    svg.append("</svg>")
    return "".join(svg)


def _score_table(report: SuiteReport) -> str:
    checks = {check.metric: check for check in report.checks}
    head = "<tr><th>metric</th><th>ours, all</th><th>dev</th><th>held-out</th>"
    head += "<th>baseline, all</th>" if report.baseline else ""
    head += "<th>threshold</th><th>status</th></tr>"
    rows = [head]
    for info in METRICS:
        cells = [f"<td>{escape(info.label)}</td>"]
        for split in ("all", "dev", "heldout"):
            value = report.ours.scores.get(split, {}).get(info.name)
            cells.append(f"<td class='num'>{format_value(info.name, value)}</td>")
        if report.baseline:
            value = report.baseline.scores["all"].get(info.name)
            cells.append(f"<td class='num'>{format_value(info.name, value)}</td>")
        check = checks.get(info.name)
        if check is None:
            cells.append("<td></td><td></td>")
        else:
            sign = "&ge;" if check.bound == "min" else "&le;"
            css, word = {True: ("ok", "ok"), False: ("fail", "FAIL"), None: ("na", "n/a")}[
                check.passed
            ]
            bound = f"{sign} {format_value(info.name, check.threshold)} on {check.split}"
            cells.append(f"<td class='num'>{bound}</td>")
            cells.append(f"<td class='{css}'>{word}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table>{''.join(rows)}</table>"


def _latency_histogram(results: list[CaseResult]) -> str:
    """Replies per latency bin (ms, measured by the caller), stacked by reply kind."""
    values = [(r.latency_ms, r.kind) for r in results if r.reply is not None]
    if not values:
        return "<p class='na'>no replies</p>"
    top = max(latency for latency, _ in values)
    bins = 20
    width = max(top / bins, 1e-9)
    counts = [dict.fromkeys(KINDS, 0) for _ in range(bins)]
    for latency, kind in values:
        counts[min(int(latency / width), bins - 1)][kind] += 1
    tallest = max(sum(c.values()) for c in counts)
    chart_w, chart_h, left, bottom = 760, 180, 40, 30
    bar = chart_w / bins
    svg = [
        f"<svg role='img' aria-label='latency histogram' width='{chart_w + left + 10}' "
        f"height='{chart_h + bottom + 10}' xmlns='http://www.w3.org/2000/svg' font-size='11'>",
        f"<text x='0' y='12'>{tallest}</text><text x='0' y='{chart_h}'>0</text>",
    ]
    for index, count in enumerate(counts):
        y = float(chart_h)
        for kind in KINDS:
            h = count[kind] / tallest * (chart_h - 10)
            if h:
                y -= h
                svg.append(
                    f"<rect x='{left + index * bar:.1f}' y='{y:.1f}' width='{bar - 2:.1f}' "
                    f"height='{h:.1f}' fill='{_KIND_COLOURS[kind]}'>"
                    f"<title>{kind}: {count[kind]}</title></rect>"
                )
    for index in range(0, bins + 1, 5):
        x = left + index * bar
        anchor = "end" if index == bins else "middle" if index else "start"  # stay inside
        svg.append(
            f"<text x='{x:.1f}' y='{chart_h + 16}' text-anchor='{anchor}'>"
            f"{index * width:.0f}</text>"
        )
    svg.append(f"<text x='{left + chart_w / 2 - 40}' y='{chart_h + 30}'>latency (ms)</text></svg>")
    legend = "".join(
        f"<span><i class='sw' style='background:{colour}'></i>{kind}</span>"
        for kind, colour in _KIND_COLOURS.items()
    )
    return f"<p class='legend'>{legend}</p>{''.join(svg)}"


def _latency_table(report: SuiteReport) -> str:
    rows = ["<tr><th>target</th><th>kind</th><th>replies</th><th>p50 ms</th><th>p95 ms</th></tr>"]
    for run in (report.ours, report.baseline):
        if run is None:
            continue
        for kind, row in run.latency.items():
            if row["n"]:
                rows.append(
                    f"<tr><td>{escape(run.name)}</td><td>{kind}</td>"
                    f"<td class='num'>{row['n']:.0f}</td><td class='num'>{row['p50']:.0f}</td>"
                    f"<td class='num'>{row['p95']:.0f}</td></tr>"
                )
    return f"<table>{''.join(rows)}</table>"


def _medquad_table(report: SuiteReport) -> str:
    names = list(report.medquad[0]["scores"])
    head = "<tr><th>run</th><th>questions</th>" + "".join(f"<th>{escape(n)}</th>" for n in names)
    rows = [head + "</tr>"]
    for bench in report.medquad:
        cells = "".join(f"<td class='num'>{bench['scores'][n]:.3f}</td>" for n in names)
        rows.append(
            f"<tr><td>{escape(bench['name'])}</td>"
            f"<td class='num'>{bench['questions']}</td>{cells}</tr>"
        )
    note = (
        "<p class='na'>MedQuAD: Asma Ben Abacha and Dina Demner-Fushman, \"A Question-Entailment "
        'Approach to Question Answering", BMC Bioinformatics 20:511 (2019), CC BY 4.0.</p>'
    )
    return f"<table>{''.join(rows)}</table>{note}"


def _failures_table(failing: list[CaseResult]) -> str:
    if not failing:
        return "<p class='ok'>Every case passed every check.</p>"
    rows = ["<tr><th>case</th><th>kind</th><th>why it failed</th><th>question and reply</th></tr>"]
    for result in failing:
        case = result.case
        reply = result.reply
        why = "".join(f"<li>{escape(reason)}</li>" for reason in result.failures)
        answer = escape(reply.answer) if reply else escape(result.error)
        citations = ""
        if reply and reply.citations:
            items = "".join(
                f"<li>[{c.n}] <code>{escape(c.source_id)}</code> {c.start}:{c.end} "
                f"<span class='quote'>&ldquo;{escape(c.quote)}&rdquo;</span></li>"
                for c in reply.citations
            )
            citations = (
                f"<details><summary>{len(reply.citations)} citation(s)</summary>"
                f"<ol>{items}</ol></details>"
            )
        rows.append(
            f"<tr><td><b>{escape(case.id)}</b><br>"
            f"{escape(case.split)} &middot; {escape(case.category)}</td>"
            f"<td>{escape(result.kind)}<br><span class='na'>expected "
            f"{escape(' or '.join(case.expected_kind))}</span></td>"
            f"<td><ul>{why}</ul></td>"
            f"<td><b>Q:</b> {escape(case.question)}<pre>{answer}</pre>{citations}</td></tr>"
        )
    return f"<table>{''.join(rows)}</table>"
