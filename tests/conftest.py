"""Shared set-up: offline model flags, and markers given by folder.

Tests in `tests/unit/` are fast and use readable fakes; `tests/integration/` (marked
`integration`) loads the real model, real Chroma indexes and servers, or starts the app;
`tests/browser/` (marked `browser`) drives Debian's Chromium. `make test-fast` runs the unit
tests only.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

_MARKER_BY_FOLDER = {"integration": "integration", "browser": "browser"}
# The fixtures below load real parts: a unit test asking for one is in the wrong folder.
REAL_FIXTURES = frozenset(
    {"real_embedder", "torch_embedder", "seed_index_settings", "chroma_server_url"}
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = Path(__file__).resolve().parent
    for item in items:
        folder = Path(str(item.path)).resolve().relative_to(tests).parts[0]
        marker = _MARKER_BY_FOLDER.get(folder)
        if marker is not None:
            item.add_marker(marker)
        elif REAL_FIXTURES & set(getattr(item, "fixturenames", ())):
            raise pytest.UsageError(
                f"{item.nodeid} uses a real model or server fixture: move it to "
                "tests/integration/ or tests/browser/"
            )


@pytest.fixture(scope="session")
def real_embedder():
    """The packaged all-MiniLM-L6-v2 on the default backend (onnx-int8), loaded once.

    Needs the model file `make test` builds first (`assistant build-model`).
    """
    from assistant.embedding import build_embedder
    from assistant.settings import Settings

    return build_embedder(Settings())


@pytest.fixture(scope="session")
def torch_embedder():
    """The packaged all-MiniLM-L6-v2 through sentence-transformers on torch (the reference)."""
    from assistant.embedding.sentence_transformers import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def seed_index_settings(tmp_path_factory, real_embedder):
    """Settings pointing at a real embedded index of corpus/, built once per test session.

    Treat the index as read-only: build your own with `ingest.pipeline.ingest_paths` to change it.
    """
    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths
    from tests.support import CORPUS

    index_dir = tmp_path_factory.mktemp("seed-index") / "index"
    settings = Settings(corpus_dir=CORPUS, index_dir=index_dir, chroma_url=None)
    ingest_paths(settings, embedder=real_embedder)
    return settings


@pytest.fixture(scope="session")
def chroma_server_url(tmp_path_factory):
    """URL of a real `chroma run` server on a free loopback port, shared by the session.

    Tests sharing it should use their own collection names (`Settings(collection=...)`).
    """
    import contextlib
    import subprocess
    import sys
    import time

    import httpx

    from tests.support import free_port

    chroma = Path(sys.executable).with_name("chroma")
    data = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = open(data / "server.log", "wb")  # noqa: SIM115 - closed after the server stops
    server = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(data / "db"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"chroma run exited: {(data / 'server.log').read_text()}")
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("chroma run did not answer its heartbeat within 60 s")
            # Poll with a short blocking wait on the process (not a bare sleep): wakes early
            # if the server dies.
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
