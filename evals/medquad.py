"""MedQuAD retrieval benchmark: does a question find its own answer document?

Each MedQuAD question-answer pair becomes one document (`id` = the pair's id, text = its
answer, title = its focus); each question is searched and ranked documents are scored with
hit@k, MRR and nDCG@10 against the one relevant document. Run on a fixed sample (a seeded
random choice of pairs, indexed on their own) and on the full set (an index of all answers,
built once by `assistant ingest` into `.bench/medquad-onnx-int8`).

MedQuAD: Asma Ben Abacha and Dina Demner-Fushman, "A Question-Entailment Approach to Question
Answering", BMC Bioinformatics 20:511 (2019), licensed CC BY 4.0.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import UserError
from assistant.types import SearchHit
from evals import metrics
from evals.paths import MEDQUAD

SAMPLE_SIZE = 500
SAMPLE_SEED = 20190511  # fixed: the sample must be the same in every run
ATTRIBUTION = (
    'MedQuAD: Asma Ben Abacha and Dina Demner-Fushman, "A Question-Entailment Approach to '
    'Question Answering", BMC Bioinformatics 20:511 (2019), CC BY 4.0.'
)

Search = Callable[[str, int], list[SearchHit] | None]


@dataclass(frozen=True)
class QAPair:
    """One MedQuAD pair: the question and the id of its own answer document."""

    id: str
    question: str
    answer: str
    focus: str
    url: str


def load_pairs(path: Path = MEDQUAD) -> list[QAPair]:
    """Every pair of the gzipped JSONL file, in file order."""
    if not path.exists():
        raise UserError(
            f"MedQuAD not found at {path}; place medquad.jsonl.gz there or pass --medquad-file"
        )
    pairs = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            pairs.append(
                QAPair(
                    id=record["id"],
                    question=record["question"],
                    answer=record["answer"],
                    focus=record.get("focus", ""),
                    url=record.get("url", ""),
                )
            )
    return pairs


# A subject with a plain name ("Glaucoma", "Kidney Stones"), not "Absence of tibia".
_PLAIN_NAME = re.compile(
    r"(?!.*\b(?:of|and|or|with|for|in|to|type|the)\b)[A-Za-z][A-Za-z' -]*", re.IGNORECASE
)


def plainly_named(pairs: Sequence[QAPair], max_words: int = 3) -> list[QAPair]:
    """The pairs whose focus is a plain name of at most `max_words` words, in input order."""
    return [
        pair
        for pair in pairs
        if _PLAIN_NAME.fullmatch(pair.focus or "") and len(pair.focus.split()) <= max_words
    ]


def fixed_sample(
    pairs: Sequence[QAPair], size: int = SAMPLE_SIZE, seed: int = SAMPLE_SEED
) -> list[QAPair]:
    """A seeded random sample, returned in id order (the same pairs in every run)."""
    chosen = random.Random(seed).sample(list(pairs), min(size, len(pairs)))
    return sorted(chosen, key=lambda pair: pair.id)


def write_articles(pairs: Sequence[QAPair], path: Path) -> Path:
    """The answers as an ingestable JSONL file (`id`, `title`, `text`, `url`, `license`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for pair in pairs:
            record = {
                "id": pair.id,
                "title": pair.focus or pair.id,
                "text": pair.answer,
                "url": pair.url,
                "license": "CC BY 4.0 (MedQuAD)",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def retrieval_scores(
    search: Search, pairs: Sequence[QAPair], *, k: int = 10, label: str = ""
) -> dict[str, float]:
    """hit@1/3/10, MRR@k and nDCG@10 of each question against its own answer document."""
    totals = {"hit@1": 0.0, "hit@3": 0.0, "hit@10": 0.0, "mrr": 0.0, "ndcg@10": 0.0}
    for number, pair in enumerate(pairs, start=1):
        hits = search(pair.question, k)
        if hits is None:
            raise UserError("this target cannot search; the MedQuAD benchmark needs the engine")
        ranking = metrics.dedupe_ranking(hit.chunk.source_id for hit in hits)
        relevant = {pair.id}
        totals["hit@1"] += metrics.hit_at_k(ranking, relevant, 1)
        totals["hit@3"] += metrics.hit_at_k(ranking, relevant, 3)
        totals["hit@10"] += metrics.hit_at_k(ranking, relevant, 10)
        totals["mrr"] += metrics.reciprocal_rank(ranking, relevant)
        totals["ndcg@10"] += metrics.ndcg_at_k(ranking, relevant, 10)
        if label and number % 500 == 0:
            print(f"  {label}: {number}/{len(pairs)} questions", file=sys.stderr, flush=True)
    return {name: value / len(pairs) for name, value in totals.items()} if pairs else totals


def bench_result(
    name: str, pairs: Sequence[QAPair], scores: dict[str, float], **extra: Any
) -> dict[str, Any]:
    """One benchmark row as the report shows it."""
    return {"name": name, "questions": len(pairs), "scores": scores, **extra}
