"""Embedding: the `Embedder` seam (`base`) and its implementations; `build_embedder` picks one.

Backends (`ASSISTANT_EMBEDDING_BACKEND`): `onnx-int8` (default) and `onnx` run an ONNX graph
of the packaged model through onnxruntime (`assistant.embedding.onnx`, the graph built once by
`assistant build-model`); `torch` runs sentence-transformers (`.sentence_transformers`, the
only module that imports torch at run time). Importing this package loads no model and never
imports torch or onnxruntime: an implementation is imported only when it is built.
"""

from __future__ import annotations

from assistant.embedding.base import Embedder, packaged_minilm
from assistant.embedding.model_file import installed_package, load_record
from assistant.errors import UserError
from assistant.settings import Settings

__all__ = ["QUESTION_THREADS", "Embedder", "build_embedder", "embedding_identity"]

# Threads per embedding call for an engine that answers questions. A question is one short text:
# on one thread onnxruntime embeds it faster than on two (its threads wake for every operator:
# MedQuAD questions p50 3.7 -> 3.2 ms, seed questions 3.2 -> 1.9 ms, `make bench-ask`), and
# questions asked at once run on separate cores. Ingest keeps every core for its batches.
QUESTION_THREADS = 1


def build_embedder(settings: Settings, *, threads: int = 0) -> Embedder:
    """The embedder the settings name; loads nothing yet (the model loads on first use).

    `threads` bounds the ONNX backends' threads per call (0: one per core); torch keeps its own
    process-wide setting.

    Raises `UserError` for a model other than the packaged one, and `ModelFileUnavailable`
    (naming `assistant build-model`) when an ONNX backend's file is missing or stale.
    """
    model = packaged_minilm()
    if settings.embedding_model.rsplit("/", 1)[-1] != model.name:
        raise UserError(
            f"unknown embedding model {settings.embedding_model!r}; set "
            f"ASSISTANT_EMBEDDING_MODEL to {model.name!r} (the model shipped with this package)"
        )
    match settings.embedding_backend:
        case "onnx-int8" | "onnx":
            from assistant.embedding.onnx import OnnxEmbedder

            record = load_record(settings, settings.embedding_backend, model)
            return OnnxEmbedder(
                model, record, batch_size=settings.embed_batch_size, threads=threads
            )
        case "torch":
            from assistant.embedding.sentence_transformers import SentenceTransformerEmbedder

            return SentenceTransformerEmbedder(model, batch_size=settings.embed_batch_size)


def embedding_identity(settings: Settings) -> dict[str, str]:
    """What an index records about the vectors' maker: the backend and its model file's hash.

    For the ONNX backends the hash is the graph's sha256 (from its record; raises
    `ModelFileUnavailable` when there is none); for torch, the weights come from the
    installed package, named with its version.
    """
    backend = settings.embedding_backend
    if backend == "torch":
        return {"embedding_backend": backend, "model_file": installed_package()}
    record = load_record(settings, backend, packaged_minilm())
    return {"embedding_backend": backend, "model_file": f"sha256:{record.sha256}"}
