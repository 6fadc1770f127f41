"""Build the ONNX model files from the packaged weights: export, quantise, verify, write atomically.

Run by `assistant build-model` (and so by `make model`, `make run`, `make test`); serving never
imports this module. It needs torch, `onnx` and `onnxscript`, at build time only:

1. export the packaged model's transformer (token ids + attention mask -> token vectors) with
   torch's dynamo exporter (the legacy `dynamo=False` path gave wrong vectors for this model),
   its attention in plain form;
2. for `onnx-int8`, quantise its MatMul weights per channel, symmetric, to int8
   (`onnxruntime.quantization.quantize_dynamic`; its default settings lose too much);
3. verify: the new file through `OnnxEmbedder`, against the torch embedder, on a fixed probe
   set (`PROBES`): passage and question vectors must reach cosine >= `MIN_COSINE`, sentence
   vectors >= `MIN_SENTENCE_COSINE`, on every probe; otherwise nothing is written;
4. write the graph under a content-addressed name, then its record with one atomic rename
   (`assistant.embedding.model_file`), then remove graphs no record names.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embedding.base import PackagedModel, packaged_minilm
from assistant.embedding.model_file import (
    RECIPE_VERSION,
    ModelFileUnavailable,
    ModelRecord,
    file_sha256,
    installed_package,
    load_record,
    record_path,
    verify_file,
    weights_sha256,
)
from assistant.embedding.onnx import OnnxEmbedder
from assistant.errors import UserError
from assistant.settings import Settings
from assistant.text import split_sentences

MIN_COSINE = 0.99  # passage and question vectors
# Sentence vectors average a handful of tokens, so int8 rounding moves them more (measured
# 0.989-0.996 on the probes); the relevance gate is calibrated on them as they come out.
MIN_SENTENCE_COSINE = 0.98
# A fixed probe set: patient questions, article passages of several lengths (one beyond the
# 256-token window), headings and a bare step. Never edited to make a build pass.
PROBES: tuple[str, ...] = (
    "Can high heels cause back pain?",
    "how many times should i repeat the toe exercise",
    "My lower back hurts when I stand for a long time. What can I do?",
    "Is walking barefoot good for flat feet?",
    "What are the symptoms of plantar fasciitis?",
    "Keep this position for three seconds.",
    "Toe pressing",
    "Foot Exercises for Back Pain\nToe pressing\nSit on a chair with your feet flat on the floor. "
    "Press your toes down into the floor and hold for three seconds, then relax. Repeat ten "
    "times with each foot.",
    "Overpronation means the foot rolls inward too far when you walk. Over time this can "
    "change how the knees, hips and lower back line up, and some people feel it as a dull "
    "ache at the end of the day. Shoes with firm heel counters and arch support help many "
    "people; a podiatrist can check whether custom insoles are worth trying.",
    "Glaucoma is a group of diseases that can damage the eye's optic nerve and result in "
    "vision loss and blindness. The most common form, open-angle glaucoma, has no early "
    "symptoms; regular dilated eye exams find it before vision is lost.",
    "Diabetes is a disease in which your blood glucose, or blood sugar, levels are too high. "
    "Glucose comes from the foods you eat. Insulin is a hormone that helps the glucose get "
    "into your cells to give them energy. " * 8,
    "If you have chest pain that spreads to your arm or jaw, call your local emergency number.",
)


@dataclass(frozen=True)
class BuildResult:
    """What `ensure_model_file` found or did."""

    record: ModelRecord
    built: bool
    reason: str  # why it was (re)built, or "up to date"


def ensure_model_file(
    settings: Settings, backend: str, *, force: bool = False, log: Any = print
) -> BuildResult:
    """Build `backend`'s model file unless an up-to-date, undamaged one is there already.

    Up to date = the record loads (same package, recipe), its graph's bytes match, and the
    packaged weights are those it was made from. Raises `UserError` when the new file fails
    its verification against torch (nothing is written then).
    """
    model = packaged_minilm()
    if not force:
        reason = _stale_reason(settings, backend, model)
        if reason is None:
            return BuildResult(load_record(settings, backend, model), False, "up to date")
    else:
        reason = "--force"
    log(f"building the {backend} model file for {model.name} ({reason}) ...")
    return BuildResult(build_model_file(settings, backend, model, log=log), True, reason)


def _stale_reason(settings: Settings, backend: str, model: PackagedModel) -> str | None:
    try:
        record = load_record(settings, backend, model)
        verify_file(record)
    except ModelFileUnavailable as problem:
        return str(problem).split(";")[0]
    if record.weights_sha256 != weights_sha256(model):
        return "the packaged weights changed"
    return None


def build_model_file(
    settings: Settings, backend: str, model: PackagedModel, *, log: Any = print
) -> ModelRecord:
    """Export (and for `onnx-int8` quantise) the model, verify it, and write it atomically."""
    from assistant.embedding.sentence_transformers import SentenceTransformerEmbedder

    folder = settings.model_cache_dir
    folder.mkdir(parents=True, exist_ok=True)
    reference = SentenceTransformerEmbedder(model, batch_size=settings.embed_batch_size)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".build-") as work:
        graph = Path(work) / "model.onnx"
        export_graph(reference.model, graph)
        if backend == "onnx-int8":
            quantised = Path(work) / "model-int8.onnx"
            quantise_int8(graph, quantised)
            graph = quantised
        digest = file_sha256(graph)
        record = ModelRecord(
            backend=backend,
            file=f"{model.name}-{backend}-{digest[:12]}.onnx",
            sha256=digest,
            package=installed_package(),
            weights_sha256=weights_sha256(model),
            recipe=RECIPE_VERSION,
            min_cosine=0.0,
            min_sentence_cosine=0.0,
            folder=Path(work),
        )
        os.replace(graph, record.path)
        candidate = OnnxEmbedder(model, record, settings.embed_batch_size)
        worst, worst_sentence = verify_against(reference, candidate)
        log(
            f"checked against torch on {len(PROBES)} probes: lowest cosine {worst:.4f} "
            f"(passages, questions), {worst_sentence:.4f} (sentences)"
        )
        if worst < MIN_COSINE or worst_sentence < MIN_SENTENCE_COSINE:
            raise UserError(
                f"the {backend} model file failed its check against torch (lowest cosine "
                f"{worst:.4f}, needs {MIN_COSINE}; sentences {worst_sentence:.4f}, needs "
                f"{MIN_SENTENCE_COSINE}); nothing was written. Use "
                "ASSISTANT_EMBEDDING_BACKEND=torch and report this with your package versions"
            )
        final = dataclasses.replace(
            record,
            min_cosine=round(worst, 6),
            min_sentence_cosine=round(worst_sentence, 6),
            folder=folder,
        )
        os.replace(record.path, final.path)
        pending = Path(work) / "record.json"
        pending.write_text(final.to_json(), encoding="utf-8")
        with open(pending, "rb") as stream:
            os.fsync(stream.fileno())
        os.replace(pending, record_path(settings, backend, model))
    _remove_unnamed_graphs(folder, model, backend, keep=final.file)
    log(f"wrote {final.path} (sha256 {final.sha256[:12]})")
    return final


def export_graph(sentence_transformer: Any, target: Path) -> None:
    """The transformer of a `SentenceTransformer` as ONNX (dynamo exporter), batch and
    sequence length dynamic; inputs `input_ids`, `attention_mask`, output `token_embeddings`."""
    import torch

    class TokenVectors(torch.nn.Module):
        """BERT with token type ids fixed at 0 (single texts), returning the last layer."""

        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            output = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            )
            return output.last_hidden_state

    bert = sentence_transformer[0].auto_model
    # Plain ("eager") attention, not torch's scaled_dot_product_attention: exported, SDPA
    # guards every attention row against NaN with IsNaN + Where over the whole
    # batch x heads x tokens x tokens tensor, a quarter of the int8 graph's time (onnxruntime's
    # profiler, 16 MedQuAD chunks); the eager graph is the same arithmetic, 1.5x faster.
    previous = bert.config._attn_implementation
    bert.set_attn_implementation("eager")
    try:
        _export(TokenVectors(bert).eval(), target)
    finally:
        bert.set_attn_implementation(previous)  # the reference it is checked against is as used


def _export(module: Any, target: Path) -> None:
    import torch

    # Two distinct tensors: the exporter ties inputs given as one and the same object.
    ids, mask = torch.ones((2, 16), dtype=torch.int64), torch.ones((2, 16), dtype=torch.int64)
    batch, sequence = torch.export.Dim("batch", max=4096), torch.export.Dim("sequence", max=512)
    dynamic = {"input_ids": {0: batch, 1: sequence}, "attention_mask": {0: batch, 1: sequence}}
    with torch.no_grad(), _quiet():  # the exporter's notes on torchvision and axis names
        program = torch.onnx.export(
            module,
            (ids, mask),
            dynamo=True,
            input_names=["input_ids", "attention_mask"],
            output_names=["token_embeddings"],
            dynamic_shapes=dynamic,
            optimize=True,
            verbose=False,
        )
    if program is None:  # only the legacy exporter returns nothing
        raise UserError("torch's dynamo exporter returned no ONNX program")
    program.save(str(target))
    _strip_build_notes(target)


def _strip_build_notes(path: Path) -> None:
    """Remove the exporter's per-node notes (stack traces with this checkout's absolute paths,
    FX node names), so the same versions build the same bytes, and so the same hash, in any
    folder. The graph itself is untouched."""
    import onnx

    proto = onnx.load(str(path))

    def scrub(graph: Any) -> None:
        del graph.metadata_props[:]
        for value in (*graph.input, *graph.output, *graph.value_info, *graph.initializer):
            del value.metadata_props[:]
        for node in graph.node:
            del node.metadata_props[:]
            node.doc_string = ""
            for attribute in node.attribute:
                if attribute.HasField("g"):
                    scrub(attribute.g)
                for subgraph in attribute.graphs:
                    scrub(subgraph)

    scrub(proto.graph)
    for function in proto.functions:
        del function.metadata_props[:]
        for node in function.node:
            del node.metadata_props[:]
    del proto.metadata_props[:]
    onnx.save(proto, str(path))


def quantise_int8(source: Path, target: Path) -> None:
    """Every MatMul's weights to int8, per channel and symmetric; activations quantised on
    the fly. The word-embedding table stays fp32: quantising that lookup saves 36 MB of file
    but no time, and cost the probes their 0.99 (lowest passage cosine 0.9900 -> 0.9917)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with _quiet():  # it advises a pre-processing pass that made no difference here
        quantize_dynamic(
            source,
            target,
            per_channel=True,
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            extra_options={"WeightSymmetric": True},
        )


