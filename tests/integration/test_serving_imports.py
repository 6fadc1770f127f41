"""`assistant ask` and `assistant serve` on the ONNX backends never import torch,
sentence-transformers or `onnx` (the exporter's library): each runs for real in a fresh
process, and the modules it loaded are read from its own `sys.modules`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from assistant.settings import Settings
from tests.support import REPO, free_port

HEAVY = ("torch", "sentence_transformers", "onnx", "onnxscript", "transformers")

ASK = """
import json, sys
from assistant.cli import main
status = main(["ask", "Can high heels cause back pain?", "--json"])
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
seen = {"status": status, "loaded": loaded, "ort": "onnxruntime" in sys.modules}
print("MODULES " + json.dumps(seen))
"""

SERVE = """
import json, os, sys, threading, time
import httpx
from assistant.cli import main
threading.Thread(target=main, args=(["serve", "--port", PORT],), daemon=True).start()
deadline = time.monotonic() + 240
while True:
    try:
        health = httpx.get(f"http://127.0.0.1:{PORT}/api/health", timeout=2)
        if health.status_code == 200:
            break
    except httpx.TransportError:
        pass
    if time.monotonic() > deadline:
        raise SystemExit("no health answer")
    threading.Event().wait(0.2)
question = {"question": "Do flat feet hurt the back?"}
reply = httpx.post(f"http://127.0.0.1:{PORT}/api/ask", json=question, timeout=60)
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
seen = {"status": reply.status_code, "loaded": loaded, "ort": "onnxruntime" in sys.modules}
print("MODULES " + json.dumps(seen))
sys.stdout.flush()
os._exit(0)
"""


def run_script(script: str, settings: Settings, backend: str, **names: str) -> dict:
    prelude = f"HEAVY = {HEAVY!r}\n" + "".join(f"{k} = {v!r}\n" for k, v in names.items())
    env = {
        **os.environ,
        "ASSISTANT_INDEX_DIR": str(settings.index_dir),
        "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
        "ASSISTANT_EMBEDDING_BACKEND": backend,
        "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0",
    }
    env.pop("ASSISTANT_CHROMA_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(script)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    [line] = [row for row in result.stdout.splitlines() if row.startswith("MODULES ")]
    return json.loads(line.removeprefix("MODULES "))


@pytest.fixture(scope="module")
def int8_index(seed_index_settings: Settings) -> Settings:
    return seed_index_settings  # built with the default backend, onnx-int8


def test_ask_loads_onnxruntime_and_never_torch(int8_index: Settings) -> None:
    seen = run_script(ASK, int8_index, "onnx-int8")
    assert seen == {"status": 0, "loaded": [], "ort": True}


def test_serve_answers_without_ever_importing_torch(int8_index: Settings) -> None:
    seen = run_script(SERVE, int8_index, "onnx-int8", PORT=str(free_port()))
    assert seen == {"status": 200, "loaded": [], "ort": True}


def test_the_check_sees_torch_when_it_is_there(int8_index: Settings) -> None:
    # Same script, torch backend: the index is refused (built by onnx-int8), but building the
    # embedder is not what imports torch either; so embed once to show the probe can fail.
    script = ASK.replace(
        'status = main(["ask", "Can high heels cause back pain?", "--json"])',
        "from assistant.embedding.sentence_transformers import SentenceTransformerEmbedder\n"
        "SentenceTransformerEmbedder().embed(['x'])\nstatus = 0",
    )
    seen = run_script(script, int8_index, "torch")
    assert "torch" in seen["loaded"] and "sentence_transformers" in seen["loaded"]
