"""Who the client is: the peer address, or, behind a proxy the clinic trusts, the address the
proxy says it forwarded for (`ASSISTANT_TRUSTED_PROXIES`, default none).

`X-Forwarded-For` is only a claim. From a peer that is not a trusted proxy it is ignored, with
the other forwarding headers (`X-Forwarded-Proto`, `X-Forwarded-Host`, `Forwarded`, ...), which
are removed before anything else reads them: Gradio builds its page's URLs from them. From a
trusted proxy, the client is the right-most address in the chain that is not itself a trusted
proxy (a proxy appends the address it saw; whatever the client wrote comes before that), and
`X-Forwarded-Proto` sets the scheme. The rate limit and the logs then see that address.

Run uvicorn without its own proxy handling (`assistant serve` does; with plain uvicorn pass
`--no-proxy-headers`): it trusts 127.0.0.1 by default, which lets anything on the same machine
choose its address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

FORWARDING_HEADERS = frozenset(
    {
        b"forwarded",
        b"x-forwarded-for",
        b"x-forwarded-host",
        b"x-forwarded-port",
        b"x-forwarded-prefix",
        b"x-forwarded-proto",
        b"x-real-ip",
    }
)
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ClientAddress:
    """ASGI middleware: the real client address in `scope["client"]`, forged headers removed."""

    def __init__(self, app: ASGIApp, trusted: Sequence[Network]) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    def is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        peer = client[0] if client else ""
        if self.trusted and self.is_trusted(peer):
            scope = self._forwarded(scope, peer)
        else:
            headers = [(k, v) for k, v in scope["headers"] if k.lower() not in FORWARDING_HEADERS]
            scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)

    def _forwarded(self, scope: Scope, peer: str) -> Scope:
        chain: list[str] = []
        proto = None
        for key, value in scope["headers"]:
            name = key.lower()
            if name == b"x-forwarded-for":
                chain.extend(part.strip() for part in value.decode("latin-1").split(","))
            elif name == b"x-forwarded-proto":
                proto = value.decode("latin-1").split(",")[-1].strip().lower()
        address = peer
        for hop in reversed(chain):
            if not _is_ip(hop):
                break  # garbage in the chain: trust nothing before it
            address = hop
            if not self.is_trusted(hop):
                break
        scope = {**scope, "client": (address, 0)}
        if proto in ("http", "https"):
            secure = proto == "https"
            if scope["type"] == "websocket":
                scope["scheme"] = "wss" if secure else "ws"
            else:
                scope["scheme"] = proto
        return scope


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
