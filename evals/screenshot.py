"""Open the HTML report in headless Chromium and save a screenshot; refuse any network request.

    python -m evals.screenshot reports/eval/index.html docs/screenshots/eval-report.png

The report must be self-contained: every request other than the file itself is blocked and
listed in the result, so a CDN link would show up as a failure.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Rendered:
    """What the browser saw: headings, chart count, failing-case rows, blocked requests, errors."""

    title: str
    headings: list[str]
    charts: int
    failing_rows: int
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def render_report(html: Path, screenshot: Path | None = None, width: int = 1100) -> Rendered:
    """Load `html` in Chromium, optionally save a screenshot of the top of the page."""
    from playwright.sync_api import sync_playwright

    url = html.resolve().as_uri()
    blocked: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.on("pageerror", lambda error: errors.append(str(error)))

            def only_the_file(route):
                if route.request.url == url:
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", only_the_file)
            page.goto(url)
            rendered = Rendered(
                title=page.title(),
                headings=page.locator("h1, h2").all_inner_texts(),
                charts=page.locator("svg").count(),
                failing_rows=max(0, page.locator("h2:has-text('Failing') + table tr").count() - 1),
                blocked=blocked,
                errors=errors,
            )
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), type="png")
        finally:
            browser.close()
    return rendered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    args = parser.parse_args()
    rendered = render_report(args.html, args.png)
    print(f"{rendered.title}: {rendered.charts} charts, {rendered.failing_rows} failing rows")
    if rendered.blocked or rendered.errors:
        raise SystemExit(f"blocked requests {rendered.blocked}, page errors {rendered.errors}")


if __name__ == "__main__":
    main()
