"""Health-education chat assistant: answers only from the clinic's own articles, with citations.

The public entry points, for the app, the evals and a clinic's own code::

    from assistant import build_assistant, load_settings
    assistant = build_assistant(load_settings())
    answer = assistant.ask("Can my feet cause back pain?")   # an `Answer`

They are imported on first use, so `import assistant.settings` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Answer", "Assistant", "build_assistant", "build_serving_assistant", "load_settings"]

if TYPE_CHECKING:
    from assistant.factory import build_assistant, build_serving_assistant
    from assistant.settings import load_settings
    from assistant.types import Answer, Assistant


def __getattr__(name: str) -> Any:
    if name in ("build_assistant", "build_serving_assistant"):
        from assistant import factory

        return getattr(factory, name)
    if name == "load_settings":
        from assistant.settings import load_settings

        return load_settings
    if name in ("Answer", "Assistant"):
        from assistant import types

        return getattr(types, name)
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
