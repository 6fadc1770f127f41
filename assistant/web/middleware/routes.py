"""Unknown paths and wrong methods answered in the app's one error shape.

Without this, the chat page's mount at `/` answers every path no other route took, so
`GET /api/ask` (a POST route) was Gradio's 404 `{"detail": "Not Found"}`. `RouteCheck` walks the
app's own routing table (Starlette's `Route.matches`, into mounts) before anything runs: no
route matches -> 404 `{"error": ...}`; only routes for other methods -> 405 with `Allow`.
The answer for a method and path is remembered (the newest `MATCH_CACHE_SIZE`, forgotten when
routes are added): walking the chat page's few dozen Gradio routes on each of its requests was a
tenth of the event loop's time under load (py-spy, docs/deployment.md).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from starlette.routing import BaseRoute, Match, Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.web.middleware.responses import send_error

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
MATCH_CACHE_SIZE = 1024  # method and path pairs; a scan of made-up paths only cycles them


def route_match(routes: Iterable[BaseRoute], scope: Scope) -> Match:
    """FULL when some route answers `scope`, PARTIAL when routes have its path but not its
    method, NONE when no route has its path. Looks into mounts (the chat page's Gradio app)."""
    best = Match.NONE
    for route in routes:
        match, child = route.matches({**scope})  # a copy: some routers note things in it
        if match is not Match.NONE and isinstance(route, Mount):
            match = route_match(route.routes, {**scope, **child})
        if match is Match.FULL:
            return Match.FULL
        if match is Match.PARTIAL:
            best = Match.PARTIAL
    return best


def allowed_methods(routes: Iterable[BaseRoute], scope: Scope) -> list[str]:
    """The methods some route answers on `scope`'s path."""
    routes = list(routes)
    return [m for m in METHODS if route_match(routes, {**scope, "method": m}) is Match.FULL]


class RouteCheck:
    """ASGI middleware: 404 / 405 `{"error": ...}` for requests no route of `router` answers."""

    def __init__(self, app: ASGIApp, router: object) -> None:
        self.app = app
        self.router = router  # read on each request: routes are added after the middleware
        self._matches: OrderedDict[tuple[object, ...], Match] = OrderedDict()

    def _match(self, routes: list[BaseRoute], scope: Scope) -> Match:
        """`route_match`, remembered per method, path and number of routes."""
        key = (len(routes), scope["method"], scope.get("root_path", ""), scope["path"])
        match = self._matches.get(key)
        if match is None:
            match = route_match(routes, scope)
            self._matches[key] = match
            if len(self._matches) > MATCH_CACHE_SIZE:
                self._matches.popitem(last=False)
        else:
            self._matches.move_to_end(key)
        return match

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        routes = getattr(self.router, "routes", [])
        match = self._match(routes, scope)
        if match is Match.FULL:
            await self.app(scope, receive, send)
        elif match is Match.PARTIAL:
            methods = ", ".join(allowed_methods(routes, scope))
            await send_error(
                send,
                405,
                f"{scope['method']} is not allowed on {scope['path'][:200]}; use {methods}.",
                [(b"allow", methods.encode())],
            )
        else:
            await send_error(
                send,
                404,
                f"There is nothing at {scope['path'][:200]}. The API is under /api "
                "(see /docs); the chat page is at /.",
            )
