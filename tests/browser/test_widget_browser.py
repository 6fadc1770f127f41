"""The embeddable widget in a real Chromium, against the real app (real model, real index):
what a visitor sees - cited and urgent replies, each triage level, other sites, keyboard,
rate limits, position. The servers and helpers: `widget_site.py`, `conftest.py`."""

from __future__ import annotations

import pytest

from tests.browser.widget_site import SHOTS, ask, normalized, open_panel, widget
from tests.support import CORPUS, TRIAGE_LEVEL_CASES

pytestmark = [pytest.mark.browser, pytest.mark.integration]

CORPUS_QUESTION = "Can problems with my feet cause back pain?"
URGENT_QUESTION = "I can't control my bladder and my legs are numb"


def test_allowed_site_gets_a_streamed_cited_reply_with_disclaimer(page, servers) -> None:
    page.context.add_cookies([{"name": "session", "value": "secret", "url": servers.app}])
    sent = []
    page.on("request", lambda request: sent.append(request))
    open_panel(page, servers.allowed + "/index.html")
    ask(page, CORPUS_QUESTION)

    reply = widget(page).locator(".msg.bot.answer").last
    assert reply.locator(".cite").count() >= 1
    quote = reply.locator(".sources blockquote").first.text_content() or ""
    corpus = normalized(" ".join(p.read_text() for p in CORPUS.glob("*.txt")))
    assert len(quote) > 20 and normalized(quote) in corpus
    disclaimer = reply.locator(".disclaimer").text_content() or ""
    assert normalized(disclaimer) == normalized(servers.disclaimer)
    assert widget(page).locator(".powered").get_attribute("href") == servers.app + "/"
    page.screenshot(path=SHOTS / "answer.png")

    stream = [r for r in sent if r.url == servers.app + "/api/ask/stream"]
    assert len(stream) == 1, "the widget must use the streaming endpoint"
    assert "cookie" not in stream[0].all_headers(), "the widget must not send cookies"

    # The conversation lasts for the tab's session: a reload shows it again, panel open.
    page.reload()
    widget(page).locator(".msg.user").first.wait_for()
    assert widget(page).locator(".msg.user").first.text_content() == CORPUS_QUESTION
    assert widget(page).locator(".msg.bot.answer .sources li").count() >= 1
    assert widget(page).locator(".panel").is_visible()


def test_urgent_reply_looks_distinct(page, servers) -> None:
    open_panel(page, servers.allowed + "/index.html")
    ask(page, URGENT_QUESTION)
    reply = widget(page).locator(".msg.bot").last
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
    open_panel(page, servers.allowed + "/index.html")
    ask(page, message)
    reply = widget(page).locator(".msg.bot").last
    assert "urgent" in (reply.get_attribute("class") or "").split()
    text = reply.text_content() or ""
    assert all(number in text for number in numbers) and "911" not in text
    page.screenshot(path=SHOTS / f"triage-{level}.png")


def test_other_origin_sees_the_refusal_on_a_phone(browser, servers) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        open_panel(page, servers.other + "/index.html")
        panel = widget(page).locator(".panel").bounding_box()
        assert panel is not None and panel["width"] == 390  # full screen on a phone
        ask(page, CORPUS_QUESTION)
        error = widget(page).locator(".msg.error").last.text_content() or ""
        assert "not allowed" in error and servers.other in error
        assert widget(page).locator(".msg.bot.answer").count() == 0
        page.screenshot(path=SHOTS / "refused-origin-phone.png")
    finally:
        context.close()


def test_keyboard_escape_closes_and_focus_returns_to_launcher(page, servers) -> None:
    page.goto(servers.allowed + "/index.html")
    launcher = widget(page).locator(".launcher")
    launcher.focus()
    page.keyboard.press("Enter")
    active = "document.querySelector('clinic-assistant').shadowRoot.activeElement"
    page.wait_for_function(f"{active} && {active}.id === 'ca-question'")
    assert launcher.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate(f"{active}.className") == "send"
    page.keyboard.press("Escape")
    assert widget(page).locator(".panel").is_hidden()
    assert page.evaluate(f"{active}.className") == "launcher"
    assert launcher.get_attribute("aria-expanded") == "false"


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
    open_panel(page, servers.allowed + "/index.html")
    ask(page, "anything")
    assert widget(page).locator(".msg.error").last.text_content() == message
    # The unanswered question is not kept in the conversation sent with the next question.
    stored = page.evaluate("JSON.stringify(Object.values(sessionStorage))")
    assert "anything" not in stored


def test_position_option_moves_launcher_and_panel_to_the_left(page, servers) -> None:
    open_panel(page, servers.allowed + "/left.html")
    launcher = widget(page).locator(".launcher").bounding_box()
    panel = widget(page).locator(".panel").bounding_box()
    assert launcher is not None and panel is not None
    assert launcher["x"] == 20 and panel["x"] == 20
