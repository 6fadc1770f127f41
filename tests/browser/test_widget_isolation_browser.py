"""The embeddable widget keeps the visitor and the clinic's page safe, in a real Chromium
against the real app: typed and server-sent markup stays text, an article's own [n] is not a
link, host CSS and the panel do not reach each other, and framing follows the allow-list."""

from __future__ import annotations

import json

import pytest

from tests.browser.widget_site import SHOTS, ask, computed_styles, open_panel, widget

pytestmark = [pytest.mark.browser, pytest.mark.integration]

XSS = "<img src=x onerror=alert(1)>"
# Panel parts and the properties the host page's CSS would most likely break.
PANEL_PARTS = [".launcher", ".panel", "header", "h2", ".close", ".log", ".msg", "textarea"]
PANEL_PARTS += [".send", ".powered"]
HOST_PARTS = ["body", "h1", "h2", "p", "a", ".site-button", ".card", ".site-header"]


def test_typed_html_is_shown_as_text_and_never_runs(page, servers) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(
        "window.xssRan = false; const realAlert = window.alert;"
        "window.alert = (m) => { window.xssRan = true; return realAlert.call(window, m); };"
    )
    open_panel(page, servers.allowed + "/index.html")
    ask(page, XSS)
    assert widget(page).locator(".msg.user").last.text_content() == XSS
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
    open_panel(page, servers.allowed + "/index.html")
    ask(page, "anything")
    reply = widget(page).locator(".msg.bot.answer").last
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
    open_panel(page, servers.allowed + "/index.html")
    ask(page, "anything")
    reply = widget(page).locator(".msg.bot.answer").last
    assert reply.locator(".cite").all_text_contents() == ["[1]", "[2]"]
    shown = (reply.locator(".body").text_content() or "").replace("\u2060", "")
    assert "as the guideline [2] says." in shown


def test_host_css_does_not_change_the_panel_and_the_panel_not_the_page(page, servers) -> None:
    open_panel(page, servers.allowed + "/plain.html")
    plain = computed_styles(page, PANEL_PARTS, in_widget=True)
    open_panel(page, servers.allowed + "/index.html")
    styled = computed_styles(page, PANEL_PARTS, in_widget=True)
    page.screenshot(path=SHOTS / "aggressive-host-css.png")
    assert styled == plain

    with_widget = computed_styles(page, HOST_PARTS, in_widget=False)
    page.goto(servers.allowed + "/nowidget.html")
    assert page.locator("clinic-assistant").count() == 0
    assert computed_styles(page, HOST_PARTS, in_widget=False) == with_widget


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
