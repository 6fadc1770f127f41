"""The LangChain runnable and retriever over the real engine and the seed index."""

from __future__ import annotations

import pytest

from assistant.integrations.langchain import ClinicAssistantRunnable, ClinicRetriever


@pytest.fixture(scope="module")
def engine(seed_index_settings, real_embedder):
    from assistant import build_assistant

    assistant = build_assistant(seed_index_settings, embedder=real_embedder)
    yield assistant
    assistant.close()


def test_a_langchain_chain_gets_verbatim_cited_answers_and_urgent_replies(engine):
    chat = ClinicAssistantRunnable(assistant=engine)
    answers = chat.batch(["How do I do toe pressing?", "I have crushing chest pain right now"])
    cited, urgent = answers
    assert cited.kind == "answer" and cited.citations
    for citation in cited.citations:
        text = engine.article(citation.source_id).text
        assert text[citation.start : citation.end] == citation.quote
    assert urgent.kind == "urgent" and not urgent.citations
    assert all(answer.disclaimer for answer in answers)


def test_the_retriever_finds_the_exercise_article(engine):
    documents = ClinicRetriever(assistant=engine, k=3).invoke("toe exercises")
    assert documents[0].metadata["source_id"] == "foot-exercises-for-back-pain.txt"
    article = engine.article(documents[0].metadata["source_id"])
    start, end = documents[0].metadata["start"], documents[0].metadata["end"]
    assert article.text[start:end] == documents[0].page_content
