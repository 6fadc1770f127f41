"""The Gradio chat page served at `/`.

Only presentation lives here: it calls the `Assistant` protocol, turns answers into Markdown with
`render`, and stores thumbs up / down in the feedback store. Every string shown comes from
`render` (escaped) or from settings. It never touches the index directly.

What the page accepts from a browser is the question only: the conversation is kept on the
server, in the tab's `ChatSession` (a `gr.State`), never taken back from the client, so a
forged multi-megabyte history has nowhere to go. The session keeps the newest turns: the
engine's history limit (`ASSISTANT_MAX_HISTORY_MESSAGES`) for follow-ups and `MAX_SHOWN_MESSAGES`
on screen. Several questions are answered at once (`ASSISTANT_CHAT_CONCURRENCY`, one limit
shared by every button that asks), in a bounded queue.
"""

from __future__ import annotations

import contextlib
import html
import importlib.util
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr
from fastapi import FastAPI

from assistant.errors import IndexUnavailable, InvalidQuestion
from assistant.settings import Settings
from assistant.types import Answer, Assistant, Message
from assistant.web.feedback import FeedbackStore
from assistant.web.render import example_questions, literal, render_answer

log = logging.getLogger(__name__)

CSS_PATH = Path(__file__).with_name("ui.css")
ChatMessages = list[dict[str, Any]]
MAX_SHOWN_MESSAGES = 100  # 50 questions and replies on screen; older ones scroll away
QUEUE_SIZE = 200  # questions waiting at most; more get Gradio's "queue is full"
SESSION_SECONDS = 3600  # an idle tab's conversation is dropped after this
ANSWER = "answer"  # the concurrency group of every event that asks the assistant
# Waiting visitors get their place in the queue every few seconds, not at every event start
# (Gradio's "auto" sends one message to each waiting visitor whenever any event starts).
QUEUE_STATUS_SECONDS = 3
# While it has no event to start (none waiting, or every slot busy), Gradio's queue looks again
# after 1 ms (50 ms on Windows): a thousand wake-ups of the event loop a second, idle or under
# load. Every 5 ms costs a question at most 5 ms before it starts (docs/deployment.md, "Load").
QUEUE_POLL_SECONDS = 0.005
# Gradio's queue records every event for its monitoring dashboard and, after each one,
# rebuilds a pandas summary of the last 10,000: a tenth of the server's CPU under load, growing
# with the events served up to that many (py-spy, docs/deployment.md). Monitoring is off
# (`mount_ui`), so the queue keeps one record and never summarises.
NO_EVENT_ANALYTICS = {
    "GRADIO_ANALYTICS_MAX_EVENTS": "1",
    "GRADIO_ANALYTICS_CACHE_FREQUENCY": str(2**62),
}


@dataclass
class ChatSession:
    """One browser tab's conversation, kept on the server.

    `chat` is what the page shows; `history` the newest raw turns the engine may see;
    `replies` maps a `chat` index to the question and answer shown there (for feedback).
    """

    chat: ChatMessages = field(default_factory=list)
    history: list[Message] = field(default_factory=list)
    replies: dict[int, tuple[str, Answer]] = field(default_factory=dict)
    turns: int = 0  # questions answered so far: numbers each reply's anchors

    def answered(
        self, question: str, answer: Answer, reply: str, history_limit: int
    ) -> ChatSession:
        """The session after `answer`: both messages added, the oldest ones dropped."""
        index = len(self.chat) + 1
        chat = [
            *self.chat,
            {"role": "user", "content": literal(question)},
            {"role": "assistant", "content": reply},
        ]
        replies = {**self.replies, index: (question, answer)}
        dropped = max(0, len(chat) - MAX_SHOWN_MESSAGES)
        turns = [
            *self.history,
            Message(role="user", content=question),
            Message(role="assistant", content=answer.answer),
        ]
        return ChatSession(
            chat=chat[dropped:],
            history=turns[-history_limit:] if history_limit else [],  # [-0:] is everything
            replies={i - dropped: shown for i, shown in replies.items() if i >= dropped},
            turns=self.turns + 1,
        )


class ChatHandlers:
    """What the page's events do, kept apart from the layout so tests can call them directly."""

    def __init__(self, assistant: Assistant, settings: Settings, feedback: FeedbackStore) -> None:
        self.assistant = assistant
        self.settings = settings
        self.feedback = feedback

    def respond(self, question: str, session: ChatSession) -> tuple[ChatMessages, str, ChatSession]:
        """The chat with the question and its complete rendered reply, in one update.

        Returns (chat, question box text, session). Not streamed: the reply is complete
        before anything could be sent, pieces sent one after another reached the browser within
        milliseconds (no visible effect), and every extra update (showing the question first
        included) costs the server a thread hand-off, a render and a queue message: with one
        update, 8 concurrent visitors' p95 was 1.3-1.6x the API's instead of 2.2-2.3x with two
        (docs/deployment.md, "Load"). While the engine works, Gradio shows its progress.
        Refusals and a missing index become a notice in the chat; the session only records
        turns that were answered.
        """
        if not question.strip():
            return session.chat, "", session
        shown_question = question
        if len(question) > self.settings.max_question_chars:  # refused below; not echoed whole
            shown_question = question[: self.settings.max_question_chars] + "…"
        chat = [*session.chat, {"role": "user", "content": literal(shown_question)}]
        try:
            answer = self.assistant.ask(question, session.history)
        except (InvalidQuestion, IndexUnavailable) as error:
            notice = f'<div class="reply reply-error">\n\n{literal(str(error))}\n\n</div>'
            return [*chat, {"role": "assistant", "content": notice}], "", session
        reply = render_answer(answer, f"reply-{session.turns + 1}")
        session = session.answered(question, answer, reply, self.settings.max_history_messages)
        return session.chat, "", session

    @staticmethod
    def clear() -> tuple[ChatMessages, str, ChatSession]:
        """An empty chat, question box and session."""
        return [], "", ChatSession()

    def rate(self, session: ChatSession, data: gr.LikeData) -> None:
        """Gradio's like event: store the rating and thank the patient."""
        if self.store_rating(session, data.index, data.liked):
            gr.Info("Thank you, your feedback was saved.")

    def store_rating(self, session: ChatSession, index: object, liked: object) -> bool:
        """Store a thumbs up (`liked` True) / down (False) on the reply at chat `index`.

        Returns False, storing nothing, for a withdrawn rating or a message that is not an
        answer (the greeting, a refusal notice, a user message).
        """
        if not isinstance(index, int) or liked not in (True, False):
            return False
        shown = session.replies.get(index)
        if shown is None:
            return False
        question, answer = shown
        self.feedback.add(
            rating="up" if liked else "down",
            kind=answer.kind,
            question=question,
            reply=answer.answer,
            citations=answer.citations,
        )
        return True


