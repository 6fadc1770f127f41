"""What the chat page's Gradio routes must not do here: take files, or fetch URLs for anyone.

The chat takes no files, yet Gradio's `/gradio_api/upload` (and its recording and media-stream
routes) store whatever anyone sends, of any size, and serve it back; `/gradio_api/file=<URL>`
and `/gradio_api/proxy=<URL>` make the server fetch a web address for the caller. Each is
refused with 403 `{"error": ...}` before Gradio sees the request.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.web.middleware.responses import send_error

GRADIO_API = "/gradio_api/"
# POST routes that receive files or media (prefixes, after /gradio_api/).
FILE_ROUTES = ("upload", "process_recording", "stream/")
# GET routes whose argument may be a URL the server would fetch.
FETCH_ROUTES = ("file=http:", "file=https:", "file=//", "proxy=")


def refused(method: str, path: str) -> str | None:
    """Why the chat page refuses `method path`, or None when Gradio may answer it."""
    if not path.startswith(GRADIO_API):
        return None
    route = path[len(GRADIO_API) :].lower()
    if method == "POST" and route.startswith(FILE_ROUTES):
        return "This chat takes no files: uploads are refused. Type your question instead."
    if route.startswith(FETCH_ROUTES):
        return "This server does not fetch web addresses for its visitors."
    return None


class ChatPageGuard:
    """ASGI middleware: 403 for the Gradio routes listed in this module."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            reason = refused(scope["method"], scope.get("path", ""))
            if reason is not None:
                await send_error(send, 403, reason, close=scope["method"] == "POST")
                return
        await self.app(scope, receive, send)
