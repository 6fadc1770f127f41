"""Who may call the app from a browser, and how often: origin allow-list, CORS, rate limit.

`install_security(app, settings)` adds one ASGI middleware with three zones:

- `/api/*`: a request whose `Origin` is neither the app's own origin nor in
  `ASSISTANT_ALLOWED_ORIGINS` gets 403 `{"error": ...}` naming the origin and the setting (an
  empty list means the widget is off; `*` must be set explicitly); CORS preflights are answered
  here, and CORS headers are added only for allowed origins, never with credentials (the widget
  sends no cookies).
- the chat page (every other path but the widget's): its Gradio API answers the app's own
  pages only. A cross-origin request gets 403, and Gradio's own CORS headers (which allow any
  origin, with credentials, once the app is reached by a public host name) are removed.
- `/widget.js` and `/embed` are public: other sites load them.

Each client address has one budget of `ASSISTANT_RATE_LIMIT_PER_MINUTE` requests, spent by API
calls (not `GET /api/health`, not preflights) and by the chat page's POSTs (each question is
one `queue/join`): over it, 429 + `Retry-After`, with CORS headers on the API so the widget can
say when to try again. Requests without an `Origin` (curl, servers, same-origin GETs) are not
browser cross-origin requests and pass the origin check; they are still rate limited.

The middleware never reads request bodies or buffers responses, so SSE streams pass through.
The client address is `scope["client"]`, which `ClientAddress` (proxies.py) has already set.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.settings import Settings
from assistant.web.middleware.responses import Header, header, send_error

API_PREFIX = "/api/"
UNLIMITED_PATHS = frozenset({"/api/health"})
PUBLIC_PATHS = frozenset({"/widget.js", "/embed"})
ORIGINS_SETTING = "ASSISTANT_ALLOWED_ORIGINS"
RATE_SETTING = "ASSISTANT_RATE_LIMIT_PER_MINUTE"


@dataclass(frozen=True)
class OriginPolicy:
    """The sites allowed to call the API from a browser and to frame `/embed`."""

    allowed: frozenset[str]
    allow_any: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> OriginPolicy:
        """Build the policy from `settings.allowed_origins` (already split and stripped)."""
        origins = {origin.rstrip("/").lower() for origin in settings.allowed_origins}
        return cls(allowed=frozenset(origins - {"*"}), allow_any="*" in origins)

    def allows(self, origin: str) -> bool:
        """True when a page on `origin` (e.g. `https://clinic.example`) may use the widget."""
        return self.allow_any or origin.rstrip("/").lower() in self.allowed

    def frame_ancestors(self) -> str:
        """The `Content-Security-Policy` value that lets only allowed sites frame a page."""
        if self.allow_any:
            return "frame-ancestors *"
        if not self.allowed:
            return "frame-ancestors 'none'"
        return "frame-ancestors " + " ".join(sorted(self.allowed))

    def refusal(self, origin: str) -> str:
        """The message for a refused origin: what is wrong and what the site's admin can do."""
        if not self.allowed and not self.allow_any:
            return (
                f"The widget is off: {ORIGINS_SETTING} is empty, so pages on {origin} may not "
                f"use this assistant. Add {origin} to {ORIGINS_SETTING} to allow it."
            )
        return (
            f"Pages on {origin} may not use this assistant: the origin is not in "
            f"{ORIGINS_SETTING}. Add it there (comma-separated) to allow it."
        )


class RateLimiter:
    """A token bucket per client: up to `per_minute` requests at once, refilled evenly.

    `retry_after(client)` takes one token and returns 0.0, or returns the seconds until a token
    is free without taking one. At most `max_clients` buckets are kept (least recently used are
    dropped), so memory stays bounded under many client addresses. Not thread-safe: the
    middleware calls it from the event loop only.
    """

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive; use no limiter to turn limits off")
        self.per_minute = per_minute
        self._refill_per_second = per_minute / 60.0
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, at

    def retry_after(self, client: str) -> float:
        """Take a token for `client`; 0.0 when allowed, else seconds to wait (> 0)."""
        now = self._clock()
        tokens, at = self._buckets.pop(client, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - at) * self._refill_per_second)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self._refill_per_second
        self._buckets[client] = (tokens, now)
        while len(self._buckets) > self._max_clients:
            self._buckets.popitem(last=False)
        return wait


