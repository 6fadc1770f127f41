"""Routes for embedding the assistant on clinic websites: `GET /widget.js` and `GET /embed`.

- `/widget.js` is the script a clinic pastes into its pages (one `<script>` tag), with its
  stylesheet (static/widget.css) inlined when the router is built. It is served gzipped when
  the browser accepts it, with a short cache lifetime so updates reach sites soon. It is
  static and public: the origin check and rate limit apply to the API it calls, not here.
- `/embed` is a compact page running the same widget inline, for sites that can add an
  `<iframe>` but not a script (some site builders). Its `Content-Security-Policy:
  frame-ancestors` lists `ASSISTANT_ALLOWED_ORIGINS` (`'none'` when the list is empty).

This module never talks to the assistant; the widget does, through the API.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from importlib import resources

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from assistant.settings import Settings
from assistant.web.middleware.security import OriginPolicy

WIDGET_CACHE_SECONDS = 300
CSS_PLACEHOLDER = '"%WIDGET_CSS%"'
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?")

_EMBED_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>html, body {{ margin: 0; height: 100%; }}</style>
</head>
<body>
<script src="widget.js" data-mode="inline" data-title="{title}" data-color="{color}"
  data-greeting="{greeting}"></script>
</body>
</html>
"""


def widget_script() -> bytes:
    """The script as served: static/widget.js with static/widget.css inlined as a string."""
    static = resources.files("assistant.web").joinpath("static")
    script = static.joinpath("widget.js").read_text(encoding="utf-8")
    css = static.joinpath("widget.css").read_text(encoding="utf-8")
    if script.count(CSS_PLACEHOLDER) != 1:
        raise RuntimeError(f"static/widget.js must contain {CSS_PLACEHOLDER} exactly once")
    # A JSON string is a valid JavaScript string literal.
    return script.replace(CSS_PLACEHOLDER, json.dumps(_compact_css(css))).encode("utf-8")


def _compact_css(css: str) -> str:
    """Drop comments and runs of whitespace (a few KB fewer; the rules are unchanged)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    return re.sub(r"\s+", " ", css).strip()


def embed_csp(policy: OriginPolicy) -> str:
    """The embed page's policy: only the app's own script and API, framed only by allowed sites."""
    return (
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' "
        "'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
        + policy.frame_ancestors()
    )


def widget_router(settings: Settings) -> APIRouter:
    """`GET /widget.js` and `GET /embed`, configured from `settings` once."""
    router = APIRouter(tags=["widget"])
    script = widget_script()
    # Compressed once here (not at import): mtime=0 keeps the bytes, and so caches, stable.
    script_gz = gzip.compress(script, compresslevel=9, mtime=0)
    csp = embed_csp(OriginPolicy.from_settings(settings))
    script_headers = {
        "Cache-Control": f"public, max-age={WIDGET_CACHE_SECONDS}",
        "Vary": "Accept-Encoding",
        "X-Content-Type-Options": "nosniff",
        # Lets sites that isolate themselves (Cross-Origin-Embedder-Policy) still load it.
        "Cross-Origin-Resource-Policy": "cross-origin",
    }

    @router.get("/widget.js", include_in_schema=False)
    def widget_js(request: Request) -> Response:
        """The embeddable widget script."""
        if "gzip" in request.headers.get("accept-encoding", "").lower():
            body, extra = script_gz, {"Content-Encoding": "gzip"}
        else:
            body, extra = script, {}
        return Response(
            body,
            media_type="text/javascript; charset=utf-8",
            headers={**script_headers, **extra},
        )

    @router.get("/embed", response_class=HTMLResponse, include_in_schema=False)
    def embed(
        title: str = Query("Ask the clinic", max_length=100),
        color: str = Query("#0b6e4f", max_length=7),
        greeting: str = Query("", max_length=300),
    ) -> HTMLResponse:
        """The widget alone on a page, for an `<iframe>` on an allowed site."""
        page = _EMBED_PAGE.format(
            title=html.escape(title, quote=True),
            color=color if _HEX_COLOR.fullmatch(color) else "#0b6e4f",
            greeting=html.escape(greeting, quote=True),
        )
        return HTMLResponse(
            page,
            headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff"},
        )

    return router
