"""Refuse request bodies that are too large or too slow, on every route, while they arrive.

A question is short (settings.max_question_chars) and a history is bounded, so a body of
hundreds of kilobytes is a mistake or abuse. The declared `Content-Length` is checked before
anything is read; every body is also counted as it arrives (a chunked upload declares no
length), and the request is answered 413 as soon as the count passes the limit, without
reading the rest. The whole body must arrive within the read timeout, or the answer is 408:
a client that trickles a body in keeps no worker waiting.

Pure ASGI, no buffering: the app reads the body through the counted `receive`, and replies
(SSE streams included) pass through untouched. Once the body is complete, `receive` is the
server's own again (apps wait on it, without a deadline, to notice a disconnect); a request
that declares no body (no `Content-Length`, no `Transfer-Encoding`) is not counted at all.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.web.middleware.responses import header, send_error

MAX_BODY_SETTING = "ASSISTANT_MAX_BODY_BYTES"
MIN_WAIT_S = 0.01
TIMEOUT_SETTING = "ASSISTANT_BODY_TIMEOUT_S"


class BodyRefused(Exception):
    """Raised into the app from `receive` when its body was refused (the app need not catch it)."""


@dataclass
class _Body:
    received: int = 0
    complete: bool = False
    refused: int | None = None  # 413 or 408 once refused
    response_started: bool = False


class BodyLimit:
    """ASGI middleware: 413 `{"error": ...}` past `max_bytes`, 408 after `read_timeout_s`."""

    def __init__(self, app: ASGIApp, max_bytes: int, read_timeout_s: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout_s = read_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = header(scope, b"content-length") or ""
        if declared.isdigit() and int(declared) > self.max_bytes:
            await send_error(send, 413, self._too_large(int(declared)), close=True)
            return
        if declared in ("", "0") and header(scope, b"transfer-encoding") is None:
            # No body can follow. `receive` is then only a way to notice a disconnect (an
            # event stream asks for hours): no count, and above all no deadline.
            await self.app(scope, receive, send)
            return
        body = _Body()
        deadline: float | None = None

        async def counted_receive() -> Message:
            nonlocal deadline
            if body.complete:
                return await receive()
            if deadline is None:
                deadline = time.monotonic() + self.read_timeout_s
            try:
                # A floor, so a part the server already holds is still taken after the deadline.
                left = max(MIN_WAIT_S, deadline - time.monotonic())
                message = await asyncio.wait_for(receive(), left)
            except TimeoutError:
                body.refused = 408
                raise BodyRefused("the request body did not arrive in time") from None
            if message["type"] != "http.request":
                body.complete = True  # a disconnect: nothing more will come
                return message
            body.received += len(message.get("body", b""))
            if body.received > self.max_bytes:
                body.refused = 413
                raise BodyRefused("the request body is too large")
            body.complete = not message.get("more_body", False)
            return message

        async def guarded_send(message: Message) -> None:
            if body.refused is not None:
                return  # whatever the app says about a refused body, the refusal is the answer
            if message["type"] == "http.response.start":
                body.response_started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if body.refused is None:
                raise
        if body.refused is not None and not body.response_started:
            await send_error(send, body.refused, self._refusal(body.refused), close=True)

    def _refusal(self, status: int) -> str:
        if status == 413:
            return self._too_large(None)
        return (
            f"The request body did not arrive within {self.read_timeout_s:g} seconds "
            f"({TIMEOUT_SETTING}); send the whole request at once and try again."
        )

    def _too_large(self, size: int | None) -> str:
        what = f"{size:,} bytes" if size is not None else "larger than the limit"
        return (
            f"The request body is {what}; the limit is {self.max_bytes:,} bytes "
            f"({MAX_BODY_SETTING}). Send a shorter question and fewer earlier messages."
        )
