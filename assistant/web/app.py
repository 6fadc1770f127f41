"""The one ASGI app: the JSON API under /api, docs at /docs, the chat page at `/`.

Only wiring lives here. `create_app()` builds the assistant from settings (loading the model and
index) unless one is passed in, which is how tests give it a fake or a prepared engine. The
web package speaks only the `Assistant` protocol; it never touches the store.
"""

from __future__ import annotations

from fastapi import FastAPI

from assistant.settings import Settings, load_settings
from assistant.types import Assistant
from assistant.web.api import api_router, install_error_handlers
from assistant.web.feedback import FeedbackStore, feedback_path
from assistant.web.middleware import install_middleware
from assistant.web.ui import build_ui, mount_ui
from assistant.web.widget import widget_router


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    """Build the app around one assistant; routes must be added before the UI mount at `/`."""
    settings = settings or load_settings()
    if assistant is None:
        from assistant import build_serving_assistant  # heavy: loads the model and the index

        assistant = build_serving_assistant(settings)
    feedback = FeedbackStore(feedback_path(settings))

    app = FastAPI(
        title="Clinic health-education assistant",
        description="Answers only from the clinic's articles, cites passages, adds a disclaimer.",
        version="0.1.0",
        docs_url="/docs",
        redoc_url=None,
    )
    install_error_handlers(app)
    install_middleware(app, settings)
    app.include_router(api_router(assistant, settings, feedback))
    app.include_router(widget_router(settings))

    # The chat page is mounted last: its mount at "/" answers every path not routed above.
    return mount_ui(app, build_ui(assistant, settings, feedback), settings)
