"""BM25 over the chunk texts: ranking, unknown words, coverage."""

from __future__ import annotations

from assistant.retrieval.bm25 import Bm25Index


def test_bm25_ranks_the_text_sharing_rare_words_first_and_ignores_unknown_words():
    bm25 = Bm25Index(["dark quiet room for sleep", "wash hands often", "walk to the room"])
    assert bm25.top("a quiet dark room", 3)[0][0] == 0
    assert bm25.top("casino jackpot", 3) == []
    assert not bm25.scores("casino").any()


def test_coverage_counts_the_query_words_the_texts_hold():
    bm25 = Bm25Index(["dark quiet room for sleep", "wash hands often"])
    assert bm25.coverage("quiet hands") == 1.0
    assert bm25.coverage("quiet casino") == 0.5
    assert bm25.coverage("the and of") == 0.0  # stop words only: nothing to cover
