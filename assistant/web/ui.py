"""The Gradio chat page served at `/`.

Only presentation lives here: it calls the `Assistant` protocol, turns answers into Markdown with
`render`, and stores thumbs up / down in the feedback store. Every string shown comes from
`render` (escaped) or from settings. It never touches the index directly.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr
from fastapi import FastAPI

from assistant.errors import IndexUnavailable, InvalidQuestion
from assistant.settings import Settings
from assistant.types import Answer, Assistant, Message
from assistant.web.api import answer_pieces
from assistant.web.feedback import FeedbackStore
from assistant.web.render import example_questions, literal, render_answer

log = logging.getLogger(__name__)

CSS_PATH = Path(__file__).with_name("ui.css")
ChatMessages = list[dict[str, Any]]


@dataclass
class ChatSession:
    """One browser tab's conversation: raw turns for the engine, answers for feedback.

    `replies` maps a chatbot message index to the question and answer shown there.
    """

    history: list[Message] = field(default_factory=list)
    replies: dict[int, tuple[str, Answer]] = field(default_factory=dict)


class ChatHandlers:
    """What the page's events do, kept apart from the layout so tests can call them directly."""

    def __init__(self, assistant: Assistant, settings: Settings, feedback: FeedbackStore) -> None:
        self.assistant = assistant
        self.settings = settings
        self.feedback = feedback

    def respond(
        self, question: str, chat: ChatMessages, session: ChatSession
    ) -> Iterator[tuple[ChatMessages, str, ChatSession]]:
        """Ask, then stream the rendered reply into the chat a few words at a time.

        Yields (chat, question box text, session). Refusals and a missing index become a notice
        in the chat; the session only records turns that were answered.
        """
        if not question.strip():
            yield chat, "", session
            return
        chat = [*chat, {"role": "user", "content": literal(question)}]
        yield chat, "", session
        # The page keeps the newest turns rather than refusing a long conversation.
        keep = self.settings.max_history_messages
        recent = session.history[-keep:] if keep else []  # [-0:] would be the whole list
        try:
            answer = self.assistant.ask(question, recent)
        except (InvalidQuestion, IndexUnavailable) as error:
            notice = f'<div class="reply reply-error">\n\n{literal(str(error))}\n\n</div>'
            yield [*chat, {"role": "assistant", "content": notice}], "", session
            return
        index = len(chat)
        reply_id = f"reply-{index}"
        shown = ""
        for piece in answer_pieces(answer.answer):
            shown += piece
            partial = render_answer(answer, reply_id, partial_text=shown)
            yield [*chat, {"role": "assistant", "content": partial}], "", session
        chat = [*chat, {"role": "assistant", "content": render_answer(answer, reply_id)}]
        session = ChatSession(
            history=[
                *session.history,
                Message(role="user", content=question),
                Message(role="assistant", content=answer.answer),
            ],
            replies={**session.replies, index: (question, answer)},
        )
        yield chat, "", session

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
        session = gr.State(ChatSession())
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
        if examples:
            with gr.Row(elem_id="examples"):
                gr.Markdown("**Try asking:**", elem_classes=["examples-label"])
                for example in examples:
                    button = gr.Button(example, size="sm", elem_classes=["example"])
                    button.click(
                        respond,
                        inputs=[button, chatbot, session],
                        outputs=[chatbot, question, session],
                    )
        clear_button = gr.Button("Clear conversation", size="sm", elem_id="clear")

        question.submit(respond, [question, chatbot, session], [chatbot, question, session])
        ask.click(respond, [question, chatbot, session], [chatbot, question, session])
        clear_button.click(clear, None, [chatbot, question, session])
        chatbot.clear(clear, None, [chatbot, question, session])  # the chat's own bin icon
        chatbot.like(handlers.rate, [session], None)
    return blocks


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
        ssr_mode=False,
        mcp_server=False,
        server_name=settings.host,
        server_port=settings.port,
    )
