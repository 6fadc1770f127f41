"""Who may call the API from a browser, and how often: origin allow-list, CORS, rate limit.

`install_security(app, settings)` adds one ASGI middleware. For paths under `/api/` it
- refuses a request whose `Origin` is neither the app's own origin nor in
  `ASSISTANT_ALLOWED_ORIGINS` with 403 `{"error": ...}` (the API's error shape) naming the
  origin and the setting (an empty list means the widget is off; `*` must be set explicitly);
- answers CORS preflights itself and adds CORS headers only for allowed origins, never with
  credentials (the widget sends no cookies);
- limits each client IP to `ASSISTANT_RATE_LIMIT_PER_MINUTE` requests (429 + `Retry-After`,
  with CORS headers so the widget can read it and say when to try again);
  `GET /api/health` and preflights are not counted.
Requests without an `Origin` header (curl, servers, same-origin GETs) are not browser
cross-origin requests and pass the origin check; they are still rate limited.

The middleware never reads request bodies or buffers responses, so SSE streams pass through.
Behind a reverse proxy, run uvicorn with `--proxy-headers` so the client IP is the real one.
"""

from __future__ import annotations

import json
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.settings import Settings

API_PREFIX = "/api/"
UNLIMITED_PATHS = frozenset({"/api/health"})
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
    """Pure ASGI middleware enforcing an `OriginPolicy` and a `RateLimiter` on `/api/*`."""

    def __init__(self, app: ASGIApp, policy: OriginPolicy, limiter: RateLimiter | None) -> None:
        self.app = app
        self.policy = policy
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        origin = headers.get("origin")
        cross_origin = origin is not None and not _same_origin(origin, headers.get("host", ""))
        if cross_origin and origin is not None:
            if not self.policy.allows(origin):
                await _send_json(send, 403, {"error": self.policy.refusal(origin)}, [])
                return
            cors = self._cors_headers(origin)
            if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
                await _send_preflight(send, cors)
                return
        else:
            cors = []
        if self.limiter is not None and scope["path"] not in UNLIMITED_PATHS:
            wait = self.limiter.retry_after(_client_ip(scope))
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                detail = (
                    f"Too many requests: the limit is {self.limiter.per_minute} per minute "
                    f"per client ({RATE_SETTING}). Try again in {seconds} seconds."
                )
                extra = [(b"retry-after", str(seconds).encode())]
                await _send_json(send, 429, {"error": detail}, cors + extra)
                return
        if not cors:
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *(
                        (k, v)
                        for k, v in message.get("headers", [])
                        if not k.lower().startswith(b"access-control-")
                    ),
                    *cors,
                ]
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _cors_headers(self, origin: str) -> list[tuple[bytes, bytes]]:
        allow = "*" if self.policy.allow_any else origin
        return [
            (b"access-control-allow-origin", allow.encode("latin-1")),
            (b"access-control-expose-headers", b"Retry-After"),
            (b"vary", b"Origin"),
        ]


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _same_origin(origin: str, host: str) -> bool:
    # The scheme is not compared: behind a TLS-terminating proxy the app sees http.
    return bool(host) and urlsplit(origin).netloc.lower() == host.lower()


def _client_ip(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


async def _send_preflight(send: Send, cors: list[tuple[bytes, bytes]]) -> None:
    headers = [
        *cors,
        (b"access-control-allow-methods", b"GET, POST, OPTIONS"),
        (b"access-control-allow-headers", b"Content-Type, Accept"),
        (b"access-control-max-age", b"600"),
        (b"content-length", b"0"),
    ]
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


async def _send_json(
    send: Send, status: int, payload: dict[str, str], extra: list[tuple[bytes, bytes]]
) -> None:
    body = json.dumps(payload).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
