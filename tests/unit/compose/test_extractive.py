"""The extractive composer on made-up articles (fast; the real model and index: test_engine.py)."""

from __future__ import annotations

import re

import pytest

from assistant.compose.extractive import compose_answer, is_promotional
from assistant.retrieval.hybrid import HybridRetriever
from assistant.types import Article
from tests.fakes import MemoryIndex, WordEmbedder

BREATHING = Article(
    source_id="breathing.md",
    title="Breathing Exercises for Stress",
    url="https://clinic.example/breathing",
    text=(
        "Slow breathing can calm the body. It lowers the heart rate within minutes.\n"
        "Our team of experts offers the best stress programs in town. Contact us today.\n"
        "Box breathing\n"
        "Breathe in for four seconds. Hold the breath for four seconds. "
        "Breathe out for four seconds. Repeat the box five times.\n"
        "Belly breathing\n"
        "Lie on your back with a hand on your belly. Breathe in slowly through the nose.\n"
        "\n"
        "Stress can also raise blood pressure over time. Regular exercise helps lower stress."
    ),
)
PAINKILLERS = Article(
    source_id="painkillers.md",
    title="Painkillers",
    text=(
        "Painkillers can ease a headache. Adults often take 400 mg of ibuprofen for a headache.\n"
        "\n"
        "A headache that will not go away should be checked by a doctor."
    ),
)
DUPLICATE = Article(
    source_id="copy.md",
    title="Copy",
    text="Slow breathing can calm the body.\n\nWalking is good for the heart.",
)


def compose(question: str, articles: list[Article], **options):
    embedder = WordEmbedder()
    index = MemoryIndex(articles, embedder)
    retrieval = HybridRetriever(index, embedder).retrieve(question, k=5)
    hits = retrieval.hits
    sentences = index.sentences([h.chunk.chunk_id for h in hits])
    by_id = {a.source_id: a for a in articles}
    return compose_answer(question, retrieval.vector, hits, sentences, by_id, **options), by_id


def cited_numbers(markdown: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d+)\]", markdown)]


@pytest.mark.parametrize(
    "question",
    [
        "how do I do box breathing?",
        "box breathing steps",
        "how many times should I repeat the box breathing",
    ],
)
def test_an_exercise_keeps_all_its_steps_under_its_heading(question):
    composed, _ = compose(question, [BREATHING])
    steps = [
        "Breathe in for four seconds.",
        "Hold the breath for four seconds.",
        "Breathe out for four seconds.",
        "Repeat the box five times.",
    ]
    assert all(step in composed.markdown for step in steps)
    assert "**Box breathing:**" in composed.markdown
    # All four steps sit in one cited passage, in the article's order.
    (box,) = [c for c in composed.citations if "Box breathing" in c.quote]
    assert [box.quote.index(step) for step in steps] == sorted(box.quote.index(s) for s in steps)


def test_every_quote_is_verbatim_at_its_offsets_and_markers_resolve():
    composed, articles = compose("does breathing calm stress and lower blood pressure", [BREATHING])
    assert len(composed.citations) >= 1
    for citation in composed.citations:
        assert articles[citation.source_id].text[citation.start : citation.end] == citation.quote
        assert citation.title == "Breathing Exercises for Stress"
        assert citation.url == "https://clinic.example/breathing"
    assert sorted(set(cited_numbers(composed.markdown))) == [c.n for c in composed.citations]
    assert [c.n for c in composed.citations] == list(range(1, len(composed.citations) + 1))


def test_a_sentence_starting_with_it_brings_the_sentence_it_refers_to():
    composed, _ = compose("what lowers the heart rate within minutes", [BREATHING])
    assert "It lowers the heart rate within minutes." in composed.markdown
    assert "Slow breathing can calm the body. It lowers" in composed.markdown


def test_promotional_sentences_are_never_used_even_when_they_match_best():
    composed, _ = compose("which experts offer the best stress programs in town", [BREATHING])
    assert "Our team" not in composed.markdown
    assert "Contact us" not in composed.markdown
    assert all("Our team" not in c.quote for c in composed.citations)


