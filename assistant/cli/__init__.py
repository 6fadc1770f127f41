"""The `assistant` console command, and the composition root: one subcommand per module here.

This is the only package that may import `ingest`, `evals` and `assistant.web`; everything
below it is a library that never imports its callers.

Each command module exposes `register(subparsers)`, which adds its parser and sets `func`;
`func(args) -> int` returns the exit status. Expected failures raise `UserError`, which is
printed as one clear message with exit status 2 (no traceback).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from assistant.errors import UserError

COMMAND_MODULES = ("ingest", "search", "info", "ask", "serve", "eval", "calibrate", "model")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="Health-education assistant that answers from the clinic's articles.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"assistant.cli.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"assistant.cli.{name}":
                raise
            continue  # command not built yet
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the index was left as it was before this run.", file=sys.stderr)
        return 130
