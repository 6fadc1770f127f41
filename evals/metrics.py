"""Pure scoring functions: retrieval ranks, citations, facts, rates and percentiles.

No model, no I/O: each function takes plain values, so the unit tests check them on hand-made
inputs. Groundedness, which needs the embedding model, lives in `evals.grounding`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

import numpy as np

from assistant.types import Citation

MARKER = re.compile(r"\[(\d+)\]")
_ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


# --- retrieval ------------------------------------------------------------------------------


def dedupe_ranking(source_ids: Iterable[str]) -> list[str]:
    """Documents in the order of their first hit: several chunks of one article count once."""
    seen: dict[str, None] = {}
    for source_id in source_ids:
        seen.setdefault(source_id, None)
    return list(seen)


def hit_at_k(ranking: Sequence[str], relevant: set[str], k: int) -> float:
    """1.0 when any relevant document is among the first `k`, else 0.0."""
    return 1.0 if any(doc in relevant for doc in ranking[:k]) else 0.0


def reciprocal_rank(ranking: Sequence[str], relevant: set[str]) -> float:
    """1 / rank of the first relevant document (1-based), 0.0 when none is ranked."""
    for position, doc in enumerate(ranking, start=1):
        if doc in relevant:
            return 1.0 / position
    return 0.0


def ndcg_at_k(ranking: Sequence[str], relevant: set[str], k: int = 10) -> float:
    """Binary-relevance nDCG@k: DCG of the ranking over DCG of the ideal ranking."""
    if not relevant:
        return 0.0
    dcg = sum(
        1.0 / math.log2(position + 1)
        for position, doc in enumerate(ranking[:k], start=1)
        if doc in relevant
    )
    ideal = sum(1.0 / math.log2(position + 1) for position in range(1, min(len(relevant), k) + 1))
    return dcg / ideal


# --- citations ------------------------------------------------------------------------------


def same_source(cited: str, expected: str) -> bool:
    """Whether a cited `source_id` is the expected one; the file extension may be left off."""
    return _strip_suffix(cited) == _strip_suffix(expected)


def markers(answer: str) -> list[int]:
    """The `[n]` numbers in an answer, in order of appearance (repeats kept)."""
    return [int(number) for number in MARKER.findall(answer)]


def unresolved_markers(answer: str, citations: Sequence[Citation]) -> list[int]:
    """The `[n]` markers with no citation numbered `n` (empty when all resolve)."""
    numbers = {citation.n for citation in citations}
    return sorted({n for n in markers(answer) if n not in numbers})


def quote_is_verbatim(citation: Citation, article_text: str | None) -> bool:
    """Whether the quote is exactly `article_text[start:end]` of the cleaned article."""
    if article_text is None or not 0 <= citation.start <= citation.end <= len(article_text):
        return False
    return article_text[citation.start : citation.end] == citation.quote


def citation_recall(cited: Sequence[str], expected: Sequence[str]) -> float | None:
    """Share of the expected sources that were cited; None when none is expected."""
    if not expected:
        return None
    found = sum(any(same_source(c, e) for c in cited) for e in expected)
    return found / len(expected)


def citation_precision(cited: Sequence[str], relevant: Sequence[str]) -> float | None:
    """Share of citations (one per citation, as in ALCE) pointing at a relevant source.

    None when nothing was cited, so a refusal does not count as perfect precision.
    """
    if not cited:
        return None
    good = sum(any(same_source(c, r) for r in relevant) for c in cited)
    return good / len(cited)


# --- content --------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case, straight quotes, dashes as hyphens, runs of whitespace as one space."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def strip_markup(answer: str) -> str:
    """Answer text without `[n]` markers and Markdown emphasis, for fact matching."""
    text = MARKER.sub(" ", answer)
    return re.sub(r"[*_`#>]+", " ", text)


def facts_found(answer: str, facts: Sequence[Sequence[str]]) -> list[bool]:
    """For each fact, whether any of its alternative phrases occurs in the answer."""
    haystack = normalise(strip_markup(answer))
    return [any(normalise(phrase) in haystack for phrase in fact) for fact in facts]


def forbidden_matches(texts: Iterable[str], patterns: Sequence[str]) -> list[str]:
    """The patterns (case-insensitive regular expressions) that match any of the texts."""
    joined = "\n".join(texts)
    return [pattern for pattern in patterns if re.search(pattern, joined, re.IGNORECASE)]


def word_count(text: str) -> int:
    """Words in the answer, markers and Markdown left out."""
    return len(re.findall(r"\w+(?:['-]\w+)*", strip_markup(text)))


# --- aggregates -----------------------------------------------------------------------------


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear interpolation between ranks; None for no values."""
    if not values:
        return None
    return float(np.percentile(values, q))


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, None for an empty denominator."""
    return numerator / denominator if denominator else None


def _strip_suffix(source_id: str) -> str:
    path = PurePosixPath(source_id)
    return str(path.with_suffix("")) if path.suffix.lower() in _ARTICLE_SUFFIXES else source_id
