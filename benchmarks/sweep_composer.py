"""The composer's constants swept over the seen gold sets, in one process.

    python benchmarks/sweep_composer.py RELATIVE_FLOOR=0.15 RELATIVE_FLOOR=0.2 \
        VECTOR_SHARE=0.8,RANK_PENALTY=0.02

Each argument is one setting: comma-separated NAME=VALUE of a constant of
`assistant.compose.select` (or `assistant.compose.extractive`). For each it asks every case of
the seen gold sets (`evals.paths.SEEN_GOLD`: the sets read to tune the engine, never the
held-out ones) through the engine on the shipped index and prints the failing cases, the
required-fact recall, right source and citation precision (means over the sets) and the
sentences per reply. Shipped values first gives the baseline of the same run. Asserts nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import assistant.compose.extractive as extractive  # noqa: E402 - after the path is set
import assistant.compose.select as select  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from evals.dataset import load_dataset  # noqa: E402
from evals.paths import SEEN_GOLD  # noqa: E402
from evals.runner import run_cases  # noqa: E402
from evals.scoring import score  # noqa: E402
from evals.targets import EngineTarget  # noqa: E402


def _set(spec: str) -> dict[tuple[object, str], object]:
    """Apply one setting; returns the old values."""
    old: dict[tuple[object, str], object] = {}
    for pair in spec.split(","):
        name, value = pair.split("=")
        module = select if hasattr(select, name) else extractive
        if not hasattr(module, name):
            raise SystemExit(f"no constant {name} in compose.select or compose.extractive")
        current = getattr(module, name)
        old[(module, name)] = current
        setattr(module, name, type(current)(value))
    return old


def main(specs: list[str]) -> None:
    sets = [load_dataset(path) for path in SEEN_GOLD]
    target = EngineTarget(Settings())
    print(f"{sum(map(len, sets))} cases in {len(sets)} seen gold sets")
    for spec in specs:
        old = _set(spec)
        fails, facts, sources, precision, lengths = 0, [], [], [], []
        for cases in sets:
            results = run_cases(target, cases, article_text=target.article_text, embedder=None)
            fails += sum(1 for result in results if result.failures)
            scores = score(results)
            facts.append(scores["fact_recall"])
            sources.append(scores["citation_recall"])
            precision.append(scores["citation_precision"])
            lengths += [
                sum(c.quote.count(". ") + 1 for c in result.reply.citations)
                for result in results
                if result.reply is not None and result.reply.kind == "answer"
            ]
        print(
            f"{spec:45} failing {fails:4}  facts {100 * sum(facts) / len(facts):.2f}  "
            f"source {100 * sum(sources) / len(sources):.2f}  "
            f"precision {100 * sum(precision) / len(precision):.2f}  "
            f"sentences {sum(lengths) / len(lengths):.2f}",
            flush=True,
        )
        for (module, name), value in old.items():
            setattr(module, name, value)


if __name__ == "__main__":
    main(sys.argv[1:] or ["RELATIVE_FLOOR=0.2"])
