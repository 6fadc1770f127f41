"""Retrieval: tokenising, BM25 and fusion on fakes (fast); the real index in test_engine.py."""

from __future__ import annotations

import pytest

from assistant.retrieval.hybrid import HybridRetriever, search_text
from assistant.types import Article
from tests.fakes import MemoryIndex, WordEmbedder

ARTICLES = [
    Article(source_id="a", title="Sleep", text="Good sleep needs a dark, quiet room."),
    Article(source_id="b", title="Hands", text="Washing hands stops germs from spreading."),
    Article(source_id="c", title="Walking", text="Walking daily strengthens the heart muscles."),
]


@pytest.mark.parametrize("method", ["dense", "bm25", "rrf", "weighted"])
def test_every_fusion_finds_the_obvious_document(method):
    embedder = WordEmbedder()
    retriever = HybridRetriever(MemoryIndex(ARTICLES, embedder), embedder, method=method)
    retrieval = retriever.retrieve("how often should I wash my hands", k=2)
    assert retrieval.hits[0].chunk.source_id == "b"
    assert len(retrieval.hits) <= 2
    # The gate's signal stays the raw cosine, whatever the fusion.
    assert retrieval.dense[0].chunk.source_id == "b"
    assert -1.0 <= retrieval.dense[0].score <= 1.0


def test_bm25_lifts_a_document_dense_search_ranks_lower():
    embedder = WordEmbedder()
    index = MemoryIndex(ARTICLES, embedder)
    # Dense sees only "muscles" (hashed); BM25 also weighs the rare "heart".
    weighted = HybridRetriever(index, embedder, method="weighted", bm25_weight=1.0)
    assert weighted.retrieve("heart", k=1).hits[0].chunk.source_id == "c"
    assert weighted.retrieve("heart", k=1).bm25_best > 0


def test_the_chunks_are_read_once_when_the_retriever_is_built_not_per_question():
    class CountingIndex(MemoryIndex):
        scans = 0

        def all_chunks(self):
            self.scans += 1
            return super().all_chunks()

    embedder = WordEmbedder()
    index = CountingIndex(ARTICLES, embedder)
    retriever = HybridRetriever(index, embedder)
    assert retriever.retrieve("sleep", k=1).hits[0].chunk.source_id == "a"
    assert retriever.retrieve("walking", k=1).hits[0].chunk.source_id == "c"
    assert index.scans == 1


def test_an_empty_index_retrieves_nothing():
    embedder = WordEmbedder()
    retriever = HybridRetriever(MemoryIndex([], embedder), embedder)
    assert retriever.retrieve("anything", k=3).hits == []


def test_coverage_is_the_share_of_query_words_found_in_the_corpus():
    embedder = WordEmbedder()
    retriever = HybridRetriever(MemoryIndex(ARTICLES, embedder), embedder)
    assert retriever.retrieve("washing hands", k=1).coverage == 1.0
    assert retriever.retrieve("washing casino", k=1).coverage == 0.5
    assert retriever.retrieve("casino jackpot", k=1).coverage == 0.0


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("<script>alert('x')</script> do high heels hurt?", "do high heels hurt?"),
        ("<img src=x onerror=alert(1)> what shoes are bad", "what shoes are bad"),
        (
            "see [this page](https://spam.example) about toe walking",
            "see this page about toe walking",
        ),
        ("visit www.casino.example now, and how do I stretch?", "visit now, and how do I stretch?"),
        ("is 3 < 5 for pain?", "is 3 < 5 for pain?"),
        ("<b></b>", "<b></b>"),
    ],
)
def test_search_text_drops_markup_and_links(question, searched):
    assert search_text(question) == searched


def test_a_misspelling_is_corrected_before_a_variant_is_looked_for():
    embedder = WordEmbedder()
    articles = [
        Article(
            source_id="p",
            title="Pronation",
            text="Excess weight strains the feet. Feet that roll in have excessive pronation.",
        )
    ]
    retriever = HybridRetriever(MemoryIndex(articles, embedder), embedder)
    # One letter short of "excessive": the speller's word, not "excess", a word of the same root.
    assert retriever.normalise("what is excesive pronnation") == "what is excessive pronation"
    # A variant the corpus lacks still becomes the corpus's form.
    assert retriever.normalise("overpronation") == "excessive pronation"
