"""Where the evaluation data lives: one place for every dataset path the evals and benchmarks use.

Shipped datasets sit in `evals/datasets/`; MedQuAD is read from the shared datasets folder
next to the repository (`../shared/datasets/medquad/`, with its LICENSE.txt beside it); built
benchmark indexes go to `.bench/` in the working directory.
"""

from __future__ import annotations

from pathlib import Path

EVALS = Path(__file__).resolve().parent
REPO = EVALS.parent
DATASETS = EVALS / "datasets"

GOLD = DATASETS / "gold.jsonl"
# Gold files written blind, apart from the shipped gold set, oldest first: heldout2 to
# heldout23, 100 cases each from heldout3 on, each by its own author. heldout2 to heldout14 have
# since been read to tune the engine (seen); heldout15 to heldout23 are only measured. Who
# wrote each and what it measured first: datasets/README.md.
GOLD_HELDOUTS = tuple(DATASETS / f"gold_heldout{n}.jsonl" for n in range(2, 24))

# Questions in five forms the gate's asked-term rule reads (which of two, what kind, which is
# best, symptoms or risks of, how to stretch), written and labelled by a helper who saw only
# the seed articles (session 7): measured before and after the rule, then seen.
ASKED_FORMS = DATASETS / "asked_forms.jsonl"
# 120 more by another helper: do I need X, is it safe to take X, the difference between X and
# Y, "... what does that mean?" (session 7): measured before and after, then seen.
ASKED_FORMS_2 = DATASETS / "asked_forms_2.jsonl"
# Business against health questions, written blind in two batches, then fitted to (seen).
SERVICE_QUESTIONS = DATASETS / "service_questions.jsonl"
# A third batch by another blind author: measured, never fitted to.
SERVICE_QUESTIONS_HELDOUT = DATASETS / "service_questions_heldout.jsonl"
# Development cases of every question type, written by the engine's author (issue 12).
GOLD_DEV_ANSWERS = DATASETS / "gold_dev_answers.jsonl"
# The gold sets read to tune the engine: the shipped set, the dev cases and heldout2-14.
SEEN_GOLD = (GOLD, GOLD_DEV_ANSWERS, *GOLD_HELDOUTS[:13])
THRESHOLDS = EVALS / "thresholds.toml"
# The relevance gate's calibration questions: the first set, and the in- and out-of-scope
# questions of the answer engine's own dev cases (gold_dev_answers.jsonl) in the same format.
GATE_CALIBRATION = (
    DATASETS / "gate_calibration.jsonl",
    DATASETS / "gate_calibration_answers.jsonl",
)
MEDQUAD_LONG_MESSAGES = DATASETS / "medquad_long_messages.jsonl"
# Fresh triage batches, each written blind and measured once before it may join the training
# data (assistant/safety/triage/training/); the newest one not yet trained on gates the evals.
TRIAGE_BATCHES = DATASETS / "triage"
TRIAGE_NEWEST = TRIAGE_BATCHES / "batch_G.jsonl"  # held out; batch_H too (docs/triage.md)

MEDQUAD = REPO.parent / "shared" / "datasets" / "medquad" / "medquad.jsonl.gz"
BENCH = Path(".bench")
# The default backend's full index, as `make bench-ingest` names it (`medquad-<backend>`).
MEDQUAD_INDEX = BENCH / "medquad-onnx-int8"


def shown(path: Path) -> str:
    """A path as reports print it: relative to the repository or the working directory when it
    lies inside one, never a machine's absolute path."""
    for base in (Path.cwd(), REPO, REPO.parent):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return path.name
