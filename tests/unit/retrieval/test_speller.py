"""The query speller: misspelt long words corrected to corpus words only."""

from __future__ import annotations

from assistant.retrieval.speller import Speller
from assistant.retrieval.vocabulary import Vocabulary


def test_speller_corrects_long_misspelt_words_to_corpus_words_only():
    texts = ["Foot exercises and proper footwear help. Stretches for the calves."]
    speller = Speller(Vocabulary(texts).counts)
    assert speller.correct("foot excercises for my back") == "foot exercises for my back"
    assert speller.correct("does footware matter") == "does footwear matter"
    assert speller.correct("streches") == "stretches"
    # Words the corpus has, short words, other first letters, far words: left alone.
    assert speller.correct("proper acne") == "proper acne"
    assert speller.correct("lanthanum casino") == "lanthanum casino"
    assert speller.correct("kootwear") == "kootwear"
