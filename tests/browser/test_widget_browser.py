"""The embeddable widget in a real Chromium, against the real app (real model, real index).

Three loopback servers: the app on one port, and the demo clinic page (examples/clinic-site)
served twice, from an origin in ASSISTANT_ALLOWED_ORIGINS and from one that is not (a different
port is a different origin). Screenshots go to reports/screenshots/widget/ (printed).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.chromium import chromium
from tests.integration.live_server import live_server
from tests.support import CLINIC_NUMBERS, CORPUS, REPO, TRIAGE_LEVEL_CASES

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SITE = REPO / "examples" / "clinic-site"
DEMO_APP_URL = "http://127.0.0.1:7860"  # what the demo page's snippet points at
SHOTS = REPO / "reports" / "screenshots" / "widget"
REPLY_TIMEOUT_MS = 60_000
CORPUS_QUESTION = "Can problems with my feet cause back pain?"
URGENT_QUESTION = "I can't control my bladder and my legs are numb"
XSS = "<img src=x onerror=alert(1)>"

# Panel parts and the properties the host page's CSS would most likely break.
PANEL_PARTS = [".launcher", ".panel", "header", "h2", ".close", ".log", ".msg", "textarea"]
PANEL_PARTS += [".send", ".powered"]
PROPERTIES = [
    "font-family", "font-size", "font-weight", "line-height", "letter-spacing", "text-transform",
    "color", "background-color", "border-top-style", "border-top-width", "padding-top",
    "padding-left", "margin-top", "margin-left", "box-sizing", "width", "height", "display",
    "text-align", "text-decoration-line", "border-radius", "position", "z-index",
]  # fmt: skip
HOST_PARTS = ["body", "h1", "h2", "p", "a", ".site-button", ".card", ".site-header"]


@dataclass(frozen=True)
class Servers:
    app: str
    allowed: str
    other: str
    disclaimer: str


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve_dir(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def _write_site(directory: Path, app_url: str) -> None:
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


@pytest.fixture(scope="module")
def servers(seed_index_settings, real_embedder, tmp_path_factory, request) -> Iterator[Servers]:
    from assistant.factory import build_assistant
    from assistant.web.app import create_app

    site = tmp_path_factory.mktemp("clinic-site")
    allowed_server, allowed = _serve_dir(site)
    other_server, other = _serve_dir(site)
    settings = seed_index_settings.model_copy(
        update={
            "allowed_origins": [allowed],
            "rate_limit_per_minute": 0,
            **CLINIC_NUMBERS,
            "feedback_db": tmp_path_factory.mktemp("feedback") / "feedback.sqlite3",
        }
    )
    app = create_app(settings, build_assistant(settings, embedder=real_embedder))
    try:
        with live_server(app) as app_url:
            _write_site(site, app_url)
            SHOTS.mkdir(parents=True, exist_ok=True)
            capture = request.config.pluginmanager.get_plugin("capturemanager")
            with capture.global_and_fixture_disabled():  # shown even when output is captured
                print(f"\nwidget screenshots: {SHOTS}")
            yield Servers(app_url, allowed, other, disclaimer=settings.disclaimer)
    finally:
        allowed_server.shutdown()
        other_server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def _widget(page):
    return page.locator("clinic-assistant")


def _open(page, url: str) -> None:
    page.goto(url)
    launcher = _widget(page).locator(".launcher")
    launcher.wait_for()
    if launcher.get_attribute("aria-expanded") != "true":  # it reopens itself in the same tab
        launcher.click()
    _widget(page).locator("textarea").wait_for()


def _ask(page, question: str) -> None:
    """Type a question, send it with Enter, wait until its reply or error is shown."""
    replies = _widget(page).locator(".msg.bot .disclaimer, .msg.error")
    before = replies.count()
    _widget(page).locator("textarea").fill(question)
    _widget(page).locator("textarea").press("Enter")
    replies.nth(before).wait_for(timeout=REPLY_TIMEOUT_MS)


def _normalized(text: str) -> str:
    return " ".join(text.split())


def _computed(page, parts: list[str], in_widget: bool) -> dict[str, dict[str, str]]:
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


def test_allowed_site_gets_a_streamed_cited_reply_with_disclaimer(page, servers) -> None:
    page.context.add_cookies([{"name": "session", "value": "secret", "url": servers.app}])
    sent = []
    page.on("request", lambda request: sent.append(request))
    _open(page, servers.allowed + "/index.html")
    _ask(page, CORPUS_QUESTION)

    reply = _widget(page).locator(".msg.bot.answer").last
    assert reply.locator(".cite").count() >= 1
    quote = reply.locator(".sources blockquote").first.text_content() or ""
    corpus = _normalized(" ".join(p.read_text() for p in CORPUS.glob("*.txt")))
    assert len(quote) > 20 and _normalized(quote) in corpus
    disclaimer = reply.locator(".disclaimer").text_content() or ""
    assert _normalized(disclaimer) == _normalized(servers.disclaimer)
    assert _widget(page).locator(".powered").get_attribute("href") == servers.app + "/"
    page.screenshot(path=SHOTS / "answer.png")

    stream = [r for r in sent if r.url == servers.app + "/api/ask/stream"]
    assert len(stream) == 1, "the widget must use the streaming endpoint"
    assert "cookie" not in stream[0].all_headers(), "the widget must not send cookies"

    # The conversation lasts for the tab's session: a reload shows it again, panel open.
    page.reload()
    _widget(page).locator(".msg.user").first.wait_for()
    assert _widget(page).locator(".msg.user").first.text_content() == CORPUS_QUESTION
    assert _widget(page).locator(".msg.bot.answer .sources li").count() >= 1
    assert _widget(page).locator(".panel").is_visible()


def test_urgent_reply_looks_distinct(page, servers) -> None:
    _open(page, servers.allowed + "/index.html")
    _ask(page, URGENT_QUESTION)
    reply = _widget(page).locator(".msg.bot").last
    assert "urgent" in (reply.get_attribute("class") or "").split()
    assert reply.get_attribute("role") == "alert"
    assert reply.locator(".label").text_content() == "Urgent"
    border = reply.evaluate("e => getComputedStyle(e).borderTopColor")
    assert border == "rgb(179, 38, 30)"
    assert reply.locator(".disclaimer").is_visible()
    page.screenshot(path=SHOTS / "urgent.png")


@pytest.mark.parametrize(("message", "level", "numbers"), TRIAGE_LEVEL_CASES)
def test_each_triage_level_shows_its_reply_with_the_clinics_numbers(
    page, servers, message, level, numbers
) -> None:
    _open(page, servers.allowed + "/index.html")
    _ask(page, message)
    reply = _widget(page).locator(".msg.bot").last
    assert "urgent" in (reply.get_attribute("class") or "").split()
    text = reply.text_content() or ""
    assert all(number in text for number in numbers) and "911" not in text
    page.screenshot(path=SHOTS / f"triage-{level}.png")


def test_other_origin_sees_the_refusal_on_a_phone(browser, servers) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        _open(page, servers.other + "/index.html")
        panel = _widget(page).locator(".panel").bounding_box()
        assert panel is not None and panel["width"] == 390  # full screen on a phone
        _ask(page, CORPUS_QUESTION)
        error = _widget(page).locator(".msg.error").last.text_content() or ""
        assert "not allowed" in error and servers.other in error
        assert _widget(page).locator(".msg.bot.answer").count() == 0
        page.screenshot(path=SHOTS / "refused-origin-phone.png")
    finally:
        context.close()


def test_typed_html_is_shown_as_text_and_never_runs(page, servers) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(
        "window.xssRan = false; const realAlert = window.alert;"
        "window.alert = (m) => { window.xssRan = true; return realAlert.call(window, m); };"
    )
    _open(page, servers.allowed + "/index.html")
    _ask(page, XSS)
    assert _widget(page).locator(".msg.user").last.text_content() == XSS
    assert (
        page.evaluate(
            "document.querySelectorAll('img').length +"
            " document.querySelector('clinic-assistant').shadowRoot.querySelectorAll('img').length"
        )
        == 0
    )
    assert page.evaluate("window.xssRan") is False
    assert dialogs == []


def _reply_with(page, servers, answer: dict) -> None:
    """Make the app's stream answer the next question with `answer` (as its only event)."""
    body = f"event: answer\r\ndata: {json.dumps(answer)}\r\n\r\n"
    page.route(
        servers.app + "/api/ask/stream",
        lambda route: route.fulfill(
            status=200,
            body=body,
            headers={
                "content-type": "text/event-stream",
                "access-control-allow-origin": servers.allowed,
            },
        ),
    )


