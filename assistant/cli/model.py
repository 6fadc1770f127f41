"""`assistant build-model`: build the ONNX model file for the embedding backend, if needed."""

from __future__ import annotations

import argparse

from assistant.settings import load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `build-model` command."""
    parser = subparsers.add_parser(
        "build-model",
        help="export, quantise and verify the ONNX model file (when missing or stale)",
        description=(
            "Export the packaged all-MiniLM-L6-v2 to ONNX, quantise it to int8 for the "
            "onnx-int8 backend, check it against torch, and write it to ASSISTANT_MODEL_CACHE_DIR "
            "(default .models/). Does nothing when an undamaged, up-to-date file is there."
        ),
    )
    parser.add_argument(
        "--backend",
        choices=("onnx-int8", "onnx"),
        help="which file to build (default: ASSISTANT_EMBEDDING_BACKEND)",
    )
    parser.add_argument("--force", action="store_true", help="build even if the file is fine")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build or confirm the model file; exit 2 when its check against torch fails."""
    from assistant.embedding.export import ensure_model_file

    settings = load_settings()
    backend = args.backend or settings.embedding_backend
    if backend == "torch":
        print("the torch backend runs the packaged model directly: no model file to build")
        return 0
    result = ensure_model_file(settings, backend, force=args.force)
    if not result.built:
        print(f"{backend} model file up to date: {result.record.path}")
    return 0
