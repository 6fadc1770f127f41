"""The learned triage detector: which category (or none) a message describes, and how likely.

Two heads, blended: a multinomial logistic regression over the message's word n-grams with
negation marking (`features`), and a small MLP over the MiniLM embedding the engine computes
for the question anyway (no second model). Categories whose clinical precondition the message
lacks (`preconditions`) are then ruled out. Both are trained by `train.py` from the committed
data in `training/` and stored in `model.npz` (a few hundred kilobytes): answering needs only
numpy. The file records the hash of the data it was trained from and the embedding model it
expects; `load_model` refuses a stale or mismatched file with the command that rebuilds it,
so a clinic that adds training messages cannot forget to retrain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import UserError
from assistant.safety.normalise import canonical_text
from assistant.safety.triage.examples import training_files
from assistant.safety.triage.features import FEATURES_VERSION, Vectorizer, document
from assistant.safety.triage.preconditions import PRECONDITIONS, allowed

MODEL_FILE = Path(__file__).resolve().parent / "model.npz"
RETRAIN = "make triage-model"


@dataclass(frozen=True)
class Prediction:
    """The model's view of one message: P(urgent) and the most likely urgent category."""

    urgent: float
    category: str
    probabilities: dict[str, float]


class TriageModel:
    """The stored detector: `predict(message, vector)`; `vector` may be None (words only)."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        self.meta = meta
        self.classes: tuple[str, ...] = tuple(str(c) for c in arrays["classes"])
        self.vectorizer = Vectorizer(
            {str(gram): i for i, gram in enumerate(arrays["vocabulary"])},
            arrays["idf"].astype(np.float32),
        )
        self._word_weights = arrays["word_weights"].astype(np.float32)
        self._word_bias = arrays["word_bias"].astype(np.float32)
        self._layers = [
            (arrays[f"mlp_w{i}"].astype(np.float32), arrays[f"mlp_b{i}"].astype(np.float32))
            for i in range(int(meta["mlp_layers"]))
        ]
        self.embedding_share = float(meta["embedding_share"])
        self.dimension = int(meta.get("dimension", 0))
        self.threshold = float(meta["threshold"])
        self._none = self.classes.index("none")

    def predict(self, message: str, vector: np.ndarray | None = None) -> Prediction:
        """Blend the word head and, when `vector` is given, the embedding head."""
        counts = document(message)
        probabilities = _softmax(
            self.vectorizer.score(counts, self._word_weights) + self._word_bias
        )
        if vector is not None:
            hidden = np.asarray(vector, dtype=np.float32)
            for i, (weights, bias) in enumerate(self._layers):
                hidden = hidden @ weights + bias
                if i < len(self._layers) - 1:
                    hidden = np.maximum(hidden, 0.0)
            share = self.embedding_share
            probabilities = (1 - share) * probabilities + share * _softmax(hidden)
        # A category whose clinical precondition is absent cannot apply: its share is "none".
        text = canonical_text(message)
        barred = np.array([c != "none" and not allowed(c, text) for c in self.classes])
        if barred.any():
            probabilities = probabilities.copy()
            probabilities[self._none] += probabilities[barred].sum()
            probabilities[barred] = 0.0
        urgent = 1.0 - float(probabilities[self._none])
        ranked = np.argsort(-probabilities)
        category = next(self.classes[i] for i in ranked if i != self._none)
        return Prediction(
            urgent=urgent,
            category=category,
            probabilities={c: float(p) for c, p in zip(self.classes, probabilities, strict=True)},
        )


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - np.max(logits))
    return shifted / shifted.sum()


def data_fingerprint(files: Sequence[Path] | None = None) -> str:
    """SHA-256 over the training files (names and bytes), the feature version and the
    preconditions (both change what cross-validation chose the threshold on)."""
    digest = hashlib.sha256(FEATURES_VERSION.encode())
    for name, pattern in sorted(PRECONDITIONS.items()):
        digest.update(f"{name}={pattern.pattern}".encode())
    for path in files if files is not None else training_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def save_model(path: Path, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    """Write the model atomically (a temporary file, then one rename)."""
    temporary = path.with_suffix(".tmp.npz")
    stored = {**arrays, "meta": np.array(json.dumps(meta, sort_keys=True))}
    np.savez_compressed(temporary, **stored)  # type: ignore[arg-type]
    temporary.replace(path)


@cache
def load_model(path: Path = MODEL_FILE, *, dimension: int | None = None) -> TriageModel:
    """The stored model; `UserError` saying how to rebuild it when it is missing, damaged,
    trained from other data than `training/` holds now, or for another embedding dimension."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        meta = json.loads(str(arrays.pop("meta")))
    except (OSError, ValueError, KeyError) as error:
        raise UserError(
            f"the triage model {path.name} is missing or damaged ({error}); run `{RETRAIN}`"
        ) from error
    if meta.get("data_sha256") != data_fingerprint():
        raise UserError(
            f"the triage model {path.name} was trained from other data than "
            f"assistant/safety/triage/training/ holds now; run `{RETRAIN}` and commit it"
        )
    if dimension is not None and int(meta.get("dimension", -1)) != dimension:
        raise UserError(
            f"the triage model expects {meta.get('dimension')}-dimensional embeddings, the "
            f"embedding model makes {dimension}; run `{RETRAIN}`"
        )
    return TriageModel(arrays, meta)
