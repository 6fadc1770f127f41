"""The embeddable widget's test site: the real app and the demo clinic page, served on loopback.

Three servers: the app on one port, and the demo clinic page (examples/clinic-site) served twice,
from an origin in ASSISTANT_ALLOWED_ORIGINS and from one that is not (a different port is a
different origin). `tests/browser/conftest.py` turns them into fixtures; the helpers below drive
the widget inside a page. Screenshots go to reports/screenshots/widget/ (printed).
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from tests.support import REPO

SITE = REPO / "examples" / "clinic-site"
DEMO_APP_URL = "http://127.0.0.1:7860"  # what the demo page's snippet points at
SHOTS = REPO / "reports" / "screenshots" / "widget"
REPLY_TIMEOUT_MS = 60_000

# The properties the host page's CSS would most likely break.
PROPERTIES = [
    "font-family", "font-size", "font-weight", "line-height", "letter-spacing", "text-transform",
    "color", "background-color", "border-top-style", "border-top-width", "padding-top",
    "padding-left", "margin-top", "margin-left", "box-sizing", "width", "height", "display",
    "text-align", "text-decoration-line", "border-radius", "position", "z-index",
]  # fmt: skip


@dataclass(frozen=True)
class Servers:
    """The app's URL, an allowed site's, another site's, and the disclaimer the app adds."""

    app: str
    allowed: str
    other: str
    disclaimer: str


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_dir(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def write_site(directory: Path, app_url: str) -> None:
    """The demo site pointed at the test app, plus variants for the comparisons."""
    page = (SITE / "index.html").read_text(encoding="utf-8").replace(DEMO_APP_URL, app_url)
    assert app_url in page, "the demo page's snippet no longer points at the default app URL"
    shutil.copy(SITE / "clinic.css", directory / "clinic.css")
    (directory / "index.html").write_text(page, encoding="utf-8")
    stylesheet = re.compile(r'<link rel="stylesheet" href="clinic.css">')
    (directory / "plain.html").write_text(stylesheet.sub("", page), encoding="utf-8")
    left = page.replace('data-position="right"', 'data-position="left"')
    assert left != page
    (directory / "left.html").write_text(left, encoding="utf-8")
    widget_tag = re.compile(r"<script src=.*?</script>", re.DOTALL)
    (directory / "nowidget.html").write_text(widget_tag.sub("", page), encoding="utf-8")
    (directory / "iframe.html").write_text(
        f'<!doctype html><title>framed</title><iframe src="{app_url}/embed?title=Framed"'
        ' onload="window.frameLoaded = true" width="400" height="600"></iframe>',
        encoding="utf-8",
    )
    (directory / "frame-chat.html").write_text(
        f'<!doctype html><title>framed chat</title><iframe src="{app_url}/"'
        ' onload="window.frameLoaded = true" width="800" height="600"></iframe>',
        encoding="utf-8",
    )


def widget(page):
    return page.locator("clinic-assistant")


def open_panel(page, url: str) -> None:
    page.goto(url)
    launcher = widget(page).locator(".launcher")
    launcher.wait_for()
    if launcher.get_attribute("aria-expanded") != "true":  # it reopens itself in the same tab
        launcher.click()
    widget(page).locator("textarea").wait_for()


def ask(page, question: str) -> None:
    """Type a question, send it with Enter, wait until its reply or error is shown."""
    replies = widget(page).locator(".msg.bot .disclaimer, .msg.error")
    before = replies.count()
    widget(page).locator("textarea").fill(question)
    widget(page).locator("textarea").press("Enter")
    replies.nth(before).wait_for(timeout=REPLY_TIMEOUT_MS)


def normalized(text: str) -> str:
    return " ".join(text.split())


def computed_styles(page, parts: list[str], in_widget: bool) -> dict[str, dict[str, str]]:
    return page.evaluate(
        """([parts, props, inWidget]) => {
            const host = document.querySelector("clinic-assistant");
            const root = inWidget ? host.shadowRoot : document;
            const out = {};
            for (const part of parts) {
                const style = getComputedStyle(root.querySelector(part));
                out[part] = Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
            }
            return out;
        }""",
        [parts, PROPERTIES, in_widget],
    )
