"""`uvicorn app:create_app --factory` from the repository root: the app lives in assistant.web."""

from assistant.web.app import create_app as create_app
