"""`assistant eval`: score the assistant on a gold dataset next to a baseline; gate on thresholds.

Exit status 0 when every threshold in the thresholds file passes, 1 when one fails, 2 for
a bad dataset, missing index or unreachable server.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `eval` command."""
    from evals.paths import GOLD, MEDQUAD_INDEX, THRESHOLDS

    parser = subparsers.add_parser(
        "eval",
        help="run the evaluation suite and write reports/eval/index.html",
        description=(
            "Ask every question of a gold dataset, score the replies (citations, facts, "
            "groundedness, refusals, urgent triage, disclaimer, junk, latency) next to a "
            "textbook LangChain RAG baseline, and exit 1 when a threshold fails."
        ),
    )
    parser.add_argument(
        "--dataset", type=Path, default=GOLD, help="JSONL gold file (default: the shipped set)"
    )
    parser.add_argument("--split", choices=("all", "dev", "heldout"), default="all")
    parser.add_argument(
        "--url", help="evaluate a running server through its HTTP API, e.g. http://127.0.0.1:7860"
    )
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the LangChain baseline (faster)"
    )
    parser.add_argument(
        "--medquad",
        choices=("off", "sample", "full"),
        default="off",
        help="also run the MedQuAD retrieval benchmark (full also runs the sample)",
    )
    parser.add_argument("--medquad-file", type=Path, help="medquad.jsonl.gz to use")
    parser.add_argument("--medquad-index", type=Path, default=MEDQUAD_INDEX)
    parser.add_argument(
        "--medquad-limit", type=int, help="ask only the first N questions on the full set"
    )
    parser.add_argument("--thresholds", type=Path, default=THRESHOLDS)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("reports/eval"),
        help="folder for index.html and results.json",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the suite with the command line's options."""
    from evals.main import EvalOptions, run_eval

    if args.medquad_limit is not None and args.medquad_limit < 1:
        raise UserError("--medquad-limit must be a positive number of questions")
    options = EvalOptions(
        dataset=args.dataset,
        split=args.split,
        url=args.url,
        baseline=not args.no_baseline,
        medquad=args.medquad,
        medquad_file=args.medquad_file,
        medquad_index=args.medquad_index,
        medquad_limit=args.medquad_limit,
        thresholds=args.thresholds,
        out=args.out,
        quiet=args.quiet,
    )
    status, _ = run_eval(options)
    return status
