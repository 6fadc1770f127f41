"""Retrieval: tokenising, BM25 and fusion on fakes (fast); the real index in test_engine.py."""

from __future__ import annotations

import pytest

from assistant.retrieve import Bm25Index, HybridRetriever, light_stem, search_text, tokenize
from assistant.types import Article
from tests.engine_fakes import MemoryIndex, WordEmbedder

ARTICLES = [
    Article(source_id="a", title="Sleep", text="Good sleep needs a dark, quiet room."),
    Article(source_id="b", title="Hands", text="Washing hands stops germs from spreading."),
    Article(source_id="c", title="Walking", text="Walking daily strengthens the heart muscles."),
]


@pytest.mark.parametrize(
    ("word", "stem"),
    [("exercises", "exercise"), ("walking", "walk"), ("stretched", "stretch"),
     ("injuries", "injury"), ("boxes", "box"), ("stress", "stress"), ("sinus", "sinus"),
     ("stretches", "stretch"), ("tissues", "tissue"), ("classes", "class")],
)  # fmt: skip
def test_light_stem(word, stem):
    assert light_stem(word) == stem


def test_tokenize_drops_stop_words_and_numbers():
    assert tokenize("What exercises help my back? 10 times") == ["exercise", "help", "back", "time"]


def test_bm25_ranks_the_text_sharing_rare_words_first_and_ignores_unknown_words():
    bm25 = Bm25Index(["dark quiet room for sleep", "wash hands often", "walk to the room"])
    assert bm25.top("a quiet dark room", 3)[0][0] == 0
    assert bm25.top("casino jackpot", 3) == []
    assert not bm25.scores("casino").any()


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


def test_the_bm25_index_is_built_once_not_per_question():
    embedder = WordEmbedder()
    retriever = HybridRetriever(MemoryIndex(ARTICLES, embedder), embedder)
    bm25 = retriever.bm25
    retriever.retrieve("sleep", k=1)
    retriever.retrieve("walking", k=1)
    assert retriever.bm25 is bm25


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


def test_speller_corrects_long_misspelt_words_to_corpus_words_only():
    from assistant.retrieve import Speller

    speller = Speller(["Foot exercises and proper footwear help. Stretches for the calves."])
    assert speller.correct("foot excercises for my back") == "foot exercises for my back"
    assert speller.correct("does footware matter") == "does footwear matter"
    assert speller.correct("streches") == "stretches"
    # Words the corpus has, short words, other first letters, far words: left alone.
    assert speller.correct("proper acne") == "proper acne"
    assert speller.correct("lanthanum casino") == "lanthanum casino"
    assert speller.correct("kootwear") == "kootwear"
