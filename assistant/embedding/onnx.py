"""The ONNX Runtime implementation of the embedding seam: the packaged model as an ONNX graph.

The graph (built once by `assistant build-model`, see `assistant.embedding.export`) maps token
ids and the attention mask to token vectors; tokenising (the `tokenizers` package, from the
packaged model's own `tokenizer.json`), mean pooling and normalisation happen here, exactly as
the model's config says. Never imports torch, sentence-transformers or `onnx`: a serving
process on this backend loads onnxruntime and the graph only. The graph's bytes are checked
against its record when it is loaded; a missing, damaged or stale file raises
`ModelFileUnavailable` naming the command to build it, never a fallback to other vectors.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from assistant.embedding.base import PackagedEmbedder, PackagedModel, mean_pool, pool_spans
from assistant.embedding.model_file import ModelFileUnavailable, ModelRecord, verify_file
from assistant.text import Span

# Tokens per forward pass (texts x longest text). Smaller passes keep each layer's attention
# tensors in the CPU's caches: on 600 MedQuAD answers (1,623 chunks, `make bench-ingest`
# --sample 600) 4 x 256 tokens embedded 86-94 chunks/s, 8 x 256 77, 16 x 256 67-73; and
# onnxruntime keeps the memory its largest pass needed (peak RSS 364 MB against 545 MB).
# Short texts still go `batch_size` at a time.
MAX_BATCH_TOKENS = 4 * 256


class OnnxEmbedder(PackagedEmbedder):
    """A packaged model's ONNX graph on the CPU through onnxruntime, loaded lazily and once.

    `embed(texts)` and `embed_passages(texts, ...)[0]` go through the same batches (longest
    text first, at most `batch_size` texts and `MAX_BATCH_TOKENS` tokens each), so they
    return identical vectors: an int8 graph's output moves slightly with what else is in its
    batch.

    `threads` is onnxruntime's threads per call (0: its default, one per core): ingest's long
    batches want every core, a question (one short text) is faster on one, see
    `QUESTION_THREADS` in `assistant.embedding`.
    """

    def __init__(
        self, model: PackagedModel, record: ModelRecord, batch_size: int = 64, threads: int = 0
    ) -> None:
        super().__init__(model, batch_size)
        self.record = record
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None

    def load(self) -> None:
        """Check the graph's bytes, then open it and the tokenizer (done on first use)."""
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime
            from tokenizers import Tokenizer

            verify_file(self.record)
            tokenizer = Tokenizer.from_file(str(self.packaged.tokenizer_file))
            # The file pads and truncates to 128; the model's window is max_seq_length, and
            # batches pad to their longest text, as sentence-transformers does.
            tokenizer.enable_truncation(max_length=self.packaged.max_seq_length)
            tokenizer.no_padding()  # batches are padded here, to their longest text
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3  # warnings about unused initialisers are noise
            # Idle threads sleep instead of spinning: on a shared 2-core machine spinning
            # burned ~30% more CPU for the same chunks (10.0 vs 6.8 CPU s on 192 chunks).
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.intra_op_num_threads = self.threads
            try:
                session = onnxruntime.InferenceSession(
                    str(self.record.path), options, providers=["CPUExecutionProvider"]
                )
            except Exception as error:  # onnxruntime raises its own exception types
                raise ModelFileUnavailable(
                    f"onnxruntime cannot load {self.record.path} ({error}); run "
                    "`assistant build-model` (or `make model`) to build it again"
                ) from error
            self._tokenizer = tokenizer
            self._session = session

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for batch, tokens, _, mask in self._forward(texts):
            vectors[batch] = mean_pool(tokens, mask, normalize=self.packaged.normalize)
        return vectors

    def embed_passages(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        span_vectors: list[np.ndarray] = [np.zeros((0, self.dimension), np.float32)] * len(texts)
        for batch, tokens, offsets, mask in self._forward(texts):
            vectors[batch] = mean_pool(tokens, mask, normalize=self.packaged.normalize)
            for row, index in enumerate(batch):
                span_vectors[index] = pool_spans(tokens[row], offsets[row], mask[row], spans[index])
        return vectors, span_vectors

    def _forward(
        self, texts: Sequence[str]
    ) -> Iterator[tuple[list[int], np.ndarray, np.ndarray, np.ndarray]]:
        """Per batch: the text indices, token vectors, character offsets and attention mask."""
        if not texts:
            return
        self.load()
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        encodings = self._tokenizer.encode_batch([texts[i] for i in order])
        for batch, rows in _batches(order, encodings, self.batch_size):
            width = max(len(row.ids) for row in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            offsets = np.zeros((len(rows), width, 2), dtype=np.int64)
            for position, row in enumerate(rows):
                length = len(row.ids)
                ids[position, :length] = row.ids
                mask[position, :length] = 1
                offsets[position, :length] = row.offsets
            (tokens,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
            yield batch, tokens, offsets, mask.astype(bool)


def _batches(
    order: list[int], encodings: list[Any], batch_size: int
) -> Iterator[tuple[list[int], list[Any]]]:
    """Consecutive runs of (text index, encoding) within `batch_size` texts and
    `MAX_BATCH_TOKENS` padded tokens (a single text longer than that goes alone)."""
    batch: list[int] = []
    rows: list[Any] = []
    width = 0
    for index, encoding in zip(order, encodings, strict=True):
        wider = max(width, len(encoding.ids))
        if batch and (len(batch) >= batch_size or wider * (len(batch) + 1) > MAX_BATCH_TOKENS):
            yield batch, rows
            batch, rows, wider = [], [], len(encoding.ids)
        batch.append(index)
        rows.append(encoding)
        width = wider
    if batch:
        yield batch, rows
