"""The JSON API under /api: ask (plain and streamed), search, feedback, health.

Every error is JSON `{"error": "<what is wrong and what to do>"}`: 400 for a body that cannot be
decoded, 422 for malformed JSON, wrong types and refused questions (the engine's `InvalidQuestion`
message names the limit), 503 when the index is unavailable, 403 for a refused feedback export,
500 for a failure of the server itself (logged with its traceback; the client learns nothing of
the internals). The middleware answers 400 (host), 404 / 405, 408, 413 and 429 in the same shape.
A bad request never changes any state, so the server keeps serving. This module speaks only the
`Assistant` protocol; it never sees Chroma.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Header, Query, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from assistant.errors import IndexUnavailable, InvalidQuestion
from assistant.settings import Settings
from assistant.types import Answer, AnswerKind, Assistant, Citation, Message
from assistant.web.feedback import FeedbackStore, Rating

log = logging.getLogger(__name__)

MAX_SEARCH_K = 20
MAX_REPLY_CHARS = 20_000
MAX_COMMENT_CHARS = 2_000
MAX_FEEDBACK_CITATIONS = 50
# Words per streamed `delta` event: small enough to look live, few enough events to stay cheap.
WORDS_PER_DELTA = 3


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AskRequest(_Request):
    """A question and, for follow-ups, the conversation so far (oldest first)."""

    question: str = Field(description="The patient's question, in plain words.")
    history: list[Message] = Field(
        default_factory=list, description="Earlier turns, oldest first; may be empty."
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"question": "Can my feet cause back pain?", "history": []}]
        },
    )


class SearchRequest(_Request):
    """A passage search without answering; `k` results, best first."""

    query: str = Field(description="Words to search the articles for.")
    k: int = Field(default=5, ge=1, le=MAX_SEARCH_K, description="How many passages to return.")


class SearchResult(BaseModel):
    """One retrieved passage; `score` is higher for a better match."""

    source_id: str
    chunk_id: str
    title: str
    url: str
    text: str
    score: float


class SearchResponse(BaseModel):
    results: list[SearchResult]


class FeedbackRequest(_Request):
    """A thumbs up or down on one reply, with what it was about."""

    rating: Rating
    question: str = Field(min_length=1, description="The question that was answered.")
    reply: str = Field(max_length=MAX_REPLY_CHARS, description="The reply's `answer` text.")
    kind: AnswerKind = "answer"
    citations: list[Citation] = Field(default_factory=list, max_length=MAX_FEEDBACK_CITATIONS)
    comment: str = Field(default="", max_length=MAX_COMMENT_CHARS)


class FeedbackSaved(BaseModel):
    id: int


class HealthResponse(BaseModel):
    status: Literal["ok"]
    documents: int
    chunks: int


class ErrorResponse(BaseModel):
    error: str


_ERRORS: dict[int | str, dict[str, object]] = {
    422: {"model": ErrorResponse, "description": "Malformed request or refused question"},
    503: {"model": ErrorResponse, "description": "No usable index; the message says what to run"},
}


def error_response(status_code: int, message: str) -> JSONResponse:
    """The one error shape of the API."""
    return JSONResponse(status_code=status_code, content={"error": message})


UNDECODABLE_BODY = (
    "The request body could not be decoded. Send UTF-8 JSON with "
    '`Content-Type: application/json`, e.g. {"question": "Can my feet cause back pain?"}.'
)
SERVER_FAILURE = (
    "Something went wrong on the server; it has been logged. Please try again; if it keeps "
    "happening, tell the clinic."
)


def install_error_handlers(app: FastAPI) -> None:
    """Turn every error into the JSON shape: validation errors, the assistant's expected
    failures, HTTP errors raised by the framework, and any other exception (500)."""

    async def on_validation_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return error_response(422, describe_validation_error(error))

    async def on_invalid_question(request: Request, error: Exception) -> JSONResponse:
        return error_response(422, str(error))

    async def on_index_unavailable(request: Request, error: Exception) -> JSONResponse:
        return error_response(503, str(error))

    async def on_http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, HTTPException)
        # FastAPI's only 400 is a body it could not decode; its own wording says nothing useful.
        message = UNDECODABLE_BODY if error.status_code == 400 else str(error.detail)
        return JSONResponse(
            status_code=error.status_code, content={"error": message}, headers=error.headers
        )

    async def on_server_failure(request: Request, error: Exception) -> JSONResponse:
        log.error("%s %s failed", request.method, request.url.path, exc_info=error)
        return error_response(500, SERVER_FAILURE)

    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(InvalidQuestion, on_invalid_question)
    app.add_exception_handler(IndexUnavailable, on_index_unavailable)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_server_failure)


def describe_validation_error(error: RequestValidationError) -> str:
    """One sentence per problem, e.g. `body.history[0].role: Input should be 'user' or ...`."""
    problems = []
    for item in error.errors():
        if item.get("type") == "json_invalid":
            return (
                "The request body is not valid JSON. Send a JSON object, e.g. "
                '{"question": "Can my feet cause back pain?", "history": []}.'
            )
        if tuple(item.get("loc", ())) == ("body",):
            return (
                "The request body must be a JSON object sent with "
                "`Content-Type: application/json`, e.g. "
                '{"question": "Can my feet cause back pain?", "history": []}.'
            )
        location = ".".join(str(part) for part in item.get("loc", ()))
        problems.append(f"{location}: {item.get('msg', 'invalid value')}")
    return "Invalid request: " + "; ".join(problems) + ". See /docs for the expected shape."


def api_router(assistant: Assistant, settings: Settings, feedback: FeedbackStore) -> APIRouter:
    """The /api routes, bound to one assistant, its settings and the feedback store."""
    router = APIRouter(prefix="/api", tags=["api"])

    @router.post("/ask", response_model=Answer, responses=_ERRORS)
    def ask(request: AskRequest) -> Answer:
        """Answer a question from the clinic's articles, with citations and the disclaimer."""
        return assistant.ask(request.question, request.history)

    @router.post(
        "/ask/stream",
        responses={
            **_ERRORS,
            200: {
                "content": {"text/event-stream": {}},
                "description": "`delta` events `{text}` whose texts join to the answer, then one "
                "`answer` event holding the same JSON as POST /api/ask.",
            },
        },
    )
    async def ask_stream(request: AskRequest) -> EventSourceResponse:
        """Like /api/ask, as server-sent events.

        The question is answered before the stream opens, so refusals and a missing index are
        ordinary 422 / 503 JSON errors rather than events in a half-sent stream.
        """
        answer = await run_in_threadpool(assistant.ask, request.question, request.history)

        async def events() -> AsyncIterator[dict[str, str]]:
            for piece in answer_pieces(answer.answer):
                yield {"event": "delta", "data": _json({"text": piece})}
            yield {"event": "answer", "data": answer.model_dump_json()}

        return EventSourceResponse(events(), ping=0)

    @router.post("/search", response_model=SearchResponse, responses=_ERRORS)
    def search(request: SearchRequest) -> SearchResponse:
        """Retrieve passages for a query, without answering."""
        query = request.query.strip()
        if not query:
            raise InvalidQuestion("The query is empty. Type a few words to search for.")
        if len(query) > settings.max_question_chars:
            raise InvalidQuestion(
                f"The query is {len(query):,} characters; the limit is "
                f"{settings.max_question_chars:,}. Please shorten it."
            )
        hits = assistant.search(query, k=request.k)
        return SearchResponse(
            results=[
                SearchResult(
                    source_id=hit.chunk.source_id,
                    chunk_id=hit.chunk.chunk_id,
                    title=hit.chunk.title,
                    url=hit.chunk.url,
                    text=hit.chunk.text,
                    score=hit.score,
                )
                for hit in hits
            ]
        )

    @router.post(
        "/feedback", response_model=FeedbackSaved, status_code=201, responses={422: _ERRORS[422]}
    )
    def add_feedback(request: FeedbackRequest) -> FeedbackSaved:
        """Store a thumbs up or down with the question, reply and citations."""
        if len(request.question) > settings.max_question_chars:
            raise InvalidQuestion(
                f"The question is {len(request.question):,} characters; the limit is "
                f"{settings.max_question_chars:,}."
            )
        saved = feedback.add(
            rating=request.rating,
            kind=request.kind,
            question=request.question,
            reply=request.reply,
            citations=request.citations,
            comment=request.comment,
        )
        return FeedbackSaved(id=saved)

    @router.get(
        "/feedback/export",
        responses={
            200: {"content": {"text/csv": {}, "application/x-ndjson": {}}},
            403: {"model": ErrorResponse, "description": "Export disabled or wrong token"},
        },
    )
    def export_feedback(
        format: Annotated[Literal["csv", "jsonl"], Query()] = "csv",
        authorization: Annotated[str, Header()] = "",
    ) -> Response:
        """Download all feedback (CSV or JSONL). Needs `Authorization: Bearer <token>`.

        Feedback holds patients' questions, so export is refused unless the clinic has set
        ASSISTANT_FEEDBACK_EXPORT_TOKEN and the request carries it.
        """
        refusal = _export_refusal(settings.feedback_export_token, authorization)
        if refusal:
            return error_response(status.HTTP_403_FORBIDDEN, refusal)
        if format == "jsonl":
            body, media_type = feedback.export_jsonl(), "application/x-ndjson"
        else:
            body, media_type = feedback.export_csv(), "text/csv; charset=utf-8"
        return Response(
            body,
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="feedback.{format}"'},
        )

    @router.get("/health", response_model=HealthResponse, responses={503: _ERRORS[503]})
    def health() -> HealthResponse:
        """Whether the index is usable, and what it holds."""
        stats = assistant.stats()
        return HealthResponse(status="ok", documents=stats.documents, chunks=stats.chunks)

    return router


def answer_pieces(text: str) -> Iterator[str]:
    """Split text into small pieces (a few words with their spacing) that join back to it."""
    words = re.findall(r"\s*\S+\s*", text) or ([text] if text else [])
    for start in range(0, len(words), WORDS_PER_DELTA):
        yield "".join(words[start : start + WORDS_PER_DELTA])


def _export_refusal(token: str, authorization: str) -> str | None:
    if not token:
        return (
            "Feedback export is disabled. Set ASSISTANT_FEEDBACK_EXPORT_TOKEN to a secret and "
            "send it as `Authorization: Bearer <token>`."
        )
    scheme, _, given = authorization.partition(" ")
    matches = hmac.compare_digest(given.strip().encode(), token.encode())  # bytes: any text
    if scheme.lower() != "bearer" or not matches:
        return (
            "Wrong or missing token: send "
            "`Authorization: Bearer <ASSISTANT_FEEDBACK_EXPORT_TOKEN>`."
        )
    return None


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
