"""What the suite evaluates: the engine in this process, or a running server over its HTTP API.

Both speak the `Target` seam; the LangChain baseline (`evals.baseline`) does too. Only public
entry points are used: `assistant.build_assistant` (its `ask`, `search` and `article`, the
cleaned text quotes must match) and `POST /api/ask`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from assistant.errors import UserError
from assistant.settings import Settings
from assistant.types import Answer, Message, SearchHit

ArticleText = Callable[[str], str | None]


class Target(Protocol):
    """Something that answers gold questions; `search` returns None when it cannot search."""

    name: str
    expected_disclaimer: str | None

    def ask(self, question: str, history: Sequence[Message] = ()) -> Answer: ...

    def search(self, query: str, k: int) -> list[SearchHit] | None: ...


class EngineTarget:
    """The real answer engine, built by `build_assistant(settings)` in this process."""

    name = "assistant"

    def __init__(self, settings: Settings) -> None:
        from assistant import build_assistant

        self.expected_disclaimer: str | None = settings.disclaimer
        self._assistant = build_assistant(settings)

    def ask(self, question: str, history: Sequence[Message] = ()) -> Answer:
        return self._assistant.ask(question, history)

    def search(self, query: str, k: int) -> list[SearchHit] | None:
        return self._assistant.search(query, k)

    def documents(self) -> int:
        """How many articles the engine's index holds."""
        return self._assistant.stats().documents

    def article_text(self, source_id: str) -> str | None:
        """The cleaned text of an indexed article, None when it is not indexed."""
        try:
            return self._assistant.article(source_id).text
        except KeyError:
            return None

    def close(self) -> None:
        self._assistant.close()


class HttpTarget:
    """A running server, asked through `POST {url}/api/ask`; it cannot search.

    A 429 (the server's per-client rate limit) is waited out as its Retry-After says, up to
    `max_wait_s` per question; `last_call_ms` is the duration of the request that answered,
    so waiting is not counted as latency.
    """

    name = "assistant (HTTP)"
    expected_disclaimer: str | None = None  # the server's disclaimer may differ from ours

    def __init__(
        self, url: str, timeout_s: float = 120.0, max_wait_s: float = 300.0, transport=None
    ) -> None:
        import httpx

        if not url.startswith(("http://", "https://")):
            raise UserError(f"--url {url!r} must start with http:// or https://")
        self.url = url.rstrip("/")
        self.max_wait_s = max_wait_s
        self.last_call_ms: float | None = None
        self._client = httpx.Client(base_url=self.url, timeout=timeout_s, transport=transport)

    def ask(self, question: str, history: Sequence[Message] = ()) -> Answer:
        payload = {
            "question": question,
            "history": [message.model_dump() for message in history],
        }
        deadline = time.monotonic() + self.max_wait_s
        while True:
            response = self._post(payload)
            if response.status_code != 429:
                break
            wait = _retry_after(response.headers.get("retry-after"))
            if time.monotonic() + wait > deadline:
                raise RuntimeError(
                    f"HTTP 429 for over {self.max_wait_s:.0f}s: the server's rate limit; "
                    f"set ASSISTANT_RATE_LIMIT_PER_MINUTE=0 on the server while evaluating"
                )
            time.sleep(wait)  # the server asked us to wait this long
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:300]}")
        return Answer.model_validate(response.json())

    def _post(self, payload: dict) -> Any:
        import httpx

        began = time.perf_counter()
        try:
            response = self._client.post("/api/ask", json=payload)
        except httpx.HTTPError as error:
            raise UserError(
                f"cannot reach {self.url}/api/ask ({error}); start the app with "
                f"`assistant serve` or check the --url"
            ) from None
        self.last_call_ms = (time.perf_counter() - began) * 1000
        return response

    def search(self, query: str, k: int) -> list[SearchHit] | None:
        return None

    def close(self) -> None:
        self._client.close()


def _retry_after(value: str | None) -> float:
    """Seconds from a Retry-After header (1 when missing or not a number)."""
    try:
        return max(0.0, float(value)) if value is not None else 1.0
    except ValueError:
        return 1.0
