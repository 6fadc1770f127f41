"""The chat page's own HTTP protocol (Gradio's queue), for tests that talk to it like a browser.

`submit_event(client)` reads /config for the event the question box's Enter triggers;
`ask(client, question)` joins the queue with it and reads the event stream until the event
completes. Works with any httpx-style client (FastAPI's TestClient included). The pure parts
(`event_from_config`, `join_request`, `stream_message`) also serve benchmarks/bench_load.py.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SubmitEvent:
    fn_index: int
    trigger_id: int
    inputs: list[str]  # component type of each input


@dataclass
class ChatReply:
    status: int  # of the join request
    body: Any  # the join's JSON (its error, when refused)
    messages: list[dict[str, Any]]  # every stream message of this event

    @property
    def completed(self) -> dict[str, Any] | None:
        return next((m for m in self.messages if m.get("msg") == "process_completed"), None)

    def chat(self) -> list[dict[str, Any]]:
        """The chat as the event's final output shows it."""
        done = self.completed
        assert done is not None and done.get("success"), self.messages
        return done["output"]["data"][0]


def event_from_config(config: dict[str, Any]) -> SubmitEvent:
    """The question box's submit event in the page's `/config`."""
    components = {c["id"]: c for c in config["components"]}
    box = next(i for i, c in components.items() if c.get("props", {}).get("elem_id") == "question")
    for index, dependency in enumerate(config["dependencies"]):
        if [box, "submit"] in dependency["targets"]:
            kinds = [components[i]["type"] for i in dependency["inputs"]]
            return SubmitEvent(dependency.get("id", index), box, kinds)
    raise AssertionError("no submit event on the question box")


def join_request(
    event: SubmitEvent, question: str, session: str, data: list[Any] | None = None
) -> dict[str, Any]:
    """The body of POST /gradio_api/queue/join: the question in the text box's place, an
    empty chat for a chat input (older pages sent it), nothing for server-side state."""
    if data is None:
        data = [
            question if kind == "textbox" else [] if kind == "chatbot" else None
            for kind in event.inputs
        ]
    return {
        "data": data,
        "event_data": None,
        "fn_index": event.fn_index,
        "trigger_id": event.trigger_id,
        "session_hash": session,
    }


def stream_message(line: str) -> dict[str, Any] | None:
    """One message of the queue's event stream (`data: {...}` lines), or None."""
    return json.loads(line[5:]) if line.startswith("data:") else None


def submit_event(client: Any) -> SubmitEvent:
    return event_from_config(client.get("/config").json())


def ask(
    client: Any,
    question: str,
    *,
    event: SubmitEvent | None = None,
    data: list[Any] | None = None,
    headers: dict[str, str] | None = None,
    session: str | None = None,
) -> ChatReply:
    """Ask through the queue; `data` replaces the event's inputs (to send what a page would not)."""
    event = event or submit_event(client)
    session = session or secrets.token_hex(8)
    join = client.post(
        "/gradio_api/queue/join",
        json=join_request(event, question, session, data),
        headers=headers or {},
    )
    if join.status_code != 200:
        return ChatReply(join.status_code, join.json(), [])
    event_id = join.json()["event_id"]
    messages = []
    with client.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as stream:
        for line in stream.iter_lines():
            message = stream_message(line)
            if message is not None and message.get("event_id") == event_id:
                messages.append(message)
    return ChatReply(200, join.json(), messages)
