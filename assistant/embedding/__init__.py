"""Embedding: the `Embedder` seam (`base`) and its implementations; `build_embedder` picks one.

Importing this package loads no model and never imports torch: an implementation is imported
only when it is built.
"""

from __future__ import annotations

from assistant.embedding.base import Embedder, packaged_minilm
from assistant.errors import UserError
from assistant.settings import Settings

__all__ = ["Embedder", "build_embedder"]


def build_embedder(settings: Settings) -> Embedder:
    """The embedder named in the settings; only the packaged all-MiniLM-L6-v2 ships today.

    Raises `UserError` for another model name.
    """
    model = packaged_minilm()
    if settings.embedding_model.rsplit("/", 1)[-1] != model.name:
        raise UserError(
            f"unknown embedding model {settings.embedding_model!r}; set "
            f"ASSISTANT_EMBEDDING_MODEL to {model.name!r} (the model shipped with this package)"
        )
    from assistant.embedding.sentence_transformers import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(model, batch_size=settings.embed_batch_size)
