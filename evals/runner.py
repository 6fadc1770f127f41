"""Run gold cases against a target and check each reply: one `CaseResult` per case.

A case that the target refuses with `InvalidQuestion` or an HTTP error is recorded as failed
and the run goes on; any other `UserError` (server unreachable, no index) stops the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.errors import InvalidQuestion, UserError
from assistant.types import Answer
from evals import metrics
from evals.dataset import GoldCase
from evals.grounding import SentenceSupport, TextEmbedder, groundedness, score_answer
from evals.junk import find_junk
from evals.targets import ArticleText, Target

SEARCH_K = 10


@dataclass
class CaseResult:
    """One case's reply and every check made on it; `failures` says why it failed, if it did."""

    case: GoldCase
    reply: Answer | None = None
    error: str = ""
    latency_ms: float = 0.0
    ranking: list[str] | None = None  # source_ids by first hit, for single-turn cited cases
    kind_ok: bool = False
    unresolved: list[int] = field(default_factory=list)
    quotes_checked: int = 0
    quotes_verbatim: int = 0
    citation_recall: float | None = None
    citation_precision: float | None = None
    facts: list[bool] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    junk: list[str] = field(default_factory=list)
    disclaimer_ok: bool = False
    supports: list[SentenceSupport] = field(default_factory=list)
    words: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.reply.kind if self.reply else "error"

    @property
    def groundedness(self) -> float | None:
        return groundedness(self.supports)


def run_cases(
    target: Target,
    cases: Sequence[GoldCase],
    *,
    article_text: ArticleText | None,
    embedder: TextEmbedder | None,
    progress: Callable[[int, int], None] | None = None,
) -> list[CaseResult]:
    """Ask every case and check the replies (quotes need `article_text`, grounding `embedder`)."""
    results = []
    for number, case in enumerate(cases, start=1):
        results.append(run_case(target, case, article_text=article_text, embedder=embedder))
        if progress:
            progress(number, len(cases))
    return results


def run_case(
    target: Target,
    case: GoldCase,
    *,
    article_text: ArticleText | None,
    embedder: TextEmbedder | None,
) -> CaseResult:
    """Ask one case (timed from the caller's side) and check the reply."""
    result = CaseResult(case=case)
    began = time.perf_counter()
    try:
        result.reply = target.ask(case.question, case.history)
    except InvalidQuestion as error:
        result.error = f"refused as invalid: {error}"
    except UserError:
        raise
    except Exception as error:  # a broken reply is a failed case, not a crashed suite
        result.error = f"{type(error).__name__}: {error}"
    result.latency_ms = (time.perf_counter() - began) * 1000
    own_timing = getattr(target, "last_call_ms", None)  # HTTP: the request, not rate-limit waits
    if own_timing is not None:
        result.latency_ms = own_timing
    if case.sources and not case.history:
        hits = target.search(case.question, SEARCH_K)
        if hits is not None:
            result.ranking = metrics.dedupe_ranking(hit.chunk.source_id for hit in hits)
    if result.reply is None:
        result.failures.append(result.error)
        return result
    check_reply(result, target.expected_disclaimer, article_text, embedder)
    return result


def check_reply(
    result: CaseResult,
    expected_disclaimer: str | None,
    article_text: ArticleText | None,
    embedder: TextEmbedder | None,
) -> None:
    """Fill in the checks of `result` from its reply and note every failure."""
    case, reply = result.case, result.reply
    assert reply is not None
    fail = result.failures.append
    result.kind_ok = reply.kind in case.expected_kind
    if not result.kind_ok:
        fail(f"kind {reply.kind}, expected {' or '.join(case.expected_kind)}")

    result.unresolved = metrics.unresolved_markers(reply.answer, reply.citations)
    if result.unresolved:
        fail(f"markers without a citation: {result.unresolved}")
    if article_text is not None:
        for citation in reply.citations:
            result.quotes_checked += 1
            if metrics.quote_is_verbatim(citation, article_text(citation.source_id)):
                result.quotes_verbatim += 1
            else:
                fail(f"quote [{citation.n}] is not verbatim at {citation.start}:{citation.end}")

    cited = [citation.source_id for citation in reply.citations]
    if case.expects_answer_only:
        result.citation_recall = metrics.citation_recall(cited, case.sources)
        relevant = [*case.sources, *case.also_relevant]
        if relevant:
            result.citation_precision = metrics.citation_precision(cited, relevant)
        if result.citation_recall is not None and result.citation_recall < 1.0:
            fail(f"expected sources not cited: {list(case.sources)}")
    result.facts = metrics.facts_found(reply.answer, case.facts)
    missing = [
        " / ".join(fact) for fact, ok in zip(case.facts, result.facts, strict=True) if not ok
    ]
    if missing:
        fail(f"facts missing: {missing}")

    texts = [reply.answer, *(citation.quote for citation in reply.citations)]
    result.forbidden = metrics.forbidden_matches(texts, case.must_not_contain)
    if result.forbidden:
        fail(f"forbidden content: {result.forbidden}")
    result.junk = sorted({name for text in [*texts, reply.disclaimer] for name in find_junk(text)})
    if result.junk:
        fail(f"junk in reply: {result.junk}")

    present = bool(reply.disclaimer.strip())
    matches = expected_disclaimer is None or reply.disclaimer.strip() == expected_disclaimer.strip()
    result.disclaimer_ok = present and matches
    if not result.disclaimer_ok:
        fail("disclaimer missing" if not present else "disclaimer differs from the configured one")

    if reply.kind == "answer":
        result.words = metrics.word_count(reply.answer)
        if embedder is not None:
            result.supports = score_answer(reply.answer, reply.citations, embedder)
            unsupported = [s.text for s in result.supports if not s.supported]
            if unsupported:
                fail(f"{len(unsupported)} unsupported sentence(s)")
