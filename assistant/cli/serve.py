"""`assistant serve`: start the chat page and the JSON API on ASSISTANT_HOST:ASSISTANT_PORT.

The model and the index load once, before the server listens, so the first patient does not
wait and a missing index is reported at start-up (exit 2 with what to run) rather than later.
On an embedded index the server then follows `assistant ingest` by itself (see
`assistant.reload`); uvicorn's own X-Forwarded-For handling is off (the app trusts only
ASSISTANT_TRUSTED_PROXIES, see docs/deployment.md).
"""

from __future__ import annotations

import argparse
import contextlib
import socket

import uvicorn

from assistant.errors import UserError
from assistant.settings import load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="start the chat app and the HTTP API",
        description="Serve the chat page at / and the JSON API under /api (docs at /docs).",
    )
    parser.add_argument("--host", help="interface to listen on (default: ASSISTANT_HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (default: ASSISTANT_PORT)")
    parser.set_defaults(func=serve)


def serve(args: argparse.Namespace) -> int:
    """Load everything, check the port, then serve until interrupted."""
    from assistant import build_serving_assistant
    from assistant.web.app import create_app

    overrides = {key: value for key in ("host", "port") if (value := getattr(args, key))}
    settings = load_settings(**overrides)
    _check_port_free(settings.host, settings.port)

    print(f"Loading the model and the index from {settings.index_dir} ...", flush=True)
    # Follows `assistant ingest` by itself: no restart needed to serve new articles.
    assistant = build_serving_assistant(settings)
    stats = assistant.stats()  # raises IndexUnavailable (exit 2) with what to run
    assistant.search("warm up", k=1)  # the first query loads the model; do it before listening
    app = create_app(settings, assistant)

    url = f"http://{_display_host(settings.host)}:{settings.port}"
    # proxy_headers=False: uvicorn would trust X-Forwarded-For from 127.0.0.1, letting anything
    # on this machine pick its own address; the app trusts ASSISTANT_TRUSTED_PROXIES only.
    config = uvicorn.Config(
        app, host=settings.host, port=settings.port, log_level="warning", proxy_headers=False
    )
    server = _AnnouncingServer(
        config,
        f"Ready: {stats.documents} articles, {stats.chunks} passages.\n"
        f"Chat: {url}/   API docs: {url}/docs   (Ctrl+C to stop)",
    )
    # uvicorn re-raises Ctrl+C after its graceful shutdown: a normal way to stop.
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    assistant.close()  # releases the index generation it reads
    print("Stopped.", flush=True)
    return 0


class _AnnouncingServer(uvicorn.Server):
    """A uvicorn server that prints `message` once it is actually listening."""

    def __init__(self, config: uvicorn.Config, message: str) -> None:
        super().__init__(config)
        self.message = message

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            print(self.message, flush=True)


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise UserError(
                f"Cannot listen on {host}:{port} ({error.strerror}). Stop the other server or "
                "choose another port, e.g. ASSISTANT_PORT=7861 (or --port 7861)."
            ) from error


def _display_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return "127.0.0.1"  # listening everywhere; the local address is what works on this machine
    return f"[{host}]" if ":" in host else host