def install_security(app: ASGIApp, settings: Settings) -> None:
    """Add the origin check, CORS and rate limit to a FastAPI/Starlette `app`."""
    limiter = (
        RateLimiter(settings.rate_limit_per_minute) if settings.rate_limit_per_minute else None
    )
    app.add_middleware(  # type: ignore[attr-defined]
        SecurityMiddleware, policy=OriginPolicy.from_settings(settings), limiter=limiter
    )


class SecurityMiddleware:
    """Pure ASGI middleware enforcing an `OriginPolicy` and a `RateLimiter` (see the module)."""

    def __init__(self, app: ASGIApp, policy: OriginPolicy, limiter: RateLimiter | None) -> None:
        self.app = app
        self.policy = policy
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        if path.startswith(API_PREFIX):
            await self._api(scope, receive, send)
        else:
            await self._chat_page(scope, receive, send)

    async def _api(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = header(scope, b"origin")
        cors: list[Header] = []
        if origin is not None and not _same_origin(origin, header(scope, b"host") or ""):
            if not self.policy.allows(origin):
                await send_error(send, 403, self.policy.refusal(origin))
                return
            cors = self._cors_headers(origin)
            if scope["method"] == "OPTIONS" and header(scope, b"access-control-request-method"):
                await _send_preflight(send, cors)
                return
        if scope["path"] not in UNLIMITED_PATHS and await self._limited(scope, send, cors):
            return
        if not cors:
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, _replacing_cors(send, cors))

    async def _chat_page(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = header(scope, b"origin")
        if origin is not None and not _same_origin(origin, header(scope, b"host") or ""):
            await send_error(
                send,
                403,
                f"The chat page answers its own pages only, not pages on {origin[:100]}. "
                "To put the assistant on a clinic's website, use the widget (widget.js) and "
                f"add the site to {ORIGINS_SETTING}.",
            )
            return
        if scope["method"] == "POST" and await self._limited(scope, send, []):
            return
        await self.app(scope, receive, _replacing_cors(send, []))

    async def _limited(self, scope: Scope, send: Send, cors: list[Header]) -> bool:
        """Spend one of the client's requests; True (429 sent) when none is left."""
        if self.limiter is None:
            return False
        wait = self.limiter.retry_after(_client_ip(scope))
        if wait <= 0:
            return False
        seconds = max(1, math.ceil(wait))
        detail = (
            f"Too many requests: the limit is {self.limiter.per_minute} per minute "
            f"per client ({RATE_SETTING}). Try again in {seconds} seconds."
        )
        await send_error(send, 429, detail, [*cors, (b"retry-after", str(seconds).encode())])
        return True

    def _cors_headers(self, origin: str) -> list[Header]:
        allow = "*" if self.policy.allow_any else origin
        return [
            (b"access-control-allow-origin", allow.encode("latin-1")),
            (b"access-control-expose-headers", b"Retry-After"),
            (b"vary", b"Origin"),
        ]


def _replacing_cors(send: Send, cors: list[Header]) -> Send:
    """A `send` that drops the app's own CORS headers and adds `cors` (possibly none)."""

    async def send_with_cors(message: Message) -> None:
        if message["type"] == "http.response.start":
            kept = [
                (k, v)
                for k, v in message.get("headers", [])
                if not k.lower().startswith(b"access-control-")
            ]
            message = {**message, "headers": [*kept, *cors]}
        await send(message)

    return send_with_cors


def _same_origin(origin: str, host: str) -> bool:
    # The scheme is not compared: behind a TLS-terminating proxy the app sees http. `host` has
    # passed the allowed-hosts check, so a same-origin page is one of the app's own.
    return bool(host) and urlsplit(origin).netloc.lower() == host.lower()


def _client_ip(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


async def _send_preflight(send: Send, cors: list[Header]) -> None:
    headers = [
        *cors,
        (b"access-control-allow-methods", b"GET, POST, OPTIONS"),
        (b"access-control-allow-headers", b"Content-Type, Accept"),
        (b"access-control-max-age", b"600"),
        (b"content-length", b"0"),
    ]
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
