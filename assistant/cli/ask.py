"""`assistant ask "QUESTION" [--json]`: one reply from the answer engine, as text or JSON."""

from __future__ import annotations

import argparse
import json

from assistant.types import Answer


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ask", help="ask a question; the reply cites the clinic's articles"
    )
    parser.add_argument("question", help="the question, in quotes")
    parser.add_argument(
        "--json", action="store_true", help="print the reply as the API's JSON shape"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Answer one question. Bad input and a missing index raise UserError (exit status 2)."""
    from assistant import build_assistant, load_settings

    assistant = build_assistant(load_settings())
    try:
        answer = assistant.ask(args.question)
    finally:
        assistant.close()
    print(
        json.dumps(answer.model_dump(), ensure_ascii=False, indent=2)
        if args.json
        else render(answer)
    )
    return 0


def render(answer: Answer) -> str:
    """The reply for a terminal: a heading for urgent replies, the sources, then the disclaimer."""
    parts = []
    if answer.kind == "urgent":
        parts.append("URGENT - please read:")
    parts.append(answer.answer)
    if answer.citations:
        parts.append("Sources:")
        parts.extend(
            f"[{c.n}] {c.title} ({c.source_id}, characters {c.start}-{c.end})"
            + (f" {c.url}" if c.url else "")
            + "\n    "
            + c.quote.replace("\n", "\n    ")
            for c in answer.citations
        )
    parts.append(f"-- {answer.disclaimer}")
    return "\n\n".join(parts)