def test_hostile_server_text_is_rendered_as_text(page, servers) -> None:
    """Corpus text could hold HTML: answer, title, quote and URL are all shown inertly."""
    answer = {
        "kind": "answer",
        "answer": "**Bold** words <img src=x onerror=alert(1)> [1] [2]",
        "citations": [
            {
                "n": 1, "source_id": "a.txt", "title": "<script>alert(2)</script>T",
                "url": "javascript:alert(3)", "chunk_id": "c", "quote": "<b>quoted</b>",
                "start": 0, "end": 1,
            },
            {
                "n": 2, "source_id": "b.txt", "title": "No link", "url": "", "chunk_id": "d",
                "quote": "plain", "start": 0, "end": 1,
            },
        ],
        "disclaimer": "Not advice <i>x</i>",
        "query": "",
        "timings_ms": {},
    }  # fmt: skip
    _reply_with(page, servers, answer)
    _open(page, servers.allowed + "/index.html")
    _ask(page, "anything")
    reply = _widget(page).locator(".msg.bot.answer").last
    assert reply.locator("strong").first.text_content() == "Bold"
    assert "<img src=x onerror=alert(1)>" in (reply.locator(".body").text_content() or "")
    assert reply.locator(".cite").all_text_contents() == ["[1]", "[2]"]
    titles = reply.locator(".sources strong").all_text_contents()
    assert titles == ["<script>alert(2)</script>T", "No link"]
    assert reply.locator(".sources a").count() == 0  # no javascript: link, no empty link
    assert reply.locator(".sources blockquote").first.text_content() == "<b>quoted</b>"
    assert reply.locator(".disclaimer").text_content() == "Not advice <i>x</i>"
    assert reply.locator("img, script, b, i").count() == 0


