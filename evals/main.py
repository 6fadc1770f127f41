"""`assistant eval`, wired by hand: dataset -> targets -> suite -> console, JSON and HTML.

Exit status: 0 when every threshold passes, 1 when one fails; expected failures (bad dataset,
no index, server unreachable) raise `UserError` (exit 2) before anything is written.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import UserError
from assistant.settings import Settings, load_settings
from evals.dataset import load_dataset, select_split
from evals.paths import GOLD, MEDQUAD, MEDQUAD_INDEX, THRESHOLDS
from evals.scoring import load_thresholds
from evals.suite import SuiteReport, run_suite


@dataclass(frozen=True)
class EvalOptions:
    """What the command line asked for."""

    dataset: Path = GOLD
    split: str = "all"
    url: str | None = None
    baseline: bool = True
    medquad: str = "off"  # off | sample | full (full also runs the sample)
    medquad_file: Path | None = None
    medquad_index: Path = MEDQUAD_INDEX
    medquad_limit: int | None = None
    thresholds: Path = THRESHOLDS
    out: Path = Path("reports/eval")
    quiet: bool = False


def run_eval(options: EvalOptions, settings: Settings | None = None) -> tuple[int, SuiteReport]:
    """Run the suite, print the table, write `results.json` and `index.html`; return the status."""
    from evals.html_report import write_html
    from evals.report import console_table, markdown_table, write_json

    cases = select_split(load_dataset(options.dataset), options.split)
    if not cases:
        raise UserError(f"no {options.split} cases in {options.dataset}; use --split all")
    thresholds = load_thresholds(options.thresholds)
    settings = settings or load_settings()
    embedder = _embedder(settings)
    target, article_text = _our_target(options, settings)
    baseline = _baseline(settings) if options.baseline else None
    try:
        report = run_suite(
            str(options.dataset),
            cases,
            target,
            thresholds=thresholds,
            article_text=article_text,
            embedder=embedder,
            baseline=baseline,
            quiet=options.quiet,
        )
        if options.medquad != "off":
            report.medquad = _medquad(options, settings, embedder)
    finally:
        for closable in (target, baseline):
            close = getattr(closable, "close", None)
            if close:
                close()
    print(console_table(report))
    write_json(report, options.out / "results.json")
    write_html(report, options.out / "index.html")
    summary = options.out / "summary.md.partial"
    summary.write_text(markdown_table(report), encoding="utf-8")
    summary.replace(options.out / "summary.md")
    print(f"report: {options.out / 'index.html'} (data: {options.out / 'results.json'})")
    return (0 if report.passed else 1), report


def _embedder(settings: Settings) -> Any:
    from assistant.embedding import build_embedder

    return build_embedder(settings)


def _our_target(options: EvalOptions, settings: Settings) -> tuple[Any, Any]:
    from evals.targets import EngineTarget, HttpTarget

    if options.url:
        target = HttpTarget(options.url)  # checks the URL before opening anything
        try:
            local = EngineTarget(settings)
        except UserError as error:
            # Without a local copy of the index, quotes cannot be checked; say so, go on.
            print(f"note: quotes not checked ({error})", file=sys.stderr)
            return target, None
        return target, local.article_text
    engine = EngineTarget(settings)
    return engine, engine.article_text


def _baseline(settings: Settings) -> Any:
    from evals.baseline import LangChainBaseline, read_raw_corpus

    articles = read_raw_corpus(settings.corpus_dir)
    if not articles:
        raise UserError(f"no .txt or .md articles in {settings.corpus_dir} for the baseline")
    return LangChainBaseline(articles)


def _medquad(options: EvalOptions, settings: Settings, embedder: Any) -> list[dict[str, Any]]:
    from evals import medquad
    from evals.baseline import LangChainBaseline, RawArticle
    from evals.targets import EngineTarget
    from ingest.pipeline import ingest_paths

    pairs = medquad.load_pairs(options.medquad_file or MEDQUAD)
    sample = medquad.fixed_sample(pairs)
    results = []
    with tempfile.TemporaryDirectory(prefix="eval-medquad-") as folder:
        root = Path(folder)
        articles = medquad.write_articles(sample, root / "corpus" / "medquad-sample.jsonl")
        sample_settings = settings.model_copy(
            update={"corpus_dir": root / "corpus", "index_dir": root / "index", "chroma_url": None}
        )
        ingest_paths(sample_settings, [articles], embedder=embedder)
        ours = EngineTarget(sample_settings)
        scores = medquad.retrieval_scores(ours.search, sample, label="MedQuAD sample")
        results.append(medquad.bench_result(f"sample of {len(sample)}, ours", sample, scores))
        if options.baseline:
            baseline = LangChainBaseline(
                [RawArticle(pair.id, pair.focus, pair.answer) for pair in sample],
                workdir=root / "baseline",
            )
            scores = medquad.retrieval_scores(baseline.search, sample, label="MedQuAD baseline")
            results.append(
                medquad.bench_result(f"sample of {len(sample)}, baseline", sample, scores)
            )
    if options.medquad == "full":
        if not options.medquad_index.exists():
            raise UserError(
                f"no MedQuAD index at {options.medquad_index}; build it with "
                f"`ASSISTANT_INDEX_DIR={options.medquad_index} assistant ingest "
                f"<medquad.jsonl.gz>` "
                f"or run --medquad sample"
            )
        full_settings = settings.model_copy(
            update={"index_dir": options.medquad_index, "chroma_url": None}
        )
        questions = pairs[: options.medquad_limit] if options.medquad_limit else pairs
        ours = EngineTarget(full_settings)
        if ours.documents() < len(pairs):
            # Still being built (or built from another file): a partial index would flatter
            # nothing and mislead; say so and keep the sample's result.
            print(
                f"note: {options.medquad_index} holds {ours.documents()} of {len(pairs)} "
                f"MedQuAD documents; full-set benchmark skipped",
                file=sys.stderr,
            )
            return results
        scores = medquad.retrieval_scores(ours.search, questions, label="MedQuAD full")
        results.append(
            medquad.bench_result(f"full set ({len(pairs)} documents), ours", questions, scores)
        )
    return results
