"""`assistant serve` in its own process for the load benchmarks: its environment, its seed
index, starting it until healthy, and its CPU time (benchmarks/bench_load.py)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 180.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` and its threads so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_env(source: Path, index_dir: Path, workdir: Path) -> dict[str, str]:
    """The environment of a server on `index_dir` built from this checkout's seed corpus, run
    from `source`'s code, with its feedback database in `workdir` and the rate limit off."""
    return {
        **os.environ,
        "PYTHONPATH": str(source),
        "ASSISTANT_CORPUS_DIR": str(REPO / "corpus"),
        "ASSISTANT_INDEX_DIR": str(index_dir),
        "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0",
        "ASSISTANT_FEEDBACK_DB": str(workdir / "feedback.sqlite3"),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }


def build_index(env: dict[str, str], source: Path) -> None:
    """`assistant ingest` with `env` (raises CalledProcessError when it fails)."""
    command = [sys.executable, "-m", "assistant.cli", "ingest", "--quiet"]
    subprocess.run(command, env=env, cwd=source, check=True, stdout=subprocess.DEVNULL)


def start_server(env: dict[str, str], source: Path, port: int) -> subprocess.Popen[bytes]:
    """`assistant serve` on loopback `port`, once `/api/health` answers 200 (RuntimeError when
    it exits or has not answered within STARTUP_TIMEOUT_S)."""
    command = [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1"]
    server = subprocess.Popen(
        [*command, "--port", str(port)], env=env, cwd=source, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"assistant serve exited with status {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=0.3)  # wakes early if the server dies
    server.terminate()
    raise RuntimeError("assistant serve did not answer /api/health in time")
