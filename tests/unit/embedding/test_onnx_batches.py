"""How the ONNX embedder groups texts into forward passes (no model needed)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.embedding.onnx import MAX_BATCH_TOKENS, _batches


@dataclass
class Encoding:
    ids: list[int]


def grouped(lengths: list[int], batch_size: int) -> list[list[int]]:
    order = list(range(len(lengths)))
    encodings = [Encoding([1] * length) for length in lengths]
    return [batch for batch, _ in _batches(order, encodings, batch_size)]


def test_short_texts_go_batch_size_at_a_time() -> None:
    assert grouped([10] * 10, batch_size=4) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_long_texts_are_split_by_tokens_and_every_text_is_kept_once() -> None:
    lengths = [256] * 20 + [40] * 30
    batches = grouped(lengths, batch_size=64)
    assert sorted(i for batch in batches for i in batch) == list(range(50))
    for batch in batches:
        assert len(batch) * max(lengths[i] for i in batch) <= MAX_BATCH_TOKENS
    assert batches[0] == list(range(MAX_BATCH_TOKENS // 256))


def test_a_text_longer_than_the_budget_goes_alone() -> None:
    assert grouped([MAX_BATCH_TOKENS + 1, 3, 3], batch_size=8) == [[0], [1, 2]]