def test_between_two_and_six_sentences_support_ordered_by_position_within_a_source():
    composed, _ = compose("breathing stress breathe exercise", [BREATHING])
    sentences = sum(c.quote.count(".") for c in composed.citations)
    assert 2 <= sentences <= 6
    # The first passage is the direct answer; the support after it follows the article.
    starts = [c.start for c in composed.citations[1:]]
    assert starts == sorted(starts)


def test_a_dose_is_left_out_when_asked_to():
    plain, _ = compose("how much ibuprofen for a headache", [PAINKILLERS])
    assert "400 mg" in plain.markdown  # the article states it: without the option it is used
    safe, _ = compose("how much ibuprofen for a headache", [PAINKILLERS], exclude_doses=True)
    assert "mg" not in safe.markdown
    assert all("400" not in c.quote for c in safe.citations)


def test_the_same_sentence_in_two_articles_is_cited_once():
    composed, _ = compose("can slow breathing calm the body", [BREATHING, DUPLICATE])
    assert composed.markdown.count("Slow breathing can calm the body.") == 1


def test_nothing_to_compose_gives_an_empty_answer():
    composed = compose_answer("anything", WordEmbedder().embed(["x"])[0], [], {}, {})
    assert composed.markdown == "" and composed.citations == []


@pytest.mark.parametrize(
    ("sentence", "promotional"),
    [
        ("Our doctors are the best back pain specialists in the state.", True),
        ("Our team offers same-day appointments.", True),
        ("Our clinic specializes in spine care.", True),
        ("Visit our clinic for a free foot assessment.", True),
        ("Our team of board-certified specialists offers same-day care.", True),
        ("Our clinic's physical therapists offer gait analysis.", True),
        ("Our practice accepts most insurance plans.", True),
        ("Our specialists help thousands of patients every year.", True),
        ("Our doctors know that you deserve the best clinic in town. Call us today.", True),
        # The provider's voice, but health information (what its doctors found): kept.
        ("Our doctors for back pain realize that orthotics are not the only step.", False),
        ("Our doctors realize that orthotics are not the only step.", False),
        ("Our doctors have found that most foot pain responds to stretching.", False),
        ("We believe that you will use a multi disciplinary approach.", True),
        ("Contact us to book an appointment.", True),
        ("Call us today for a free check.", True),
        # Names a provider but carries content (what treatments exist): kept, as the cleaner does.
        ("The Heart Center of Ohio provides a range of treatments, including rest.", False),
        ("Contact your doctor if the pain persists for more than a week.", False),
        ("Doctors often advise rest and gentle stretching.", False),
        ("We know that regular walking lowers blood pressure.", False),
    ],
)
def test_promotional_rules(sentence, promotional):
    assert is_promotional(sentence) is promotional


def test_a_question_in_the_source_is_not_used_as_an_answer():
    faq = Article(
        source_id="flu.md",
        title="Flu",
        text="What are the symptoms of flu?\n\nFever and cough are common symptoms of flu.",
    )
    composed, _ = compose("what are the symptoms of flu", [faq])
    assert "Fever and cough" in composed.markdown
    assert "What are the symptoms of flu?" not in composed.markdown


def test_the_same_sentence_is_said_once_even_when_its_vectors_differ():
    from dataclasses import dataclass

    import numpy as np

    from assistant.types import Chunk, SearchHit

    @dataclass
    class Spans:
        spans: list[tuple[int, int]]
        vectors: np.ndarray

    text = "Gout causes sudden joint pain."
    articles = {
        name: Article(source_id=name, title=name, text=f"{text} Other words about {name}.")
        for name in ("a.md", "b.md")
    }
    hits, sentences = [], {}
    for i, (name, article) in enumerate(articles.items()):
        chunk = Chunk(chunk_id=name, source_id=name, title=name, section="", text=article.text,
                      start=0, end=len(article.text))  # fmt: skip
        hits.append(SearchHit(chunk=chunk, score=0.9))
        # Context-dependent vectors: the same sentence, not the same vector.
        first = np.array([1.0, 0.5 * i, 0.0], dtype=np.float32)  # cosine 0.89 to the other
        sentences[name] = Spans(
            [(0, len(text)), (len(text) + 1, len(article.text))],
            np.stack([first / np.linalg.norm(first), np.array([0.0, 0.0, 1.0])]),
        )
    query = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    composed = compose_answer("gout joint pain", query, hits, sentences, articles)
    assert composed.markdown.count(text) == 1