def build_ui(assistant: Assistant, settings: Settings, feedback: FeedbackStore) -> gr.Blocks:
    """The chat page: notice, chat, question box, example questions, clear, feedback."""
    examples = example_questions(assistant.topics())
    handlers = ChatHandlers(assistant, settings, feedback)
    respond, clear = handlers.respond, handlers.clear

    with gr.Blocks(title=settings.ui_title, fill_width=False) as blocks:
        gr.Markdown(f"# {literal(settings.ui_title)}", elem_id="title")
        gr.HTML(
            f'<p class="notice" role="note">{html.escape(settings.disclaimer)}</p>',
            elem_id="notice",
        )
        chatbot = gr.Chatbot(
            elem_id="chat",
            label="Conversation",
            placeholder=f'<p class="greeting">{html.escape(settings.ui_greeting)}</p>',
            height="60vh",
            min_height=280,
            layout="bubble",
            buttons=["copy"],
            sanitize_html=True,
            allow_tags=False,
            latex_delimiters=[],
            group_consecutive_messages=False,
            feedback_options=("Like", "Dislike"),
        )
        session = gr.State(ChatSession(), time_to_live=SESSION_SECONDS)
        with gr.Row(equal_height=True, elem_id="ask-row"):
            question = gr.Textbox(
                elem_id="question",
                label="Your question",
                placeholder="Type your question and press Enter",
                max_length=settings.max_question_chars,
                lines=1,
                max_lines=6,
                scale=5,
                min_width=180,
            )
            ask = gr.Button("Ask", variant="primary", elem_id="ask", scale=1, min_width=80)
        asked = [chatbot, question, session]  # what answering a question updates
        if examples:
            with gr.Row(elem_id="examples"):
                gr.Markdown("**Try asking:**", elem_classes=["examples-label"])
                for example in examples:
                    button = gr.Button(example, size="sm", elem_classes=["example"])
                    button.click(respond, [button, session], asked, concurrency_id=ANSWER)
        clear_button = gr.Button("Clear conversation", size="sm", elem_id="clear")

        question.submit(respond, [question, session], asked, concurrency_id=ANSWER)
        ask.click(respond, [question, session], asked, concurrency_id=ANSWER)
        clear_button.click(clear, None, [chatbot, question, session])
        chatbot.clear(clear, None, [chatbot, question, session])  # the chat's own bin icon
        chatbot.like(handlers.rate, [session], None)
    # Every asking event shares one limit (ANSWER); the queue is bounded.
    _skip_missing_matplotlib()
    with _environment(NO_EVENT_ANALYTICS):  # read once, when the queue is made
        queued = blocks.queue(
            default_concurrency_limit=settings.chat_concurrency,
            max_size=QUEUE_SIZE,
            status_update_rate=QUEUE_STATUS_SECONDS,
        )
    queue = queued._queue  # the poll interval has no public setting (Gradio 6.31)
    if hasattr(queue, "sleep_when_free"):
        queue.sleep_when_free = QUEUE_POLL_SECONDS
    return queued


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """These environment variables set inside the block, the earlier values restored after."""
    earlier = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in earlier.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _skip_missing_matplotlib() -> None:
    """Remember, once, that matplotlib is not installed.

    Gradio imports matplotlib around every event (to switch its plotting backend); when it is
    missing, each attempt searches the whole import path, in the server's event loop: a twentieth
    of that loop's time under load (py-spy, docs/deployment.md). Caching the miss changes
    nothing else: `import matplotlib` still raises ImportError, only sooner.
    """
    if "matplotlib" not in sys.modules and importlib.util.find_spec("matplotlib") is None:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]


def _theme() -> gr.themes.Base:
    # System fonts: nothing to fetch, and every glyph present. A calm teal leaves red to
    # urgent replies alone.
    return gr.themes.Default(
        primary_hue="teal",
        font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
    ).set(
        # White on the darker shades keeps the text contrast above WCAG AA (4.5:1).
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
    )


def mount_ui(app: FastAPI, blocks: gr.Blocks, settings: Settings) -> FastAPI:
    """Mount the chat page at `/`. Call last: the mount answers every path not routed before."""
    return gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        css_paths=[CSS_PATH],
        theme=_theme(),
        footer_links=[],
        run_history=False,  # conversations may hold health details: keep none in the browser
        enable_monitoring=False,  # /monitoring and /monitoring/summary answer 403
        ssr_mode=False,
        mcp_server=False,
        server_name=settings.host,
        server_port=settings.port,
    )
