"""The ONNX backends against the torch path they replace: same tokens, same shapes, vectors
within the bars of issue 13, on texts of the seed corpus (not the build's own probe set)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embedding import QUESTION_THREADS, build_embedder
from assistant.embedding.onnx import MAX_BATCH_TOKENS, OnnxEmbedder
from assistant.settings import Settings
from ingest.load import load_paths
from ingest.pipeline import prepare_documents
from tests.support import CORPUS


@pytest.fixture(scope="module")
def seed_chunks():
    prepared = prepare_documents(load_paths([CORPUS], corpus_dir=CORPUS), model="any")
    return [chunk for doc in prepared for chunk in doc.chunks]


@pytest.fixture(scope="module")
def fp32_embedder():
    return build_embedder(Settings(embedding_backend="onnx"))


QUESTIONS = [
    "Can my flat feet cause pain in my lower back?",
    "how often should I do the towel curl",
    "what shoes are best if my feet roll inward",
    "is it bad to wear heels every day",
]


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1)


def test_the_default_backend_is_onnx_int8(real_embedder):
    assert isinstance(real_embedder, OnnxEmbedder)
    assert real_embedder.record.backend == "onnx-int8"
    assert real_embedder.record.path.name.endswith(".onnx")


def test_tokens_and_offsets_are_the_torch_tokenizers(real_embedder, torch_embedder, seed_chunks):
    texts = [chunk.embed_text for chunk in seed_chunks[:20]] + QUESTIONS
    real_embedder.load()
    ours = real_embedder._tokenizer.encode_batch(texts)
    theirs = torch_embedder.model.tokenizer(
        texts, return_offsets_mapping=True, truncation=True, max_length=256
    )
    for mine, ids, offsets in zip(ours, theirs["input_ids"], theirs["offset_mapping"], strict=True):
        assert mine.ids == ids
        assert [tuple(pair) for pair in mine.offsets] == [tuple(pair) for pair in offsets]


def test_int8_passages_sentences_and_questions_match_torch(
    real_embedder, torch_embedder, seed_chunks
):
    texts = [chunk.embed_text for chunk in seed_chunks]
    spans = [chunk.embed_spans for chunk in seed_chunks]
    want, want_spans = torch_embedder.embed_passages(texts, spans)
    got, got_spans = real_embedder.embed_passages(texts, spans)
    assert got.shape == want.shape == (len(texts), 384)
    assert got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert cosines(want, got).min() >= 0.99
    for chunk, expected, actual in zip(seed_chunks, want_spans, got_spans, strict=True):
        assert actual.shape == expected.shape == (len(chunk.embed_spans), 384)
        assert cosines(expected, actual).min() >= 0.98
    one_by_one = np.concatenate([real_embedder.embed([q]) for q in QUESTIONS])
    assert cosines(torch_embedder.embed(QUESTIONS), one_by_one).min() >= 0.99


def test_int8_keeps_the_ranking_torch_gives(real_embedder, torch_embedder, seed_chunks):
    texts = [chunk.embed_text for chunk in seed_chunks]
    for question in QUESTIONS:
        torch_scores = torch_embedder.embed(texts) @ torch_embedder.embed([question])[0]
        int8_scores = real_embedder.embed(texts) @ real_embedder.embed([question])[0]
        assert int(np.argmax(int8_scores)) in set(np.argsort(-torch_scores)[:2].tolist())


def test_fp32_graph_is_torch_to_float_precision(fp32_embedder, torch_embedder, seed_chunks):
    texts = [chunk.embed_text for chunk in seed_chunks[:40]]
    spans = [chunk.embed_spans for chunk in seed_chunks[:40]]
    want, want_spans = torch_embedder.embed_passages(texts, spans)
    got, got_spans = fp32_embedder.embed_passages(texts, spans)
    assert np.abs(want - got).max() < 1e-4
    for expected, actual in zip(want_spans, got_spans, strict=True):
        assert np.abs(expected - actual).max() < 1e-4


def test_embed_and_embed_passages_give_identical_vectors(real_embedder, seed_chunks):
    texts = [chunk.embed_text for chunk in seed_chunks]
    vectors, _ = real_embedder.embed_passages(texts, [chunk.embed_spans for chunk in seed_chunks])
    assert np.array_equal(real_embedder.embed(texts), vectors)


def test_long_batches_are_split_by_tokens_and_keep_input_order(real_embedder):
    long_text = "Stand with your feet apart and lift your heels slowly. " * 40  # > 256 tokens
    texts = [f"Question {i}: does walking help back pain?" for i in range(5)] + [long_text] * 20
    assert MAX_BATCH_TOKENS < 20 * 256  # the long ones cannot share one pass
    vectors = real_embedder.embed(texts)
    alone = real_embedder.embed([texts[0]])[0]
    # int8 output moves a little with a batch's other texts (issue 13: cosine >= 0.988), so
    # the same text in another batch is close, not equal; another text would be far.
    assert float(vectors[0] @ alone) >= 0.98  # row 0 is still the first text
    assert float(vectors[0] @ vectors[5]) < 0.9
    assert cosines(vectors[5:], np.repeat(vectors[5:6], 20, axis=0)).min() >= 0.98
    assert real_embedder.embed([]).shape == (0, 384)


def test_a_question_on_one_thread_gets_the_vector_ingest_threads_give(real_embedder, seed_chunks):
    """The engine embeds questions on one thread, ingest on every core: the thread count must
    not move a vector (an index is searched with vectors made the other way)."""
    one_thread = build_embedder(Settings(), threads=QUESTION_THREADS)
    texts = [*QUESTIONS, *(chunk.embed_text for chunk in seed_chunks[:4])]
    for text in texts:
        np.testing.assert_allclose(
            one_thread.embed([text]), real_embedder.embed([text]), rtol=0, atol=1e-6
        )


def test_the_engine_embeds_questions_on_one_thread(seed_index_settings):
    from assistant.factory import build_assistant

    engine = build_assistant(seed_index_settings)
    engine.warm_up()
    session = engine.retriever.embedder._session  # type: ignore[attr-defined]
    assert session.get_session_options().intra_op_num_threads == 1
