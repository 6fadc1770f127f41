"""Paths and small helpers the tests share (fixtures live in the conftest files)."""

from __future__ import annotations

import socket
from pathlib import Path

from evals.paths import MEDQUAD, REPO

CORPUS = REPO / "corpus"
DATA = Path(__file__).resolve().parent / "data"
# A base URL for test clients whose host the app answers by default (ASSISTANT_ALLOWED_HOSTS).
LOCAL = "http://127.0.0.1"

__all__ = ["CORPUS", "DATA", "LOCAL", "MEDQUAD", "REPO", "free_port"]


def free_port() -> int:
    """A free loopback TCP port (bound to port 0, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
