"""Headers on every response: who may frame it, and no content sniffing.

Every page may be framed by this app's own pages only (`Content-Security-Policy:
frame-ancestors 'self'` and, for older browsers, `X-Frame-Options: SAMEORIGIN`), so another
site cannot lay the chat page under its own buttons (clickjacking). A response that states its
own `frame-ancestors` keeps it: `/embed` lists the sites in `ASSISTANT_ALLOWED_ORIGINS`.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SELF_ONLY = b"frame-ancestors 'self'"


def with_security_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """`headers` with framing limited to this app (unless stated) and `nosniff` added."""
    names = {key.lower() for key, _ in headers}
    policies = [value for key, value in headers if key.lower() == b"content-security-policy"]
    own_framing = any(b"frame-ancestors" in policy.lower() for policy in policies)
    extra = []
    if not own_framing:
        extra.append((b"content-security-policy", SELF_ONLY))
        if b"x-frame-options" not in names:
            extra.append((b"x-frame-options", b"SAMEORIGIN"))
    if b"x-content-type-options" not in names:
        extra.append((b"x-content-type-options", b"nosniff"))
    return [*headers, *extra]


class SecurityHeaders:
    """ASGI middleware adding `with_security_headers` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                message = {**message, "headers": with_security_headers(headers)}
            await send(message)

        await self.app(scope, receive, send_with_headers)
