"""The layers the tree promises, checked on the source: no import cycles, no library module
importing its callers, and each third-party library kept inside its adapter.

Every import counts, also those inside functions (a lazy import is still a dependency); only
imports under `if TYPE_CHECKING:` are left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from tests.support import REPO

PACKAGES = ("assistant", "ingest", "evals")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imported(module: str, path: Path) -> Iterator[str]:
    """Every module name `module` imports (absolute, including submodules named in `from`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_lines(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            for alias in node.names:
                yield f"{base}.{alias.name}"


@cache
def graph() -> dict[str, set[str]]:
    """Project module -> the project modules it imports."""
    known = modules()
    return {
        module: {name for name in _imported(module, path) if name in known and name != module}
        for module, path in known.items()
    }


def _third_party(module: str) -> set[str]:
    return {name.split(".")[0] for name in _imported(module, modules()[module])}


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_the_scan_sees_the_real_tree():
    # Guards the checks below against silently scanning nothing.
    edges = graph()
    assert len(edges) > 60
    assert "assistant.store.chroma" in edges["assistant.store"] | edges["assistant.store.writer"]
    assert "assistant.engine" in edges["assistant.factory"]


def test_there_are_no_import_cycles():
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert cycles == []


# (who, what it must not import, why)
LAYER_RULES = [
    ("assistant", "ingest", "the answer engine never depends on ingestion"),
    ("assistant", "evals", "the library never imports its evaluation"),
    ("assistant", "assistant.web", "only the composition root wires the web front end"),
    ("assistant", "assistant.cli", "nothing imports the composition root"),
    ("ingest", "evals", "ingestion never imports its evaluation"),
    ("ingest", "assistant.web", "ingestion never imports the UI"),
    ("ingest", "assistant.cli", "nothing imports the composition root"),
    ("evals", "assistant.web", "evals call public entry points only"),
    ("evals", "assistant.cli", "nothing imports the composition root"),
    ("evals", "assistant.store", "evals read articles through the assistant, not the store"),
    ("assistant.web", "assistant.store", "the UI never touches Chroma"),
    ("assistant.web", "assistant.embedding", "the UI never loads a model itself"),
]
# The composition root may import anything; a package may import itself.
ALLOWED = ("assistant.cli",)


@pytest.mark.parametrize(("who", "forbidden", "why"), LAYER_RULES)
def test_no_module_imports_a_layer_above_it(who, forbidden, why):
    offenders = sorted(
        f"{module} -> {target}"
        for module, targets in graph().items()
        if _under(module, who) and not _under(module, forbidden)
        if not any(_under(module, root) for root in ALLOWED)
        for target in targets
        if _under(target, forbidden)
    )
    assert offenders == [], why


def test_internal_modules_never_import_the_package_root():
    # `from assistant import build_assistant` is for callers; inside, it would be a cycle.
    offenders = sorted(
        module
        for module, targets in graph().items()
        if _under(module, "assistant") and module != "assistant"
        if not any(_under(module, top) for top in ("assistant.cli", "assistant.web"))
        and "assistant" in targets
    )
    assert offenders == []


# Third-party library -> the only modules that may import it.
ADAPTERS = {
    "chromadb": {"assistant.store.chroma"},
    # torch at run time only in its adapter; the model-file build also drives the exporter.
    "torch": {"assistant.embedding.sentence_transformers", "assistant.embedding.export"},
    "sentence_transformers": {"assistant.embedding.sentence_transformers"},
    "onnxruntime": {"assistant.embedding.onnx", "assistant.embedding.export"},
    "tokenizers": {"assistant.embedding.onnx"},
    "onnx": {"assistant.embedding.export"},
    "onnxscript": {"assistant.embedding.export"},
    "bm25s": {"assistant.retrieval.bm25"},
    "gradio": {"assistant.web.ui"},
    "langchain_core": {"assistant.integrations.langchain", "evals.baseline"},
    "langchain_chroma": {"evals.baseline"},
    "langchain_huggingface": {"evals.baseline"},
    "langchain_text_splitters": {"evals.baseline"},
    "uvicorn": {"assistant.cli.serve"},
    # Training only: answering reads the stored weights with numpy.
    "sklearn": {"assistant.safety.triage.train"},
    "scipy": {"assistant.safety.triage.train"},
}


@pytest.mark.parametrize("library", sorted(ADAPTERS))
def test_each_library_stays_inside_its_adapter(library):
    importers = {module for module in modules() if library in _third_party(module)}
    assert importers <= ADAPTERS[library]


def test_fastapi_and_starlette_stay_in_the_web_package():
    importers = {
        module
        for module in modules()
        if _third_party(module) & {"fastapi", "starlette", "sse_starlette"}
    }
    assert importers and all(_under(module, "assistant.web") for module in importers)
