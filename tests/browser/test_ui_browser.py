"""The chat page in a real Chromium (Playwright), against the real app on a loopback port.

Each test opens a fresh page (a fresh Gradio session) and talks to the page the way a patient
would: typing and pressing Enter, clicking, tabbing. Screenshots go to reports/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from assistant.settings import Settings
from assistant.types import Assistant
from assistant.web.app import create_app
from assistant.web.feedback import FeedbackStore
from tests.browser.chromium import chromium
from tests.integration.live_server import live_server
from tests.support import CLINIC_NUMBERS, REPO, TRIAGE_LEVEL_CASES

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SCREENSHOTS = REPO / "reports" / "screenshots"
REPLY_TIMEOUT_MS = 60_000
TITLE = "Sunrise Clinic: ask our articles"
GREETING = "Hello from Sunrise Clinic! Ask about anything our articles cover."
CORPUS_QUESTION = "How can my feet cause lower back pain?"
URGENT_QUESTION = "I can't control my bladder and my legs are numb"
OUT_OF_SCOPE_QUESTION = "What is the capital of France?"


@pytest.fixture(scope="module")
def app_settings(seed_index_settings: Settings) -> Settings:
    return seed_index_settings.model_copy(update={"rate_limit_per_minute": 0, **CLINIC_NUMBERS})


@pytest.fixture(scope="module")
def app_assistant(app_settings: Settings, real_embedder: object) -> Assistant:
    """The real answer engine over a real index of corpus/ (real model)."""
    from assistant.factory import build_assistant

    return build_assistant(app_settings, embedder=real_embedder)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def ui_settings(app_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return app_settings.model_copy(
        update={
            "ui_title": TITLE,
            "ui_greeting": GREETING,
            "feedback_db": tmp_path_factory.mktemp("ui-feedback") / "feedback.sqlite3",
        }
    )


@pytest.fixture(scope="module")
def base_url(ui_settings: Settings, app_assistant: Assistant) -> Iterator[str]:
    with live_server(create_app(ui_settings, app_assistant)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def screenshots(request: pytest.FixtureRequest) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else nullcontext():
        print(f"\nbrowser screenshots: {SCREENSHOTS}")
    return SCREENSHOTS


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(base_url + "/")
    expect(page.locator("#question textarea")).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    yield page
    context.close()


def ask(page: Page, question: str) -> Locator:
    """Type a question, press Enter, and return the finished reply (it carries the disclaimer)."""
    done = page.locator("#chat .reply:has(.reply-disclaimer)")
    before = done.count()
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")
    expect(done).to_have_count(before + 1, timeout=REPLY_TIMEOUT_MS)
    return done.nth(before)


def test_corpus_question_shows_citations_sources_and_disclaimer(
    page: Page, base_url: str, ui_settings: Settings, screenshots: Path
) -> None:
    reply = ask(page, CORPUS_QUESTION)
    expected = httpx.post(f"{base_url}/api/ask", json={"question": CORPUS_QUESTION}).json()
    assert expected["kind"] == "answer" and expected["citations"]

    markers = reply.locator("a.cite")
    expect(markers.first).to_be_visible()
    expect(markers.first).to_have_text("[1]")
    expect(reply.locator(".reply-disclaimer")).to_have_text(ui_settings.disclaimer)
    expect(page.locator("#notice .notice")).to_contain_text(ui_settings.disclaimer)

    first = expected["citations"][0]
    source = reply.locator(markers.first.get_attribute("href") or "#missing")
    expect(source.locator(".source-quote")).to_have_text(first["quote"])
    expect(source.locator(".source-title")).to_have_text(first["title"])
    quotes = reply.locator(".sources .source-quote").all_inner_texts()
    assert quotes == [citation["quote"] for citation in expected["citations"]]

    # Every marker links to the source holding its quote. (Whether a click scrolls it into view
    # is not asserted: Gradio's chat auto-scroll made that check flaky.)
    for marker in reply.locator("a.cite").all():
        n = int(marker.inner_text().strip("[]"))
        target = reply.locator(marker.get_attribute("href") or "#missing")
        expect(target.locator(".source-quote")).to_have_text(expected["citations"][n - 1]["quote"])
    page.screenshot(path=screenshots / "answer.png", full_page=True)


def test_urgent_reply_is_a_red_alert_block(page: Page, screenshots: Path) -> None:
    reply = ask(page, URGENT_QUESTION)
    assert "reply-urgent" in (reply.get_attribute("class") or "")
    heading = reply.locator(".urgent-heading")
    expect(heading).to_be_visible()
    expect(heading).to_have_attribute("role", "alert")
    style = reply.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.borderTopStyle, s.borderTopWidth, s.borderTopColor, s.backgroundColor]; }"
    )
    assert style[:3] == ["solid", "3px", "rgb(176, 0, 32)"]
    assert style[3] != "rgba(0, 0, 0, 0)"  # filled, so it stands out from ordinary replies
    page.screenshot(path=screenshots / "urgent.png", full_page=True)


@pytest.mark.parametrize(("message", "level", "numbers"), TRIAGE_LEVEL_CASES)
def test_each_triage_level_shows_its_reply_with_the_clinics_numbers(
    page: Page, screenshots: Path, message: str, level: str, numbers: list[str]
) -> None:
    reply = ask(page, message)
    assert "reply-urgent" in (reply.get_attribute("class") or "")
    for number in numbers:
        expect(reply).to_contain_text(number)
    assert "911" not in (reply.text_content() or "")
    page.screenshot(path=screenshots / f"triage-{level}.png", full_page=True)


def test_out_of_scope_reply_says_what_it_can_help_with(
    page: Page, app_assistant: Assistant
) -> None:
    reply = ask(page, OUT_OF_SCOPE_QUESTION)
    assert "reply-out-of-scope" in (reply.get_attribute("class") or "")
    text = reply.inner_text()
    assert any(topic in text for topic in app_assistant.topics())
    expect(reply.locator("a.cite")).to_have_count(0)


def test_markup_in_a_question_is_shown_as_text_and_never_runs(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.evaluate("window.__xss = false")
    attack = (
        '<img src=x onerror="window.__xss = true; alert(1)"> **bold** [link](https://evil.example)'
    )
    ask(page, attack)
    user_message = page.locator('#chat [data-testid="user"]').last
    expect(user_message).to_contain_text('<img src=x onerror="window.__xss = true; alert(1)">')
    expect(user_message).to_contain_text("**bold** [link](https://evil.example)")
    assert page.locator("#chat img[src='x']").count() == 0
    assert page.locator("#chat a[href^='https://evil']").count() == 0
    assert page.evaluate("window.__xss") is False
    assert dialogs == []


def test_title_greeting_and_examples_come_from_settings_and_corpus(
    page: Page, app_assistant: Assistant
) -> None:
    assert page.title() == TITLE
    expect(page.locator("#title")).to_contain_text(TITLE)
    expect(page.locator("#chat .greeting")).to_have_text(GREETING)
    examples = page.locator("#examples button.example").all_inner_texts()
    assert examples
    assert all(any(topic in example for topic in app_assistant.topics()) for example in examples)


def test_example_question_then_clear_conversation(page: Page) -> None:
    page.locator("#examples button.example").first.click()
    expect(page.locator("#chat .reply:has(.reply-disclaimer)")).to_have_count(
        1, timeout=REPLY_TIMEOUT_MS
    )
    page.locator("#clear").click()
    expect(page.locator('#chat [data-testid="bot"]')).to_have_count(0)
    expect(page.locator('#chat [data-testid="user"]')).to_have_count(0)
    expect(page.locator("#chat .greeting")).to_be_visible()


def test_thumbs_up_is_stored_with_question_reply_and_citations(
    page: Page, ui_settings: Settings
) -> None:
    reply = ask(page, CORPUS_QUESTION)
    quote = reply.locator(".source-quote").first.inner_text()
    page.locator('#chat button[aria-label="Like"]').last.click()
    store = FeedbackStore(ui_settings.feedback_db or Path("unset"))

    def stored() -> list:
        return [r for r in store.records() if r.question == CORPUS_QUESTION and r.rating == "up"]

    expect(page.get_by_text("your feedback was saved")).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    records = stored()
    assert len(records) == 1
    assert records[0].kind == "answer"
    assert "[1]" in records[0].reply
    assert records[0].citations[0].quote == quote


def test_phone_screen_with_keyboard_only(
    browser: Browser, base_url: str, screenshots: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(base_url + "/")
        textarea = page.locator("#question textarea")
        expect(textarea).to_be_visible(timeout=REPLY_TIMEOUT_MS)
        for _ in range(40):  # reach the question box with Tab alone
            if textarea.evaluate("el => el === document.activeElement"):
                break
            page.keyboard.press("Tab")
        assert textarea.evaluate("el => el === document.activeElement"), "Tab never reached it"
        page.keyboard.type(CORPUS_QUESTION)
        page.keyboard.press("Enter")
        reply = page.locator("#chat .reply:has(.reply-disclaimer)")
        expect(reply).to_have_count(1, timeout=REPLY_TIMEOUT_MS)
        expect(reply.locator("a.cite").first).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"
        for selector in ("#question textarea", "#ask"):
            box = page.locator(selector).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        page.screenshot(path=screenshots / "phone.png", full_page=True)
    finally:
        context.close()


def test_page_loads_nothing_from_outside_the_machine(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    try:
        page.goto(base_url + "/")
        expect(page.locator("#question textarea")).to_be_visible(timeout=REPLY_TIMEOUT_MS)
        ask(page, CORPUS_QUESTION)
    finally:
        context.close()
    assert hosts - {"127.0.0.1", ""} == set()