def verify_against(reference: Any, candidate: OnnxEmbedder) -> tuple[float, float]:
    """The lowest cosine between `candidate` and `reference` over the probes' passage and
    question vectors, and over their sentence vectors (embedded in one batch, as at ingest).

    Raises `UserError` when a shape differs (a sentence missing or extra)."""
    spans = [split_sentences(text) for text in PROBES]
    want, want_spans = reference.embed_passages(PROBES, spans)
    got, got_spans = candidate.embed_passages(PROBES, spans)
    # Questions are embedded one at a time when answering: check that path too.
    alone = np.concatenate([candidate.embed([text]) for text in PROBES[:5]])
    lowest = float(np.min(np.sum(want * got, axis=1)))
    lowest = min(lowest, float(np.min(np.sum(want[:5] * alone, axis=1))))
    sentences = 1.0
    for expected, actual in zip(want_spans, got_spans, strict=True):
        if expected.shape != actual.shape:
            raise UserError(f"sentence vectors of shape {actual.shape}, expected {expected.shape}")
        if len(expected):
            sentences = min(sentences, float(np.min(np.sum(expected * actual, axis=1))))
    return lowest, sentences


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Hide library warnings and log records below ERROR while a build step runs."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)


def _remove_unnamed_graphs(folder: Path, model: PackagedModel, backend: str, keep: str) -> None:
    mine = re.compile(re.escape(f"{model.name}-{backend}-") + r"[0-9a-f]{12}\.onnx")
    for graph in folder.glob(f"{model.name}-{backend}-*.onnx"):
        if mine.fullmatch(graph.name) and graph.name != keep:
            with contextlib.suppress(OSError):
                graph.unlink()
