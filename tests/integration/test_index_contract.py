"""One contract, two stores: the embedded index and a real `chroma run` server.

Built with the fake embedder so every assertion is about the store, not the model.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import IndexUnavailable
from assistant.settings import Settings
from assistant.store import open_index
from ingest.pipeline import ingest_paths
from tests.fakes import WordEmbedder
from tests.integration.snapshot import snapshot

ARTICLES = {
    "knees.txt": "Knee care\nKeep the knees moving every day. Cycling is gentle on knees.\n"
    "Knee stretch\nSit down. Straighten the leg slowly. Hold for ten seconds.\n",
    "sleep.md": "# Sleep well\nGo to bed at the same time. Keep the bedroom dark and cool.\n",
    "hands/wrist.txt": "Wrist pain often comes from typing. Rest the wrists, e.g. every hour.\n",
}


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    for name, text in articles.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(params=["embedded", "server"])
def settings(request, tmp_path: Path) -> Settings:
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    if request.param == "embedded":
        return Settings(corpus_dir=corpus, index_dir=tmp_path / "index", chroma_url=None)
    url = request.getfixturevalue("chroma_server_url")
    return Settings(corpus_dir=corpus, chroma_url=url, collection=f"t{uuid.uuid4().hex[:12]}")


@pytest.fixture
def built(settings: Settings) -> Settings:
    ingest_paths(settings, embedder=WordEmbedder())
    return settings


class TestIndexContract:
    def test_missing_index_says_run_ingest(self, settings: Settings) -> None:
        with pytest.raises(IndexUnavailable, match="run `assistant ingest`"):
            open_index(settings)

    def test_stats_and_manifest(self, built: Settings) -> None:
        index = open_index(built)
        try:
            assert index.stats().documents == 3
            assert index.stats().chunks == len(index.all_chunks()) >= 4
            manifest = index.manifest()
            assert manifest["model"] == "all-MiniLM-L6-v2"
            assert manifest["dimension"] == WordEmbedder().dimension
            assert manifest["chunker_version"]
        finally:
            index.close()

    def test_chunks_point_into_their_articles(self, built: Settings) -> None:
        index = open_index(built)
        try:
            articles = {article.source_id: article for article in index.articles()}
            assert sorted(articles) == ["hands/wrist.txt", "knees.txt", "sleep.md"]
            for chunk in index.all_chunks():
                assert articles[chunk.source_id].text[chunk.start : chunk.end] == chunk.text
                assert chunk.title == articles[chunk.source_id].title
            assert index.article("sleep.md").title == "Sleep well"
            with pytest.raises(KeyError):
                index.article("nope.txt")
        finally:
            index.close()

    def test_query_scores_are_cosine_similarities_best_first(self, built: Settings) -> None:
        fake = WordEmbedder()
        index = open_index(built)
        try:
            stretch = next(c for c in index.all_chunks() if c.section == "Knee stretch")
            # the exact vector the chunk was stored with (title + chunk text) scores 1.0
            hits = index.query(fake.vector(f"{stretch.title}\n{stretch.text}"), k=10)
            assert hits[0].chunk == stretch
            assert hits[0].score == pytest.approx(1.0, abs=1e-5)
            scores = [hit.score for hit in hits]
            assert scores == sorted(scores, reverse=True)
            assert len(hits) == index.stats().chunks  # k larger than the index: all of it
            assert index.query(fake.vector("sleep bedroom dark"), k=1)[0].chunk.source_id == (
                "sleep.md"
            )
        finally:
            index.close()

    def test_sentences_have_absolute_spans_and_unit_vectors(self, built: Settings) -> None:
        fake = WordEmbedder()
        index = open_index(built)
        try:
            chunks = index.all_chunks()
            found = index.sentences([c.chunk_id for c in chunks] + ["unknown-id"])
            assert set(found) == {c.chunk_id for c in chunks}
            wrist = next(c for c in chunks if c.source_id == "hands/wrist.txt")
            text = index.article("hands/wrist.txt").text
            spans = found[wrist.chunk_id].spans
            assert [text[s:e] for s, e in spans] == [
                "Wrist pain often comes from typing.",
                "Rest the wrists, e.g. every hour.",
            ]
            vectors = found[wrist.chunk_id].vectors
            assert vectors.dtype == np.float32
            assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
            expected = fake.vector("Rest the wrists, e.g. every hour.")
            assert float(vectors[1] @ expected) == pytest.approx(1.0, abs=2e-3)
        finally:
            index.close()

    def test_unchanged_input_costs_no_embedding_and_no_writes(self, built: Settings) -> None:
        before = snapshot(built)
        again = WordEmbedder()
        summary = ingest_paths(built, embedder=again, prune=True)
        assert again.texts_embedded == 0
        assert summary.documents_unchanged == 3 and summary.chunks_added == 0
        assert snapshot(built) == before

    def test_changed_document_replaces_its_chunks(self, built: Settings) -> None:
        corpus = built.corpus_dir
        (corpus / "sleep.md").write_text(
            "# Sleep well\nGo to bed at the same time. Avoid screens before bed.\n"
        )
        fake = WordEmbedder()
        summary = ingest_paths(built, embedder=fake)
        assert summary.documents_updated == 1 and summary.documents_unchanged == 2
        assert fake.texts_embedded == summary.chunks_embedded == 1
        index = open_index(built)
        try:
            sleep = [c for c in index.all_chunks() if c.source_id == "sleep.md"]
            assert [c.text for c in sleep] == [
                "Sleep well\nGo to bed at the same time. Avoid screens before bed."
            ]
            assert "Avoid screens" in index.article("sleep.md").text
            assert index.stats().documents == 3
        finally:
            index.close()

    def test_prune_removes_documents_gone_from_the_input(self, built: Settings) -> None:
        (built.corpus_dir / "hands" / "wrist.txt").unlink()
        kept = ingest_paths(built, embedder=WordEmbedder())
        assert kept.documents_removed == 0
        assert snapshot(built)["stats"]["documents"] == 3  # without --prune it stays
        pruned = ingest_paths(built, embedder=WordEmbedder(), prune=True)
        assert pruned.documents_removed == 1 and pruned.chunks_removed == 1
        state = snapshot(built)
        assert [a["source_id"] for a in state["articles"]] == ["knees.txt", "sleep.md"]
        assert all(c["source_id"] != "hands/wrist.txt" for c in state["chunks"])

    def test_other_model_is_refused_until_rebuild(self, built: Settings) -> None:
        other = built.model_copy(update={"embedding_model": "other-model"})
        with pytest.raises(IndexUnavailable, match="--rebuild"):
            open_index(other)
        before = snapshot(built)
        with pytest.raises(IndexUnavailable, match="model 'all-MiniLM-L6-v2'"):
            ingest_paths(other, embedder=WordEmbedder())
        assert snapshot(built) == before
        ingest_paths(other, embedder=WordEmbedder(), rebuild=True)
        index = open_index(other)
        try:
            assert index.manifest()["model"] == "other-model"
            assert index.stats().documents == 3
        finally:
            index.close()
