"""Follow-up questions are resolved with the conversation before retrieval."""

from __future__ import annotations

import pytest

from assistant.retrieval.followup import (
    is_follow_up,
    previous_cited_answer,
    rewrite_query,
    search_context,
)
from assistant.types import Message

EXERCISE_CHAT = [
    Message(role="user", content="Which exercise strengthens the toes?"),
    Message(role="assistant", content="Toe pressing: grip the floor with your toes. [1]"),
]


@pytest.mark.parametrize(
    "follow_up",
    [
        "how many times should I repeat it?",
        "and what about the opposite?",
        "how long should I hold it",
        "what about the other one?",
        "why?",
        "more?",
        "and for how long",
        "is that safe?",
        "how often",
    ],
)
def test_a_follow_up_carries_the_previous_question(follow_up):
    query = rewrite_query(follow_up, EXERCISE_CHAT)
    assert query.startswith(follow_up)
    assert "Which exercise strengthens the toes?" in query


@pytest.mark.parametrize(
    "standalone",
    [
        "Can wearing high heels cause lower back pain?",
        "What exercises help with lower back stiffness?",
        "Does flat feet cause knee pain when running?",
    ],
)
def test_a_self_contained_question_is_searched_as_it_is(standalone):
    assert rewrite_query(standalone, EXERCISE_CHAT) == standalone


def test_without_earlier_user_messages_nothing_is_added():
    assert rewrite_query("how many times should I repeat it?", []) == (
        "how many times should I repeat it?"
    )
    only_assistant = [Message(role="assistant", content="Hello! Ask me about the articles.")]
    assert not is_follow_up("and the other one?", only_assistant)


def test_a_chain_of_follow_ups_keeps_the_original_topic():
    chat = [
        *EXERCISE_CHAT,
        Message(role="user", content="how many times should I repeat it?"),
        Message(role="assistant", content="Repeat for every foot 10 times. [1]"),
    ]
    query = rewrite_query("and how long do I hold it?", chat)
    assert "how many times should I repeat it?" in query
    assert "Which exercise strengthens the toes?" in query


def test_the_assistant_replies_are_not_searched():
    # Replies are composed from the articles; searching them would only echo the last answer.
    query = rewrite_query("why?", EXERCISE_CHAT)
    assert "grip the floor" not in query


def test_search_adds_the_previous_cited_answer_but_not_its_sources_or_disclaimer():
    chat = [
        Message(role="user", content="what is overpronation?"),
        Message(
            role="assistant",
            content=(
                "When your feet roll inward excessively, a condition known as excessive "
                "pronation, it strains the back. [1]\n\nSources:\n[1] Feet and back pain\n\n"
                "This is general health information from the clinic's articles."
            ),
        ),
    ]
    query = search_context("and what about the opposite?", chat)
    assert "excessive pronation" in query  # the article's words, which the user never typed
    assert "what is overpronation?" in query
    assert "[1]" not in query and "Sources" not in query and "general health" not in query


def test_a_refusal_or_an_urgent_reply_is_never_searched_with_a_follow_up():
    refusal = [
        Message(role="user", content="tell me about casinos"),
        Message(role="assistant", content="The articles cover:\n- Feet and back pain"),
    ]
    assert previous_cited_answer(refusal) == ""
    assert "Feet and back pain" not in search_context("and what about that?", refusal)


def test_a_self_contained_question_gets_no_earlier_reply():
    question = "Which shoes make lower back pain worse when standing all day?"
    assert search_context(question, EXERCISE_CHAT) == question
