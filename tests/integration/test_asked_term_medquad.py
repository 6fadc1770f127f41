"""The gate's asked-term rule on articles nobody wrote for it: a sample of MedQuAD answers.

A question about one named thing ("what causes glaucoma?") must not be refused when the
articles are about that thing, and is refused when they never name it, whatever the corpus.
"""

from __future__ import annotations

import re

import pytest

from evals import medquad
from tests.support import MEDQUAD

SAMPLE = 40


@pytest.mark.integration
@pytest.mark.skipif(not MEDQUAD.exists(), reason="needs ../shared/datasets/medquad")
def test_questions_about_the_articles_own_subjects_pass_and_others_do_not(tmp_path, real_embedder):
    from assistant.factory import build_assistant
    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths

    # Subjects that are plain short names ("Glaucoma", "Kidney Stones"), not "Absence of tibia".
    pairs = medquad.plainly_named(medquad.load_pairs(MEDQUAD))
    sample = medquad.fixed_sample(pairs, size=SAMPLE)
    corpus = tmp_path / "corpus"
    articles = medquad.write_articles(sample, corpus / "medquad.jsonl")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", chroma_url=None)
    ingest_paths(settings, [articles], embedder=real_embedder)
    assistant = build_assistant(settings, embedder=real_embedder)
    try:
        _check_own_and_absent_subjects(assistant, sample, pairs)
    finally:
        assistant.close()


def _check_own_and_absent_subjects(assistant, sample, pairs) -> None:
    from assistant.gate import covers_asked_term

    def covered(question: str) -> bool:
        asked = assistant.asked(question)
        assert asked is not None, question  # every template asks about one named thing
        retrieval = assistant.retriever.retrieve(assistant.search_query(question))
        return covers_asked_term(retrieval, asked)

    own = sorted({pair.focus.lower() for pair in sample})
    words = set(re.findall(r"[a-z]+", " ".join(pair.answer.lower() for pair in sample)))
    # Subjects whose name's last word no sample answer uses: the articles never name them.
    absent = {p.focus.lower() for p in pairs if p.focus.split()[-1].lower() not in words}
    others = sorted(absent)[:SAMPLE]
    for template in (
        "what is {}?",
        "what causes {}?",
        "how do I treat {}?",
        "what are the symptoms of {}?",
    ):
        passed = [covered(template.format(focus)) for focus in own]
        assert sum(passed) >= 0.9 * len(own), template
        refused = [not covered(template.format(focus)) for focus in others]
        assert sum(refused) >= 0.9 * len(others), template
