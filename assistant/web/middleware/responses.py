"""The one error shape, for middleware that answers before the app does: `{"error": ...}`.

Every refusal written by the middleware in this package goes through `send_error`, so a client
reads the same JSON whichever layer refused it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from starlette.types import Scope, Send

Header = tuple[bytes, bytes]


async def send_error(
    send: Send, status: int, message: str, headers: Sequence[Header] = (), *, close: bool = False
) -> None:
    """Send a complete JSON error response; `close` asks the client to drop the connection
    (after a refused body, whose unread rest must not be taken for the next request)."""
    body = json.dumps({"error": message}).encode()
    start = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *headers,
    ]
    if close:
        start.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": start})
    await send({"type": "http.response.body", "body": body})


def header(scope: Scope, name: bytes) -> str | None:
    """The first value of request header `name` (lower-case bytes), decoded, or None."""
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None