@pytest.mark.parametrize(
    "sentence",
    ["Take one 400-mg tablet.", "Adults take two tablets.", "Give 1 to 2 teaspoons.", "10 mg/kg"],
)
def test_amounts_written_in_other_ways_count_as_doses(sentence):
    from assistant.compose.extractive import DOSE

    assert DOSE.search(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["Keep this position for three seconds and repeat for every foot 10 times.", "a few seconds"],
)
def test_exercise_counts_are_not_doses(sentence):
    from assistant.compose.extractive import DOSE

    assert not DOSE.search(sentence)


KNEES = Article(
    source_id="knees.md",
    title="Knee Exercises",
    text=(
        "Many people believe the wall sit is only for athletes and knees of steel.\n"
        "Wall sit\n"
        "Lean your back against a wall. Slide down until the knees bend. "
        "Hold the position for thirty seconds.\n"
        "\n"
        "Weak thigh muscles let the kneecap drift to the side.\n"
        "\n"
        "This strains the tendon below the kneecap. The patellar chain is known."
    ),
)


def test_the_reply_leads_with_the_sentence_that_answers_the_question_type():
    composed, _ = compose("how long do I hold the wall sit", [KNEES])
    # Asked "how long": the passage with the time comes first, not the background that
    # stands before it in the article.
    assert "thirty seconds" in composed.citations[0].quote
    assert "Many people" not in composed.markdown.split("thirty seconds")[0]


def test_a_dependent_sentence_brings_the_one_before_it_from_the_previous_chunk():
    # One sentence allowed: whatever comes with "This strains ..." comes as part of it.
    composed, articles = compose(
        "what strains the tendon below the kneecap", [KNEES], max_sentences=1
    )
    assert "Weak thigh muscles let the kneecap drift to the side." in composed.markdown
    assert composed.markdown.index("Weak thigh") < composed.markdown.index("This strains")
    for citation in composed.citations:
        assert articles[citation.source_id].text[citation.start : citation.end] == citation.quote


def test_a_sentence_too_short_to_stand_alone_brings_what_explains_it():
    composed, _ = compose("what is the patellar chain", [KNEES])
    # "The patellar chain is known." leans on "This strains ...", which leans on the
    # sentence before it: all three are quoted, in the article's order.
    text = composed.markdown
    assert "The patellar chain is known." in text
    assert text.index("Weak thigh") < text.index("This strains") < text.index("patellar chain")


def test_how_long_opens_with_the_step_that_says_how_long():
    composed, articles = compose("how long do I hold the breath in box breathing?", [BREATHING])
    opening = composed.markdown.split("\n\n")[0]
    assert "Hold the breath for four seconds." in opening
    assert not opening.startswith("**Box breathing:**")  # the heading is not the answer
    for citation in composed.citations:
        assert articles[citation.source_id].text[citation.start : citation.end] == citation.quote


ANKLES = Article(
    source_id="ankles.md",
    title="Sore Ankles",
    text=(
        "Rest and ice help a sore ankle settle. "
        "Simple remedies include a compression wrap and raising the foot.\n"
        "\n"
        "Ankle pain is common in runners."
    ),
)


def test_the_direct_answer_keeps_its_next_sentence_when_the_reply_is_full():
    # One sentence allowed, and the lead takes it; the next sentence is the same kind of
    # answer (what helps) and completes it, so it comes too.
    composed, articles = compose("what helps a sore ankle", [ANKLES], max_sentences=1)
    assert composed.markdown.startswith("Rest and ice help a sore ankle settle.")
    assert "Simple remedies include a compression wrap" in composed.markdown
    assert "runners" not in composed.markdown
    for citation in composed.citations:
        assert articles[citation.source_id].text[citation.start : citation.end] == citation.quote
