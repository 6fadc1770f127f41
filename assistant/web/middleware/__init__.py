"""ASGI middleware for the public surface, one module per job, installed in one order.

`install_middleware(app, settings)` wraps the app so that a request meets, outermost first:

1. `SecurityHeaders` (headers.py): framing and `nosniff` on every response, refusals included;
2. `ClientAddress` (proxies.py): the real client address, forwarding headers from untrusted
   peers removed;
3. `HostCheck` (hosts.py): 400 unless `Host` is an allowed host name;
4. `BodyLimit` (body_limit.py): 413 past the size limit, 408 for a body that comes too slowly;
5. `SecurityMiddleware` (security.py): origins, CORS and the per-client rate limit;
6. `ChatPageGuard` (chat_page.py): no uploads, no fetching URLs for visitors;
7. `RouteCheck` (routes.py): 404 / 405 `{"error": ...}` for unknown paths and wrong methods.
"""

from fastapi import FastAPI

from assistant.settings import Settings
from assistant.web.middleware.body_limit import BodyLimit
from assistant.web.middleware.chat_page import ChatPageGuard
from assistant.web.middleware.headers import SecurityHeaders
from assistant.web.middleware.hosts import HostCheck, allowed_hosts
from assistant.web.middleware.proxies import ClientAddress
from assistant.web.middleware.routes import RouteCheck
from assistant.web.middleware.security import OriginPolicy, RateLimiter, install_security

__all__ = ["OriginPolicy", "RateLimiter", "install_middleware"]


def install_middleware(app: FastAPI, settings: Settings) -> None:
    """Add the layers above to `app` (Starlette runs the last one added first)."""
    app.add_middleware(RouteCheck, router=app.router)
    app.add_middleware(ChatPageGuard)
    install_security(app, settings)
    app.add_middleware(
        BodyLimit, max_bytes=settings.max_body_bytes, read_timeout_s=settings.body_timeout_s
    )
    app.add_middleware(HostCheck, allowed=allowed_hosts(settings.allowed_hosts, settings.host))
    app.add_middleware(ClientAddress, trusted=settings.trusted_proxies)
    app.add_middleware(SecurityHeaders)