def test_an_articles_own_bracketed_number_is_not_a_citation_link(page, servers) -> None:
    def cited(n: int, quote: str) -> dict:
        return {"n": n, "source_id": f"{n}.txt", "title": f"T{n}", "url": "", "chunk_id": "c",
                "quote": quote, "start": 0, "end": len(quote)}  # fmt: skip

    answer = {
        "kind": "answer",
        "answer": "Walk daily, as the guideline [2] says. [1]\n\nRest on Sundays. [2]",
        "citations": [
            cited(1, "Walk daily, as the guideline [2] says."),
            cited(2, "Rest on Sundays."),
        ],
        "disclaimer": "Not advice.",
        "query": "",
        "timings_ms": {},
    }
    _reply_with(page, servers, answer)
    _open(page, servers.allowed + "/index.html")
    _ask(page, "anything")
    reply = _widget(page).locator(".msg.bot.answer").last
    assert reply.locator(".cite").all_text_contents() == ["[1]", "[2]"]
    shown = (reply.locator(".body").text_content() or "").replace("\u2060", "")
    assert "as the guideline [2] says." in shown


def test_host_css_does_not_change_the_panel_and_the_panel_not_the_page(page, servers) -> None:
    _open(page, servers.allowed + "/plain.html")
    plain = _computed(page, PANEL_PARTS, in_widget=True)
    _open(page, servers.allowed + "/index.html")
    styled = _computed(page, PANEL_PARTS, in_widget=True)
    page.screenshot(path=SHOTS / "aggressive-host-css.png")
    assert styled == plain

    with_widget = _computed(page, HOST_PARTS, in_widget=False)
    page.goto(servers.allowed + "/nowidget.html")
    assert page.locator("clinic-assistant").count() == 0
    assert _computed(page, HOST_PARTS, in_widget=False) == with_widget


def test_keyboard_escape_closes_and_focus_returns_to_launcher(page, servers) -> None:
    page.goto(servers.allowed + "/index.html")
    launcher = _widget(page).locator(".launcher")
    launcher.focus()
    page.keyboard.press("Enter")
    active = "document.querySelector('clinic-assistant').shadowRoot.activeElement"
    page.wait_for_function(f"{active} && {active}.id === 'ca-question'")
    assert launcher.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate(f"{active}.className") == "send"
    page.keyboard.press("Escape")
    assert _widget(page).locator(".panel").is_hidden()
    assert page.evaluate(f"{active}.className") == "launcher"
    assert launcher.get_attribute("aria-expanded") == "false"


def test_embed_page_frames_only_on_allowed_sites(page, servers) -> None:
    page.goto(servers.allowed + "/iframe.html")
    page.frame_locator("iframe").locator("clinic-assistant .panel").wait_for()
    page.screenshot(path=SHOTS / "embed-iframe.png")

    page.goto(servers.other + "/iframe.html")
    page.wait_for_function("window.frameLoaded === true")
    frame = page.frames[1]
    assert frame.locator("clinic-assistant").count() == 0  # blocked by frame-ancestors


def test_no_other_site_can_frame_the_full_chat_page(page, servers) -> None:
    """Only /embed may be framed (by allowed sites); the chat page at / by the app alone."""
    page.goto(servers.allowed + "/frame-chat.html")
    page.wait_for_function("window.frameLoaded === true")
    frame = page.frames[1]
    # Blocked by frame-ancestors 'self': Chromium shows its error page instead of the app.
    assert not frame.url.startswith(servers.app), frame.url
    response = page.request.get(servers.app + "/")
    assert response.headers["x-frame-options"] == "SAMEORIGIN"


def test_rate_limited_visitor_is_told_when_to_try_again(page, servers) -> None:
    """The 429 carries CORS headers (see test_security), so the widget can show its message."""
    message = "Too many requests: try again in 42 seconds."
    page.route(
        servers.app + "/api/ask/stream",
        lambda route: route.fulfill(
            status=429,
            json={"error": message},
            headers={"retry-after": "42", "access-control-allow-origin": servers.allowed},
        ),
    )
    _open(page, servers.allowed + "/index.html")
    _ask(page, "anything")
    assert _widget(page).locator(".msg.error").last.text_content() == message
    # The unanswered question is not kept in the conversation sent with the next question.
    stored = page.evaluate("JSON.stringify(Object.values(sessionStorage))")
    assert "anything" not in stored


def test_position_option_moves_launcher_and_panel_to_the_left(page, servers) -> None:
    _open(page, servers.allowed + "/left.html")
    launcher = _widget(page).locator(".launcher").bounding_box()
    panel = _widget(page).locator(".panel").bounding_box()
    assert launcher is not None and panel is not None
    assert launcher["x"] == 20 and panel["x"] == 20
