"""Ingestion is incremental and atomic; bad input and broken indexes leave the index unchanged."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.errors import IndexUnavailable, UserError
from assistant.settings import Settings
from assistant.store import open_index
from assistant.store.chroma import ChromaStore
from ingest.load import LoadError
from ingest.pipeline import ingest_paths
from tests.fakes import WordEmbedder
from tests.integration.snapshot import snapshot

ARTICLES = {
    "a.txt": "Ankle care\nMove the ankle in circles. Rest when it swells.\n",
    "b.txt": "Back care\nLift with the legs, not the back. Walk every day.\n",
    "c.md": "# Calf stretch\nStand facing a wall. Lean forward slowly.\n",
}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index", chroma_url=None)


@pytest.fixture
def built(settings: Settings) -> Settings:
    summary = ingest_paths(settings, embedder=WordEmbedder())
    assert summary.documents_added == 3
    return settings


def test_bad_file_leaves_the_index_unchanged(built: Settings) -> None:
    before = snapshot(built)
    (built.corpus_dir / "a.txt").write_text("Ankle care\nA changed line that must not land.\n")
    (built.corpus_dir / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    fake = WordEmbedder()
    with pytest.raises(LoadError, match=r"bad\.txt: looks like a binary file"):
        ingest_paths(built, embedder=fake, prune=True)
    assert fake.texts_embedded == 0
    assert snapshot(built) == before


def test_document_emptied_by_cleaning_is_an_error(built: Settings) -> None:
    before = snapshot(built)
    (built.corpus_dir / "junk.html").write_text("<html><body><script>x()</script></body></html>")
    with pytest.raises(LoadError, match=r"junk\.html: nothing is left after cleaning"):
        ingest_paths(built, embedder=WordEmbedder())
    assert snapshot(built) == before


def test_ctrl_c_while_embedding_leaves_the_index_unchanged(built: Settings) -> None:
    before = snapshot(built)
    for name in ("a.txt", "b.txt"):
        (built.corpus_dir / name).write_text(f"{name} changed\nNew text for {name}.\n")
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(built, embedder=WordEmbedder(fail_after=0))
    assert snapshot(built) == before


def test_failure_while_writing_leaves_the_index_unchanged(
    built: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(built)
    (built.corpus_dir / "a.txt").write_text("Ankle care\nCompletely new advice here.\n")
    (built.corpus_dir / "c.md").unlink()

    def interrupted(self: ChromaStore, chunk_ids: object) -> None:
        raise KeyboardInterrupt  # after the new chunks were written to the staging copy

    monkeypatch.setattr(ChromaStore, "delete_chunks", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(built, embedder=WordEmbedder(), prune=True)
    assert snapshot(built) == before
    monkeypatch.undo()
    summary = ingest_paths(built, embedder=WordEmbedder(), prune=True)
    assert (summary.documents_updated, summary.documents_removed) == (1, 1)


def test_leftover_generation_of_a_crashed_run_is_ignored_then_removed(built: Settings) -> None:
    before = snapshot(built)
    leftover = built.index_dir / "gen-19990101T000000-1-1"
    leftover.mkdir()
    (leftover / "chroma.sqlite3").write_bytes(b"half written")
    assert snapshot(built) | {"generations": None} == before | {"generations": None}
    (built.corpus_dir / "b.txt").write_text("Back care\nNew back advice.\n")
    ingest_paths(built, embedder=WordEmbedder())
    assert not leftover.exists()
    assert len(list(built.index_dir.glob("gen-*"))) == 2  # the live one and the previous


def test_an_open_index_survives_the_next_ingest_and_knows_it_is_stale(built: Settings) -> None:
    reader = open_index(built)
    try:
        assert not reader.is_stale()
        (built.corpus_dir / "b.txt").write_text("Back care\nBrand new back advice.\n")
        ingest_paths(built, embedder=WordEmbedder())
        assert reader.is_stale()
        # the generation it opened is kept, so it still answers from what it had
        assert "Walk every day." in reader.article("b.txt").text
    finally:
        reader.close()
    fresh = open_index(built)
    try:
        assert not fresh.is_stale()
        assert "Brand new back advice." in fresh.article("b.txt").text
    finally:
        fresh.close()
    ingest_paths(built, [built.corpus_dir / "a.txt"], embedder=WordEmbedder(), prune=True)
    assert len(list(built.index_dir.glob("gen-*"))) == 2  # live + previous, no more


def test_metadata_sidecar_change_updates_the_article(built: Settings) -> None:
    (built.corpus_dir / "a.meta.toml").write_text('title = "Ankles"\nauthor = "Dr. Ng"\n')
    summary = ingest_paths(built, embedder=WordEmbedder())
    assert summary.documents_updated == 1
    index = open_index(built)
    try:
        article = index.article("a.txt")
        assert (article.title, article.author) == ("Ankles", "Dr. Ng")
        assert {c.title for c in index.all_chunks() if c.source_id == "a.txt"} == {"Ankles"}
    finally:
        index.close()


def test_chunker_version_change_is_refused(
    built: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("assistant.store.manifest.CHUNKER_VERSION", "999")
    with pytest.raises(IndexUnavailable, match=r"chunker_version '1'.*--rebuild"):
        open_index(built)


def test_damaged_index_is_refused_and_rebuild_recovers(built: Settings) -> None:
    [generation] = built.index_dir.glob("gen-*")
    (generation / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(IndexUnavailable, match=r"damaged.*--rebuild"):
        open_index(built)
    with pytest.raises(IndexUnavailable, match="--rebuild"):
        ingest_paths(built, embedder=WordEmbedder())
    assert (generation / "chroma.sqlite3").read_bytes().startswith(b"this is not")
    ingest_paths(built, embedder=WordEmbedder(), rebuild=True)
    assert snapshot(built)["stats"] == {"documents": 3, "chunks": 3}
    assert (built.index_dir / "CURRENT").read_text().strip() != generation.name


def test_pointer_to_a_missing_generation_is_damage(built: Settings) -> None:
    (built.index_dir / "CURRENT").write_text("gen-gone\n")
    with pytest.raises(IndexUnavailable, match=r"damaged.*--rebuild"):
        open_index(built)


def test_foreign_folder_is_never_used_or_wiped(settings: Settings) -> None:
    settings.index_dir.mkdir()
    precious = settings.index_dir / "thesis.docx"
    precious.write_text("years of work")
    with pytest.raises(IndexUnavailable, match="not an index made by `assistant ingest`"):
        open_index(settings)
    with pytest.raises(UserError, match="not an index made by"):
        ingest_paths(settings, embedder=WordEmbedder())
    with pytest.raises(UserError, match="refusing to rebuild"):
        ingest_paths(settings, embedder=WordEmbedder(), rebuild=True)
    assert precious.read_text() == "years of work"


def test_missing_and_empty_corpus(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="nope: no such file or folder"):
        ingest_paths(settings, [tmp_path / "nope"], embedder=WordEmbedder())
    (tmp_path / "empty").mkdir()
    with pytest.raises(UserError, match="no articles found"):
        ingest_paths(settings, [tmp_path / "empty"], embedder=WordEmbedder())
    assert not (settings.index_dir / "CURRENT").exists()


def test_a_second_ingest_waits_its_turn(built: Settings) -> None:
    from assistant.store.generations import ingest_lock

    with ingest_lock(built.index_dir), pytest.raises(UserError, match="another `assistant ingest`"):
        ingest_paths(built, embedder=WordEmbedder())


# -- the real model on the seed corpus ---------------------------------------------------


def test_seed_index_offsets_and_search(seed_index_settings: Settings, real_embedder) -> None:
    index = open_index(seed_index_settings)
    try:
        articles = {article.source_id: article for article in index.articles()}
        assert sorted(articles) == [
            "feet-and-chronic-back-pain.txt",
            "foot-exercises-for-back-pain.txt",
        ]
        for chunk in index.all_chunks():
            assert articles[chunk.source_id].text[chunk.start : chunk.end] == chunk.text
        query = real_embedder.embed(["how do I do the toe pressing exercise"])[0]
        best = index.query(query, k=3)[0]
        assert best.chunk.section == "Toe pressing"
        assert 0.3 < best.score <= 1.0
    finally:
        index.close()


def test_sentence_vectors_find_their_own_sentence(
    seed_index_settings: Settings, real_embedder
) -> None:
    index = open_index(seed_index_settings)
    try:
        chunks = index.all_chunks()
        sentences = index.sentences([chunk.chunk_id for chunk in chunks])
        text = {article.source_id: article.text for article in index.articles()}
        checked = 0
        for chunk in chunks:
            stored = sentences[chunk.chunk_id]
            long_enough = [(s, e) for s, e in stored.spans if e - s > 40]
            if len(long_enough) < 2:
                continue
            queries = real_embedder.embed([text[chunk.source_id][s:e] for s, e in long_enough])
            for row, span in enumerate(long_enough):
                scores = stored.vectors @ queries[row]
                assert stored.spans[int(np.argmax(scores))] == span
                checked += 1
        assert checked >= 20
    finally:
        index.close()


def test_reingesting_the_seed_corpus_embeds_nothing(
    seed_index_settings: Settings, real_embedder, tmp_path: Path
) -> None:
    import shutil

    copy = seed_index_settings.model_copy(update={"index_dir": tmp_path / "index"})
    shutil.copytree(seed_index_settings.index_dir, copy.index_dir)

    class Counting:
        name, dimension = real_embedder.name, real_embedder.dimension
        texts = 0

        def embed_passages(self, texts, spans):
            Counting.texts += len(texts)
            return real_embedder.embed_passages(texts, spans)

    summary = ingest_paths(copy, embedder=Counting(), prune=True)
    assert Counting.texts == 0
    assert summary.documents_unchanged == 2 and summary.chunks_unchanged > 10


def test_jsonl_and_html_documents(settings: Settings, tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "faq.jsonl").write_text(
        '{"id": "faq-1", "title": "Gout", "text": "Gout causes sudden joint pain.", "url": "https://gout.example"}\n'
        '{"id": "faq-2", "text": "Shin splints\\nRest and ice the shins."}\n'
    )
    (extra / "page.html").write_text(
        "<html><head><title>Heel pain</title></head><body><h1>Heel pain</h1>"
        "<p>Plantar fasciitis hurts most in the morning.</p></body></html>"
    )
    summary = ingest_paths(settings, [extra], embedder=WordEmbedder())
    assert summary.documents_added == 3
    index = open_index(settings)
    try:
        gout, shins, heel = (index.article(i) for i in ("faq-1", "faq-2", "page.html"))
        assert (gout.title, gout.url, gout.text) == (
            "Gout",
            "https://gout.example",
            "Gout causes sudden joint pain.",
        )
        assert shins.title == "Shin splints"  # no title given: the first short line
        assert heel.title == "Heel pain"
        assert "Plantar fasciitis hurts most in the morning." in heel.text
        assert "<p>" not in heel.text
    finally:
        index.close()
    again = WordEmbedder()
    assert ingest_paths(settings, [extra], embedder=again).documents_unchanged == 3
    assert again.texts_embedded == 0
