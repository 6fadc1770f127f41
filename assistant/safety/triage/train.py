"""Train the triage model from `training/` and write `model.npz`: `make triage-model`.

    python -m assistant.safety.triage.train [--check]

1. Load every training example (`examples.load_training`) and embed its text with the
   configured embedder (the same MiniLM the engine uses).
2. Cross-validate by author: each writer's messages are scored by a model trained on the other
   writers only, which is how the model meets a new voice. Print recall and false alarms, and
   pick the decision threshold that keeps cross-validated recall at `TARGET_RECALL`.
3. Fit both heads on everything and save them with the data fingerprint.

Deterministic (fixed seeds). Needs scikit-learn, which answering does not: this is the only
module that imports it. `--check` only reports whether the stored model is stale.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from assistant.safety.triage.examples import Example, load_training, training_files
from assistant.safety.triage.features import FEATURES_VERSION, Vectorizer, document
from assistant.safety.triage.model import MODEL_FILE, data_fingerprint, save_model

TARGET_RECALL = 0.975  # cross-validated recall the threshold is chosen for
# Training files that help the model but do not choose the threshold: the clinic's first triage
# sets, written by the author of the old rules in one narrow voice (their held-out recall would
# pull the threshold down for everyone else).
NOT_FOR_THRESHOLD = frozenset({"legacy"})
WORD_C = 64.0  # inverse regularisation of the word head, chosen by cross-validation
EMBEDDING_SHARE = 0.1  # weight of the embedding head in the blend, chosen the same way
HIDDEN = 128


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.safety.triage.train")
    parser.add_argument("--check", action="store_true", help="only say whether it is stale")
    parser.add_argument("--scores", help="also save the cross-validated scores (.npy) here")
    args = parser.parse_args(argv)
    if args.check:
        from assistant.safety.triage.model import load_model

        load_model()
        print(f"{MODEL_FILE.name} is up to date with the training data")
        return 0
    from assistant.embedding import build_embedder
    from assistant.settings import load_settings

    examples = load_training()
    embedder = build_embedder(load_settings())
    began = time.perf_counter()
    vectors = embedder.embed([example.model_text() for example in examples])
    print(f"{len(examples)} examples from {len(training_files())} files, embedded in "
          f"{time.perf_counter() - began:.0f} s")  # fmt: skip
    cv = cross_validate(examples, vectors)
    chooses = np.array([e.author not in NOT_FOR_THRESHOLD for e in examples])
    threshold = threshold_for(cv[chooses], [e.urgent for e in examples if e.author not in
                              NOT_FOR_THRESHOLD], TARGET_RECALL)  # fmt: skip
    if args.scores:
        np.save(args.scores, cv)
    report(examples, cv, threshold)
    arrays, meta = fit(examples, vectors)
    meta.update(
        threshold=threshold,
        embedding_model=embedder.name,
        dimension=embedder.dimension,
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
        cross_validation=summary(examples, cv, threshold),
    )
    save_model(MODEL_FILE, arrays, meta)
    print(f"wrote {MODEL_FILE.name} (threshold {threshold:.3f})")
    return 0


def fit(examples: Sequence[Example], vectors: np.ndarray) -> tuple[dict[str, np.ndarray], dict]:
    """Both heads fitted on `examples`; the arrays and metadata `TriageModel` reads."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    labels = np.array([example.label for example in examples])
    documents = [document(example.model_text()) for example in examples]
    vectorizer = Vectorizer.fit(documents)
    words = LogisticRegression(C=WORD_C, max_iter=5000, class_weight="balanced")
    words.fit(_matrix(vectorizer, documents), labels)
    mlp = MLPClassifier(
        hidden_layer_sizes=(HIDDEN,), alpha=1e-2, max_iter=500, random_state=0,
        early_stopping=True,
    )  # fmt: skip
    mlp.fit(vectors, labels)
    if list(mlp.classes_) != list(words.classes_):
        raise RuntimeError("the two heads learned different class lists")
    vocabulary = sorted(vectorizer.vocabulary, key=vectorizer.vocabulary.__getitem__)
    arrays = {
        "classes": np.array(words.classes_, dtype=str),
        "vocabulary": np.array(vocabulary, dtype=str),
        "idf": vectorizer.idf.astype(np.float32),
        "word_weights": words.coef_.T.astype(np.float16),
        "word_bias": words.intercept_.astype(np.float32),
    }
    for i, (weights, bias) in enumerate(zip(mlp.coefs_, mlp.intercepts_, strict=True)):
        arrays[f"mlp_w{i}"] = weights.astype(np.float16)
        arrays[f"mlp_b{i}"] = bias.astype(np.float32)
    meta = {
        "features": FEATURES_VERSION,
        "data_sha256": data_fingerprint(),
        "examples": len(examples),
        "embedding_share": EMBEDDING_SHARE,
        "mlp_layers": len(mlp.coefs_),
    }
    return arrays, meta


def cross_validate(examples: Sequence[Example], vectors: np.ndarray) -> np.ndarray:
    """P(urgent) of every example from a model that never saw its author's messages."""
    from assistant.safety.triage.model import TriageModel

    authors = np.array([example.author for example in examples])
    scores = np.zeros(len(examples))
    for author in sorted(set(authors)):
        held = np.flatnonzero(authors == author)
        kept = np.flatnonzero(authors != author)
        arrays, meta = fit([examples[int(i)] for i in kept], vectors[kept])
        model = TriageModel(arrays, {**meta, "threshold": 0.5})
        for i in held:
            scores[i] = model.predict(examples[int(i)].model_text(), vectors[i]).urgent
    return scores


def threshold_for(scores: np.ndarray, urgent: Sequence[bool], recall: float) -> float:
    """The highest threshold whose share of urgent examples scored at or above it >= recall."""
    positive = np.sort(scores[np.asarray(urgent)])
    return float(positive[int(np.floor((1 - recall) * len(positive)))])


def summary(examples: Sequence[Example], scores: np.ndarray, threshold: float) -> dict:
    urgent = np.array([e.urgent for e in examples])
    flagged = scores >= threshold
    return {
        "recall": round(float(flagged[urgent].mean()), 4),
        "false_alarms": round(float(flagged[~urgent].mean()), 4),
        "urgent": int(urgent.sum()),
        "lookalikes": int((~urgent).sum()),
    }


def report(examples: Sequence[Example], scores: np.ndarray, threshold: float) -> None:
    """Cross-validated recall and false alarms, per author."""
    for author in sorted({e.author for e in examples}):
        rows = [i for i, e in enumerate(examples) if e.author == author]
        result = summary([examples[i] for i in rows], scores[rows], threshold)
        print(f"  held out {author:12s} recall {result['recall']:.3f}  "
              f"false alarms {result['false_alarms']:.3f}")  # fmt: skip
    total = summary(examples, scores, threshold)
    print(f"  all (by author)       recall {total['recall']:.3f}  "
          f"false alarms {total['false_alarms']:.3f}")  # fmt: skip


def _matrix(vectorizer: Vectorizer, documents: Sequence) -> object:
    from scipy.sparse import csr_matrix

    data: list[float] = []
    columns: list[int] = []
    pointers = [0]
    for counts in documents:
        index, values = vectorizer.row(counts)
        columns.extend(index)
        data.extend(values)
        pointers.append(len(columns))
    return csr_matrix((data, columns, pointers), shape=(len(documents), len(vectorizer.idf)))


if __name__ == "__main__":
    sys.exit(main())
