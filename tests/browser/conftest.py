"""Fixtures of the widget's browser tests (`test_widget_*.py`): the app and the demo clinic
site on loopback (`widget_site`), one Chromium per module, a fresh page per test.
`test_ui_browser.py` has its own `browser` and `page`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.chromium import chromium
from tests.browser.widget_site import SHOTS, Servers, serve_dir, write_site
from tests.integration.live_server import live_server
from tests.support import CLINIC_NUMBERS


@pytest.fixture(scope="module")
def servers(seed_index_settings, real_embedder, tmp_path_factory, request) -> Iterator[Servers]:
    from assistant.factory import build_assistant
    from assistant.web.app import create_app

    site = tmp_path_factory.mktemp("clinic-site")
    allowed_server, allowed = serve_dir(site)
    other_server, other = serve_dir(site)
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
            write_site(site, app_url)
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
