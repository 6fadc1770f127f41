"""How often the gate's asked-term rule refuses questions about a corpus's own subjects.

    python benchmarks/bench_asked_term.py [--index DIR] [--subjects 150]

On the full MedQuAD index that `make bench-ingest` builds (`.bench/medquad-onnx-int8`), asks
"what is X? / what causes X? / how do I treat X? / how long does X last? / what are the
symptoms of X? / what are the risks of X?" about MedQuAD
subjects with plain names of up to three words (X is every answer's own subject, so the
articles do discuss it) and counts how many the rule (`gate.asked_thing`,
`gate.covers_asked_term`) would refuse, whatever the score. Prints the counts and every
refused question; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from evals.medquad import load_pairs, plainly_named  # noqa: E402 - after the path is set
from evals.paths import MEDQUAD  # noqa: E402

TEMPLATES = (
    "what is {}?",
    "what causes {}?",
    "how do I treat {}?",
    "how long does {} last?",
    "what are the symptoms of {}?",
    "what are the risks of {}?",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=REPO / ".bench" / "medquad-onnx-int8")
    parser.add_argument("--subjects", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not args.index.exists():
        sys.exit(f"no index at {args.index.name}: run `make bench-ingest` first")

    from assistant.factory import build_assistant
    from assistant.gate import covers_asked_term
    from assistant.settings import Settings

    subjects = sorted({pair.focus for pair in plainly_named(load_pairs(MEDQUAD))})
    random.Random(args.seed).shuffle(subjects)
    assistant = build_assistant(Settings(index_dir=args.index, chroma_url=None))
    asked_about = covered = 0
    refused: list[str] = []
    try:
        for subject in subjects[: args.subjects]:
            for template in TEMPLATES:
                question = template.format(subject.lower())
                asked = assistant.asked(question)
                if asked is None:
                    continue
                asked_about += 1
                retrieval = assistant.retriever.retrieve(assistant.search_query(question))
                if covers_asked_term(retrieval, asked):
                    covered += 1
                else:
                    refused.append(question)
    finally:
        assistant.close()
    print(f"{len(subjects[: args.subjects])} subjects x {len(TEMPLATES)} questions")
    print(f"read as asking about one thing: {asked_about}; covered: {covered}")
    print(f"refused by the rule: {len(refused)} ({len(refused) / max(asked_about, 1):.1%})")
    for question in refused:
        print(f"  {question}")


if __name__ == "__main__":
    main()
