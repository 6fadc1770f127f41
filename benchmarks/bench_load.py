"""Load on the running app: concurrent clients on /api/ask, the SSE stream and the chat page.

    python benchmarks/bench_load.py [--levels 1,4,8,16,32] [--seconds 8] [--slices 4]
        [--targets api,sse,chat] [--visit 3] [--index-dir DIR] [--serve-from DIR] [--json FILE]

Starts `assistant serve` as its own process on a free loopback port (nothing else is reached)
over the seed index, built into a temp folder unless `--index-dir` names one, with the per-client
rate limit off (every client here has the same address). For each target and each number of
concurrent clients, that many closed-loop clients (each sends its next request when the last
one is complete) run for `--seconds` in all, in `--slices` turns that the targets take one
after the other (so a change in the machine's load falls on all of them alike); each slice
waits for the requests in flight before the next starts. The questions are the gold set's
single-turn questions, in file order.

- `api`: POST /api/ask; complete when the JSON answer has arrived.
- `sse`: POST /api/ask/stream; complete at the `answer` event.
- `chat`: the chat page's own protocol: POST /gradio_api/queue/join for the event that the
  question box triggers (found in /config, so the same client works on any version of the
  page), then GET /gradio_api/queue/data until `process_completed`.

Each client is a visitor who asks `--visit` questions in one conversation, then leaves, and
the next visitor arrives: on the chat page one session (one page load, which keeps the
earlier turns on the server), on the API the earlier turns sent back as `history`, as the
widget does. Every target so asks the engine the same questions with the same history;
`--visit 1` makes every request a new visitor's first question.

An error is any non-2xx status, a transport error or timeout, a missing `answer` event or an
unsuccessful `process_completed`. Prints a Markdown table (throughput, p50/p95/p99, the server
process's CPU time per request, errors) and the chat/API p95 ratio at each level; asserts
nothing. "load's CPU" is this process's own CPU time per request: the clients share the
machine with the server. They run on uvloop, the event loop the server uses.
`--serve-from DIR` serves another checkout's code (e.g. main's, for a before/after table) with
this interpreter.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import uvloop

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.served_app import (  # noqa: E402 - `assistant serve` in its own process
    build_index,
    cpu_seconds,
    server_env,
    start_server,
)
from tests.chat_page import (  # noqa: E402 - the page's protocol, shared with the tests
    SubmitEvent,
    event_from_config,
    join_request,
    stream_message,
)
from tests.support import free_port  # noqa: E402

GOLD = REPO / "evals" / "datasets" / "gold.jsonl"
REQUEST_TIMEOUT_S = 60.0
# The earlier messages an API client sends back, as the widget does (HISTORY_SENT in widget.js).
HISTORY_SENT = 10


@dataclass
class Level:
    """What one target at one concurrency measured."""

    target: str
    clients: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    server_cpu_s: float = 0.0  # the server process's CPU time during the level
    client_cpu_s: float = 0.0  # this process's (the load's) CPU time during the level

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    def add(self, part: Level, server_cpu_s: float, client_cpu_s: float) -> None:
        """Count a slice of the same target and clients into this level."""
        self.latencies_ms.extend(part.latencies_ms)
        for what, count in part.errors.items():
            self.errors[what] = self.errors.get(what, 0) + count
        self.seconds += part.seconds
        self.server_cpu_s += server_cpu_s
        self.client_cpu_s += client_cpu_s

    def row(self) -> str:
        done = len(self.latencies_ms)
        p50, p95, p99 = (
            np.percentile(self.latencies_ms, [50, 95, 99]) if done else (float("nan"),) * 3
        )
        errors = sum(self.errors.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(self.errors.items()))
        cpu_ms = self.server_cpu_s * 1000 / done if done else float("nan")
        client_ms = self.client_cpu_s * 1000 / done if done else float("nan")
        return (
            f"| {self.target} | {self.clients} | {done} | {done / self.seconds:.1f} | "
            f"{p50:.0f} | {p95:.0f} | {p99:.0f} | {cpu_ms:.0f} | {client_ms:.1f} | "
            f"{errors}{f' ({detail})' if detail else ''} |"
        )

    def p95(self) -> float:
        return float(np.percentile(self.latencies_ms, 95)) if self.latencies_ms else float("nan")


def questions() -> list[str]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    return [row["question"] for row in rows if not row.get("history")]


# --- one request per target ------------------------------------------------------------------


@dataclass
class Visit:
    """One visitor's conversation: the chat page's session, and the history an API client
    (the widget) sends back with each question."""

    session: str = field(default_factory=lambda: secrets.token_hex(8))
    history: list[dict[str, str]] = field(default_factory=list)
    asked: int = 0

    def answered(self, question: str, answer: str) -> None:
        """Record a question and its answer; the newest HISTORY_SENT messages are kept."""
        self.history = [
            *self.history,
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer},
        ][-HISTORY_SENT:]


async def ask_api(client: httpx.AsyncClient, question: str, visit: Visit) -> str | None:
    """None when a complete answer arrived, else what went wrong."""
    payload = {"question": question, "history": visit.history}
    response = await client.post("/api/ask", json=payload)
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    answer = response.json()
    if not answer.get("disclaimer"):
        return "no disclaimer"
    visit.answered(question, answer["answer"])
    return None


async def ask_sse(client: httpx.AsyncClient, question: str, visit: Visit) -> str | None:
    payload = {"question": question, "history": visit.history}
    async with client.stream("POST", "/api/ask/stream", json=payload) as response:
        if response.status_code != 200:
            return f"HTTP {response.status_code}"
        event = ""
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif event == "answer" and line.startswith("data:"):
                visit.answered(question, json.loads(line[5:])["answer"])
                return None
    return "no answer event"


async def chat_event(client: httpx.AsyncClient) -> SubmitEvent:
    return event_from_config((await client.get("/config")).json())


async def ask_chat(
    client: httpx.AsyncClient, question: str, event: SubmitEvent, visit: Visit
) -> str | None:
    """The page keeps the conversation in its session: only the question is sent."""
    session = visit.session
    join = await client.post("/gradio_api/queue/join", json=join_request(event, question, session))
    if join.status_code != 200:
        return f"HTTP {join.status_code}"
    event_id = join.json()["event_id"]
    params = {"session_hash": session}
    async with client.stream("GET", "/gradio_api/queue/data", params=params) as stream:
        if stream.status_code != 200:
            return f"stream HTTP {stream.status_code}"
        async for line in stream.aiter_lines():
            message = stream_message(line)
            if message is None or message.get("event_id") != event_id:
                continue
            if message.get("msg") == "process_completed":
                if not message.get("success"):
                    return "unsuccessful"
                shown = json.dumps(message.get("output", {}))
                return None if "reply-disclaimer" in shown else "no reply"
    return "stream ended early"


# --- the load -------------------------------------------------------------------------------


async def run_level(
    base: str,
    target: str,
    seconds: float,
    asked: list[str],
    visitors: list[Visit],
    visit: int = 1,
) -> Level:
    """One closed-loop client per entry of `visitors` on `target` for `seconds`. Each client
    carries on its visitor's conversation (so a visit spans slices) and, once the visitor has
    asked `visit` questions, replaces it with a new one in `visitors`."""
    clients = len(visitors)
    level = Level(target, clients)
    limits = httpx.Limits(max_connections=clients * 2 + 4, max_keepalive_connections=clients * 2)
    timeout = httpx.Timeout(REQUEST_TIMEOUT_S)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        event = await chat_event(client) if target == "chat" else None
        started = time.perf_counter()
        deadline = started + seconds
        counter = iter(range(10**9))

        async def one_client(slot: int) -> None:
            while time.perf_counter() < deadline:
                if visitors[slot].asked >= visit:  # this visitor leaves; a new one arrives
                    visitors[slot] = Visit()
                visitor = visitors[slot]
                visitor.asked += 1
                question = asked[next(counter) % len(asked)]
                began = time.perf_counter()
                try:
                    if target == "api":
                        problem = await ask_api(client, question, visitor)
                    elif target == "sse":
                        problem = await ask_sse(client, question, visitor)
                    else:
                        assert event is not None
                        problem = await ask_chat(client, question, event, visitor)
                except httpx.HTTPError as error:
                    problem = type(error).__name__
                if problem is None:
                    level.latencies_ms.append((time.perf_counter() - began) * 1000)
                else:
                    level.error(problem)

        await asyncio.gather(*(one_client(slot) for slot in range(clients)))
        level.seconds = time.perf_counter() - started
    return level


def run(work: Coroutine[Any, Any, Level]) -> Level:
    """Run `work` on uvloop, the event loop the server uses: lighter on the shared cores."""
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="1,4,8,16,32")
    parser.add_argument("--seconds", type=float, default=8.0, help="per target and level")
    parser.add_argument("--slices", type=int, default=4, help="turns the targets take per level")
    parser.add_argument("--targets", default="api,sse,chat")
    parser.add_argument(
        "--visit", type=int, default=3, help="questions each visitor asks in one conversation"
    )
    parser.add_argument("--index-dir", type=Path, help="an existing seed index (else built)")
    parser.add_argument("--serve-from", type=Path, default=REPO, help="checkout to serve")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args()
    if args.visit < 1:
        parser.error("--visit must be at least 1")
    levels = [int(part) for part in args.levels.split(",")]
    targets = args.targets.split(",")
    source = args.serve_from.resolve()

    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        workdir = Path(scratch)
        index_dir = args.index_dir or workdir / "index"
        env = server_env(source, index_dir, workdir)
        if args.index_dir is None:
            print("building the seed index in a temp folder ...", flush=True)
            build_index(env, source)
        port = free_port()
        server = start_server(env, source, port)
        results: list[Level] = []
        try:
            base = f"http://127.0.0.1:{port}"
            asked = questions()
            run(run_level(base, "api", 2.0, asked, [Visit(), Visit()]))  # warm caches, connections
            # Level by level, the targets taking turns in short slices: a change in the
            # machine's load falls alike on the figures that are compared with each other.
            for clients in levels:
                merged = {target: Level(target, clients) for target in targets}
                visitors = {target: [Visit() for _ in range(clients)] for target in targets}
                for _ in range(args.slices):
                    for target in targets:
                        before, own_before = cpu_seconds(server.pid), cpu_seconds(os.getpid())
                        seconds = args.seconds / args.slices
                        part = run(
                            run_level(base, target, seconds, asked, visitors[target], args.visit)
                        )
                        merged[target].add(
                            part,
                            cpu_seconds(server.pid) - before,
                            cpu_seconds(os.getpid()) - own_before,
                        )
                for level in merged.values():
                    results.append(level)
                    print(level.row(), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(
        f"\nserved from: {'this checkout' if source == REPO else source.name}; "
        f"load average now {os.getloadavg()[0]:.1f}; {os.cpu_count()} CPUs; "
        f"{args.visit} question(s) per chat-page visit"
    )
    print(
        "| target | clients | requests | req/s | p50 ms | p95 ms | p99 ms "
        "| server CPU ms/request | load's CPU ms/request | errors |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for level in results:
        print(level.row())
    by_key = {(level.target, level.clients): level for level in results}
    for clients in levels:
        chat, api = by_key.get(("chat", clients)), by_key.get(("api", clients))
        if chat and api:
            print(f"chat / api p95 at {clients} clients: {chat.p95() / api.p95():.2f}x")
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "target": level.target,
                        "clients": level.clients,
                        "seconds": level.seconds,
                        "latencies_ms": level.latencies_ms,
                        "errors": level.errors,
                    }
                    for level in results
                ]
            )
        )


if __name__ == "__main__":
    main()
