"""`assistant calibrate [--questions FILE]`: choose the relevance threshold for this corpus."""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `calibrate` command."""
    from evals.paths import GATE_CALIBRATION

    parser = subparsers.add_parser(
        "calibrate",
        help="choose ASSISTANT_RELEVANCE_THRESHOLD from labelled questions",
        description=(
            "Score JSONL lines {'question': ..., 'in_scope': true|false} about the corpus with "
            "the relevance gate and print the threshold that refuses at least 90% of the "
            "out-of-scope questions while answering as many in-scope ones as possible."
        ),
    )
    parser.add_argument(
        "--questions",
        type=Path,
        nargs="+",
        default=list(GATE_CALIBRATION),
        help="labelled question files (default: the sets shipped for the seed articles)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Calibrate on the index in the current settings."""
    from assistant import build_assistant, load_settings
    from evals.calibration import load_questions, run_calibration

    try:
        questions = [row for path in args.questions for row in load_questions(path)]
    except (OSError, ValueError) as error:
        raise UserError(f"cannot read the calibration questions: {error}") from error
    assistant = build_assistant(load_settings())
    try:
        run_calibration(questions, assistant)
    except ValueError as error:
        raise UserError(str(error)) from error
    finally:
        assistant.close()
    return 0
