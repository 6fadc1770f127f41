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
# A second held-out split, written blind (issue 12): reported apart, never tuned on.
GOLD_HELDOUT2 = DATASETS / "gold_heldout2.jsonl"
# A third, written blind later (100 cases): measured blind, seen since session 7.
GOLD_HELDOUT3 = DATASETS / "gold_heldout3.jsonl"
# A fourth, by a third blind author (100 cases, 30 out of scope): seen since session 7.
GOLD_HELDOUT4 = DATASETS / "gold_heldout4.jsonl"
# A fifth, by a fourth blind author (100 cases): measured once blind, then tuned on (seen).
GOLD_HELDOUT5 = DATASETS / "gold_heldout5.jsonl"
# The sixth to eighth, by three more blind authors (100 cases each): seen since session 7.
GOLD_HELDOUT6 = DATASETS / "gold_heldout6.jsonl"
GOLD_HELDOUT7 = DATASETS / "gold_heldout7.jsonl"
GOLD_HELDOUT8 = DATASETS / "gold_heldout8.jsonl"
# The ninth and tenth, by two more blind authors in session 6: seen since session 7.
GOLD_HELDOUT9 = DATASETS / "gold_heldout9.jsonl"
GOLD_HELDOUT10 = DATASETS / "gold_heldout10.jsonl"
# The 11th and 12th, written in session 6 while the engine changed, measured only before and after.
GOLD_HELDOUT11 = DATASETS / "gold_heldout11.jsonl"
GOLD_HELDOUT12 = DATASETS / "gold_heldout12.jsonl"
# The 13th and 14th, written at the end of session 6: measured once before and once after.
GOLD_HELDOUT13 = DATASETS / "gold_heldout13.jsonl"
GOLD_HELDOUT14 = DATASETS / "gold_heldout14.jsonl"
# The 15th to 17th, written at the start of session 7: measured once before any change.
GOLD_HELDOUT15 = DATASETS / "gold_heldout15.jsonl"
GOLD_HELDOUT16 = DATASETS / "gold_heldout16.jsonl"
GOLD_HELDOUT17 = DATASETS / "gold_heldout17.jsonl"
# The 18th to 20th, written in the middle of session 7: measured only with its start and end.
GOLD_HELDOUT18 = DATASETS / "gold_heldout18.jsonl"
GOLD_HELDOUT19 = DATASETS / "gold_heldout19.jsonl"
GOLD_HELDOUT20 = DATASETS / "gold_heldout20.jsonl"
# Every held-out gold file written apart from the shipped gold set, oldest first.
GOLD_HELDOUTS = (
    GOLD_HELDOUT2,
    GOLD_HELDOUT3,
    GOLD_HELDOUT4,
    GOLD_HELDOUT5,
    GOLD_HELDOUT6,
    GOLD_HELDOUT7,
    GOLD_HELDOUT8,
    GOLD_HELDOUT9,
    GOLD_HELDOUT10,
    GOLD_HELDOUT11,
    GOLD_HELDOUT12,
    GOLD_HELDOUT13,
    GOLD_HELDOUT14,
    GOLD_HELDOUT15,
    GOLD_HELDOUT16,
    GOLD_HELDOUT17,
    GOLD_HELDOUT18,
    GOLD_HELDOUT19,
    GOLD_HELDOUT20,
)
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
