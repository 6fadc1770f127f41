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

import threading
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from assistant.embedding.base import PackagedModel, mean_pool, pool_spans
from assistant.embedding.model_file import ModelFileUnavailable, ModelRecord, verify_file
from assistant.text import Span


class OnnxEmbedder:
    """A packaged model's ONNX graph on the CPU through onnxruntime, loaded lazily and once.

    `embed(texts)` and `embed_passages(texts, ...)[0]` go through the same batches (longest
    text first, `batch_size` at a time), so they return identical vectors: an int8 graph's
    output moves slightly with what else is in its batch.
    """

    def __init__(self, model: PackagedModel, record: ModelRecord, batch_size: int = 64) -> None:
        self.packaged = model
        self.record = record
        self.batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.packaged.name

    @property
    def dimension(self) -> int:
        return self.packaged.dimension

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
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3  # warnings about unused initialisers are noise
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
        for first in range(0, len(order), self.batch_size):
            batch = order[first : first + self.batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in batch])
            ids = np.array([encoding.ids for encoding in encodings], dtype=np.int64)
            mask = np.array([encoding.attention_mask for encoding in encodings], dtype=np.int64)
            offsets = np.array([encoding.offsets for encoding in encodings], dtype=np.int64)
            (tokens,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
            yield batch, tokens, offsets, mask.astype(bool)
