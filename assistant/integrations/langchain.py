"""LangChain integration: the assistant as a `BaseRetriever` and as a `Runnable`.

For a clinic's engineers who build their own LangChain or LangGraph apps:

    from assistant import build_assistant, load_settings
    from assistant.integrations.langchain import ClinicRetriever, ClinicAssistantRunnable

    engine = build_assistant(load_settings())
    retriever = ClinicRetriever(assistant=engine, k=4)      # Documents with citation fields
    chat = ClinicAssistantRunnable(assistant=engine)        # the whole assistant, safely
    answer = chat.invoke({"question": "Can my shoes cause back pain?", "history": []})

`ClinicAssistantRunnable` runs the full `Assistant.ask` (input checks, triage, the relevance
gate, the cited composer, the disclaimer): nothing a chain does can skip a safety step, and its
output is the `Answer` with its citations. `ClinicRetriever` only searches (like
`POST /api/search`): use it for passages, never to answer patients without the runnable.
Both speak only the `Assistant` protocol. The only module of the assistant that imports
langchain_core.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.messages import BaseMessage
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableConfig, RunnableSerializable
from pydantic import ConfigDict, Field

from assistant.types import Answer, Assistant, Message, SearchHit


def hit_to_document(hit: SearchHit) -> Document:
    """A LangChain `Document` for one passage, carrying every field a citation needs."""
    chunk = hit.chunk
    return Document(
        page_content=chunk.text,
        id=chunk.chunk_id,
        metadata={
            "source_id": chunk.source_id,
            "title": chunk.title,
            "section": chunk.section,
            "url": chunk.url,
            "chunk_id": chunk.chunk_id,
            "start": chunk.start,
            "end": chunk.end,
            "score": hit.score,
        },
    )


class ClinicRetriever(BaseRetriever):
    """The clinic's articles as a LangChain retriever: the `k` best passages, best first.

    `metadata` of each `Document`: source_id, title, section, url, chunk_id, start and end
    (offsets into the cleaned article: `article.text[start:end] == page_content`) and score.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Any = Field(description="An object following assistant.types.Assistant.")
    k: int = Field(default=5, ge=1, le=50)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        assistant: Assistant = self.assistant
        return [hit_to_document(hit) for hit in assistant.search(query, k=self.k)]


class ClinicAssistantRunnable(RunnableSerializable[Any, Answer]):
    """The whole assistant as a `Runnable`: input -> `Answer` (kind, cited text, disclaimer).

    Input: a question string, or a mapping `{"question": str, "history": [...]}` whose history
    items are `Message`s, `{"role", "content"}` mappings, `(role, content)` pairs or LangChain
    messages (human -> user, ai -> assistant; others are left out). Refused input raises
    `InvalidQuestion` as `Assistant.ask` does. `batch`, `stream` and the async methods come
    from `Runnable`; `stream` yields the finished answer once (the engine is extractive and
    answers in milliseconds).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Any = Field(description="An object following assistant.types.Assistant.")

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Answer:
        return self._call_with_config(self._ask, input, config)

    def _ask(self, input: Any) -> Answer:
        question, history = _question_and_history(input)
        assistant: Assistant = self.assistant
        return assistant.ask(question, history)


def _question_and_history(value: Any) -> tuple[str, list[Message]]:
    if isinstance(value, str):
        return value, []
    if isinstance(value, Mapping) and isinstance(value.get("question"), str):
        return value["question"], _messages(value.get("history") or ())
    raise TypeError(
        "ClinicAssistantRunnable takes a question string or "
        '{"question": str, "history": [...]}; got ' + type(value).__name__
    )


_ROLES: dict[str, Literal["user", "assistant"]] = {
    "human": "user",
    "user": "user",
    "ai": "assistant",
    "assistant": "assistant",
}


def _messages(history: Sequence[Any]) -> list[Message]:
    messages = []
    for item in history:
        if isinstance(item, Message):
            messages.append(item)
            continue
        role: Any
        content: Any
        if isinstance(item, BaseMessage):
            role, content = item.type, item.content
        elif isinstance(item, Mapping):
            role, content = item.get("role"), item.get("content")
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            role, content = item
        else:
            raise TypeError(f"cannot read a history item of type {type(item).__name__}")
        if role in _ROLES and isinstance(content, str):
            messages.append(Message(role=_ROLES[role], content=content))
    return messages
