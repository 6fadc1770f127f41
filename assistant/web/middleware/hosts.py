"""Answer only requests addressed to this app's own host names (`ASSISTANT_ALLOWED_HOSTS`).

A browser sends the host name it resolved in `Host`. A site that makes its own name resolve to
127.0.0.1 (DNS rebinding) gets pages and API calls that look same-origin to a check comparing
`Origin` with `Host`; refusing every host name the clinic has not listed closes that. Refused
requests get 400 `{"error": ...}` naming the host and the setting.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.web.middleware.responses import header, send_error

HOSTS_SETTING = "ASSISTANT_ALLOWED_HOSTS"
ANY_ADDRESS = frozenset({"0.0.0.0", "::", ""})


def host_name(value: str) -> str:
    """The host of a `Host` header or origin netloc, lower-case, without port or brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    name, colon, port = value.rpartition(":")
    if colon and port.isdigit() and ":" not in name:
        value = name
    return value.rstrip(".")


class HostCheck:
    """ASGI middleware: 400 for a request whose `Host` is not an allowed host name."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        names = {host_name(name) for name in allowed}
        self.allow_any = "*" in names
        self.allowed = frozenset(names - {"*"})

    def allows(self, host: str) -> bool:
        """True when `host` (a `Host` header value) names this app."""
        return self.allow_any or host_name(host) in self.allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = header(scope, b"host") or ""
        if self.allows(host):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        shown = host_name(host)[:100] or "(none)"
        await send_error(
            send,
            400,
            f"This server does not answer for the host name {shown!r}. If this is the clinic's "
            f"own address for the assistant, add it to {HOSTS_SETTING} (comma-separated).",
        )


def allowed_hosts(configured: Iterable[str], listen_host: str) -> list[str]:
    """The configured host names plus the address the server was told to listen on, if it is
    one address (not 0.0.0.0 / ::): a URL naming that address is this app by construction."""
    hosts = list(configured)
    if listen_host not in ANY_ADDRESS:
        hosts.append(listen_host)
    return hosts
