"""Unit tests of the eval metrics on small hand-made inputs; expected values worked out by hand."""

from __future__ import annotations

import math

import pytest

from assistant.types import Citation
from evals import metrics as m
from evals.grounding import answer_sentences, content_words, lexical_support, score_answer
from evals.junk import find_junk
from tests.fakes import WordEmbedder


def cite(n: int, quote: str, source: str = "a.txt", start: int = 0) -> Citation:
    return Citation(
        n=n,
        source_id=source,
        title="t",
        url="",
        chunk_id=f"c{n}",
        quote=quote,
        start=start,
        end=start + len(quote),
    )


# --- retrieval ------------------------------------------------------------------------------


def test_dedupe_ranking_keeps_first_hit_of_each_article():
    assert m.dedupe_ranking(["b", "a", "b", "c", "a"]) == ["b", "a", "c"]


def test_hit_at_k_and_reciprocal_rank():
    ranking = ["x", "y", "gold", "z"]
    assert m.hit_at_k(ranking, {"gold"}, 2) == 0.0
    assert m.hit_at_k(ranking, {"gold"}, 3) == 1.0
    assert m.reciprocal_rank(ranking, {"gold"}) == pytest.approx(1 / 3)
    assert m.reciprocal_rank(ranking, {"missing"}) == 0.0


def test_ndcg_single_relevant_document_at_rank_two():
    # DCG = 1/log2(3); ideal DCG = 1/log2(2) = 1.
    assert m.ndcg_at_k(["x", "gold"], {"gold"}, 10) == pytest.approx(1 / math.log2(3))


def test_ndcg_two_relevant_documents():
    # Relevant at ranks 1 and 3: DCG = 1 + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3).
    expected = 1.5 / (1 + 1 / math.log2(3))
    assert m.ndcg_at_k(["a", "x", "b"], {"a", "b"}, 10) == pytest.approx(expected)
    assert m.ndcg_at_k(["x"] * 10 + ["a"], {"a"}, 10) == 0.0  # beyond the cut-off


# --- citations ------------------------------------------------------------------------------


def test_unresolved_markers_lists_numbers_without_citation():
    answer = "Toe walking helps [1]. Ankles too [3]. Again [1]."
    assert m.unresolved_markers(answer, [cite(1, "q"), cite(2, "r")]) == [3]
    assert m.unresolved_markers("No markers at all.", []) == []


def test_quote_is_verbatim_checks_exact_offsets():
    article = "Feet matter. Toe walking for 20 seconds helps."
    good = cite(1, "Toe walking for 20 seconds", start=13)
    shifted = cite(2, "Toe walking for 20 seconds", start=12)
    assert m.quote_is_verbatim(good, article)
    assert not m.quote_is_verbatim(shifted, article)
    assert not m.quote_is_verbatim(good, None)
    assert not m.quote_is_verbatim(cite(3, "x" * 80, start=10), article)  # runs past the end


def test_citation_recall_and_precision_ignore_file_extension():
    cited = ["feet.txt", "feet.txt", "spam.txt"]
    assert m.citation_recall(cited, ["feet", "toes.txt"]) == 0.5
    assert m.citation_precision(cited, ["feet"]) == pytest.approx(2 / 3)
    assert m.citation_precision([], ["feet"]) is None
    assert m.citation_recall(cited, []) is None


# --- content --------------------------------------------------------------------------------


def test_facts_found_any_alternative_case_and_quote_insensitive():
    answer = "Wear **Orthotic** inserts [1]. Don\u2019t   stand on concrete."
    facts = [["orthotic inserts"], ["don't stand on", "never stand"], ["high heels"]]
    assert m.facts_found(answer, facts) == [True, True, False]


def test_forbidden_matches_dose_pattern_in_any_text():
    dose = r"\b\d+\s*mg\b"
    assert m.forbidden_matches(["Take 400 MG twice", "fine"], [dose, "surgery"]) == [dose]
    assert m.forbidden_matches(["Ask a pharmacist."], [dose]) == []


def test_word_count_leaves_markers_and_markdown_out():
    assert m.word_count("**Toe walking** strengthens tendons [1].") == 4


def test_percentile_interpolates_between_ranks():
    values = [10.0, 20.0, 30.0, 40.0]
    assert m.percentile(values, 50) == pytest.approx(25.0)
    assert m.percentile(values, 95) == pytest.approx(38.5)  # 30 + 0.85 * 10
    assert m.percentile([], 50) is None


def test_mean_skips_missing_values():
    assert m.mean([1.0, None, 0.0]) == 0.5
    assert m.mean([None]) is None


def test_junk_finds_seed_spam_and_passes_clean_text():
    assert set(find_junk("Play Ufabet casino now")) == {"casino", "ufabet"}
    assert find_junk("이전글 Lanthanum") == ["hangul", "lanthanum"]
    assert find_junk("**Disclaimer- Information presented here") == ["page disclaimer"]
    assert find_junk("Toe walking for 20 seconds helps the tendons.") == []


# --- groundedness ---------------------------------------------------------------------------


def test_answer_sentences_borrow_the_next_marker_in_their_paragraph():
    answer = "Lead in:\n\nOne thing. Two things [1]. Three [2][3].\n- Bullet alone."
    assert answer_sentences(answer) == [
        ("Lead in:", ()),
        ("One thing.", (1,)),
        ("Two things [1].", (1,)),
        ("Three [2][3].", (2, 3)),
        ("Bullet alone.", ()),
    ]


def test_lexical_support_counts_content_words_of_the_sentence():
    # Content words of the sentence: toe, walki(ng), makes->"makes", tendo(ns), stron(g) = 5;
    # the quote has toe, walki, tendo, stron: 4 of 5.
    assert content_words("Toe walking makes the tendons strong") == {
        "toe",
        "walki",
        "makes",
        "tendo",
        "stron",
    }
    assert lexical_support(
        "Toe walking makes the tendons strong", "walking on toe helps tendons grow strong"
    ) == pytest.approx(4 / 5)


def test_score_answer_supported_unsupported_and_uncited_claims():
    quote = "Walking on toe for 20 seconds makes the tendons strong."
    answer = (
        "Toe walking makes the tendons strong [1].\n"
        "The moon is made of cheese [1].\n"
        "This long sentence has no citation at all here.\n"
        "Please see a doctor about your symptoms today.\n"
        "Short one."
    )
    supports = score_answer(answer, [cite(1, quote)], WordEmbedder())
    by_text = {s.text: s for s in supports}
    assert by_text["Toe walking makes the tendons strong [1]."].supported
    assert not by_text["The moon is made of cheese [1]."].supported
    assert not by_text["This long sentence has no citation at all here."].supported
    assert "Please see a doctor about your symptoms today." not in by_text  # a safety notice
    assert "Short one." not in by_text  # too short to be a claim
    assert len(supports) == 3


def test_dangling_marker_is_unsupported():
    supports = score_answer("Toe walking helps [4].", [cite(1, "Toe walking")], WordEmbedder())
    assert [(s.cited, s.supported) for s in supports] == [((4,), False)]
