"""The chunker: whole sentences, procedures kept together, exact offsets, bounded size."""

from __future__ import annotations

from assistant.text import split_sentences
from assistant.types import Article
from ingest.chunk import MAX_CHARS, chunk_article, chunk_id
from tests.support import CORPUS

EXERCISES = (
    "Feet matter for the back. Weak arches strain the spine over time.\n"
    "Exercises for Relief\n"
    "Toe pressing\n"
    "Stand straight. Grip the floor with your toes. Hold for three seconds.\n"
    "Repeat ten times on each foot.\n"
    "Ankle circles\n"
    "Lie on the floor. Rotate the ankle for 15 seconds.\n"
)


def article(text: str, title: str = "Feet and backs") -> Article:
    return Article(source_id="feet.txt", title=title, text=text)


def test_procedure_stays_in_one_chunk_with_its_heading() -> None:
    chunks = [planned.chunk for planned in chunk_article(article(EXERCISES))]
    pressing = [chunk for chunk in chunks if "Grip the floor" in chunk.text]
    assert len(pressing) == 1
    assert pressing[0].section == "Toe pressing"
    assert "Toe pressing\n" in pressing[0].text
    assert "Repeat ten times on each foot." in pressing[0].text
    assert "Rotate the ankle" not in pressing[0].text  # the next exercise is its own chunk
    circles = [chunk for chunk in chunks if "Rotate the ankle" in chunk.text]
    assert circles[0].section == "Ankle circles"
    assert circles[0].text.startswith("Ankle circles\n")


def test_offsets_point_into_the_article_and_carry_title() -> None:
    text = EXERCISES
    for planned in chunk_article(article(text)):
        chunk = planned.chunk
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.title == "Feet and backs"
        for start, end in planned.sentences:
            assert chunk.start <= start < end <= chunk.end
        # the embedded text holds the same sentences at the recorded embed offsets
        for (start, end), (e_start, e_end) in zip(
            planned.sentences, planned.embed_spans, strict=True
        ):
            assert planned.embed_text[e_start:e_end] == text[start:end]
        assert planned.embed_text.startswith("Feet and backs\n")


def test_every_sentence_is_in_exactly_one_chunk() -> None:
    text = EXERCISES
    all_spans = split_sentences(text)
    chunked = [span for planned in chunk_article(article(text)) for span in planned.sentences]
    assert chunked == all_spans


def test_long_paragraph_is_split_at_sentence_boundaries() -> None:
    sentence = "The plantar fascia supports the arch of the foot during walking. "
    text = (sentence * 40).strip()
    planned = chunk_article(article(text))
    assert len(planned) > 1
    for item in planned:
        assert len(item.chunk.text) <= MAX_CHARS
        assert item.chunk.text.startswith("The plantar") and item.chunk.text.endswith("walking.")
    assert " ".join(item.chunk.text for item in planned) == text


def test_run_on_text_without_punctuation_is_cut_to_fit() -> None:
    text = "word " * 500
    planned = chunk_article(article(text.strip()))
    assert all(len(item.chunk.text) <= MAX_CHARS for item in planned)
    assert sum(item.chunk.text.count("word") for item in planned) == 500


def test_section_continuation_carries_section_in_embedded_text() -> None:
    body = "Hold the stretch and breathe slowly through the whole movement. " * 20
    text = "Calf stretch\n" + body.strip()
    planned = chunk_article(article(text))
    assert len(planned) > 1
    assert all(item.chunk.section == "Calf stretch" for item in planned)
    later = planned[1]
    assert not later.chunk.text.startswith("Calf stretch")
    assert later.embed_text.startswith("Feet and backs\nCalf stretch\n")


def test_chunk_ids_are_content_hashes() -> None:
    first = [p.chunk.chunk_id for p in chunk_article(article(EXERCISES))]
    again = [p.chunk.chunk_id for p in chunk_article(article(EXERCISES))]
    assert first == again
    edited = EXERCISES.replace("Hold for three seconds.", "Hold for five seconds.")
    changed = [p.chunk.chunk_id for p in chunk_article(article(edited))]
    assert changed != first
    assert set(changed) & set(first)  # untouched passages keep their ids
    assert chunk_id("a.txt", "same") != chunk_id("b.txt", "same")


def test_repeated_passages_get_distinct_ids() -> None:
    text = "Rest\nBreathe in and out slowly.\nRest\nBreathe in and out slowly.\n"
    ids = [p.chunk.chunk_id for p in chunk_article(article(text))]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_seed_exercises_each_stay_whole() -> None:

    from ingest.load import load_paths
    from ingest.pipeline import prepare_documents

    corpus = CORPUS
    prepared = prepare_documents(load_paths([corpus], corpus_dir=corpus), model="any")
    exercises = next(doc for doc in prepared if "Toe pressing" in doc.article.text)
    lines = exercises.article.text.split("\n")
    for heading in ("Toe pressing", "Toe walking", "Ankle circles", "Foot massage"):
        steps = lines[lines.index(heading) + 1]  # the instruction line under the heading
        holders = [p.chunk for p in exercises.chunks if steps in p.chunk.text]
        assert len(holders) == 1, heading
        assert holders[0].section == heading
        assert holders[0].text.find(heading) < holders[0].text.find(steps)
