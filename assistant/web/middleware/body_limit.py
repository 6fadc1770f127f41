"""Refuse oversized request bodies under /api before anything reads them.

Questions are short (settings.max_question_chars) and histories are bounded, so a body of
hundreds of kilobytes is a mistake or abuse; refusing it up front keeps a single request from
filling the server's memory. Only the declared `Content-Length` is checked: browsers and HTTP
clients send it for JSON bodies. Pure ASGI (no buffering), so streamed replies are unaffected.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

MAX_API_BODY_BYTES = 256 * 1024


class BodySizeLimit:
    """ASGI middleware: 413 `{"error": ...}` for /api requests declaring a larger body."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_API_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            declared = dict(scope["headers"]).get(b"content-length", b"0")
            if declared.isdigit() and int(declared) > self.max_bytes:
                await self._refuse(int(declared), send)
                return
        await self.app(scope, receive, send)

    async def _refuse(self, size: int, send: Send) -> None:
        message = (
            f"The request body is {size:,} bytes; the limit is {self.max_bytes:,}. "
            "Send a shorter question and fewer earlier messages."
        )
        body = json.dumps({"error": message}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
