"""Answers that answer the question (issue 12), end to end on the seed articles: the real model
and a real Chroma index. The expectations come from reading the articles, not from running
the code.
"""

from __future__ import annotations

import json

import pytest

from assistant.types import Message
from evals.paths import ASKED_FORMS, ASKED_FORMS_2
from tests.support import assert_well_cited


# The examples issue 12 was filed with, on the seed articles; expectations from reading them.
@pytest.mark.integration
def test_a_corpus_term_written_another_way_is_understood(assistant, cleaned):
    answer = assistant.ask("What does overpronation mean?")
    assert answer.kind == "answer"  # was refused as out of scope
    assert "excessive pronation" in answer.query
    assert "excessive pronation" in answer.citations[0].quote
    assert answer.citations[0].source_id == "feet-and-chronic-back-pain.txt"
    assert_well_cited(answer, cleaned)


@pytest.mark.integration
@pytest.mark.parametrize(
    "question", ["what is pronation?", "what is overpronation? my physio said i have it"]
)
def test_a_short_what_is_question_about_a_defined_term_is_answered(assistant, cleaned, question):
    # Its score is under the gate's threshold (0.38 and 0.43 against 0.455): the articles'
    # defining sentence lets it through.
    answer = assistant.ask(question)
    assert answer.kind == "answer"
    assert any("known as excessive pronation" in c.quote for c in answer.citations)
    assert_well_cited(answer, cleaned)


@pytest.mark.integration
def test_how_long_is_answered_with_the_duration_first(assistant, cleaned):
    answer = assistant.ask("How long do I hold the toe press for?")
    assert answer.kind == "answer"
    assert "Keep this position for three seconds" in answer.citations[0].quote
    # The reply opens with the step that gives the duration (and the step it refers to), not
    # with the exercise's heading and what it is good for.
    opening = answer.answer.split("\n\n")[0]
    assert opening.startswith("Stay on the floor straight and bend the knees to grip the floor.")
    assert "Keep this position for three seconds" in opening
    assert_well_cited(answer, cleaned)


@pytest.mark.integration
def test_a_sentence_that_means_nothing_alone_comes_with_the_one_before(assistant, cleaned):
    answer = assistant.ask("Explain the kinetic chain")
    assert answer.kind == "answer"
    (chain,) = [c for c in answer.citations if "The kinetic chain is known." in c.quote]
    # Quoted with the sentence that explains it, in one passage.
    assert "your knees, and hips can move into misalignment" in chain.quote
    assert_well_cited(answer, cleaned)


@pytest.mark.integration
def test_why_is_answered_from_the_passage_about_the_cause(assistant, cleaned):
    answer = assistant.ask("Why would flat feet hurt my lower back?")
    assert answer.kind == "answer"
    # The mechanism is quoted whole: the collapsing arches with what they do to the spine.
    (arches,) = [c for c in answer.citations if "When your arches collapse" in c.quote]
    assert arches.source_id == "feet-and-chronic-back-pain.txt"
    assert "This disrupts the natural curve of your lower spine" in arches.quote
    assert_well_cited(answer, cleaned)


@pytest.mark.integration
def test_a_long_message_is_answered_for_the_question_it_ends_with(assistant, cleaned):
    message = (
        "Exercises question\n"
        "I printed out the foot exercises from your page and I have been doing them every "
        "morning before work for a couple of weeks now. Most of them are clear to me, but I "
        "am not sure about the toe pressing one. I bend my knees and grip the floor with my "
        "toes, but how long am I supposed to keep that position?"
    )
    answer = assistant.ask(message)
    assert answer.kind == "answer"
    assert "three seconds" in answer.citations[0].quote
    assert_well_cited(answer, cleaned)


# Near misses: the articles talk about feet and backs, never about these things. Their scores
# pass the gate (0.47-0.61 against 0.455): the asked thing itself decides.
@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "What causes sciatica?",  # named once, in a list of conditions
        "What is plantar fasciitis and how do I get rid of it?",
        "what is a heel spur",  # "spur" is in no article
        "how can I prevent shin splints when running",
        "Is ibuprofen or paracetamol better for lower back pain?",  # the articles say "medicines"
        "What kind of mattress is best for lower back pain?",
        "how do i stretch my hamstrings properly",
        "what are the side effects of a spinal injection",  # named once, in a list
        "what is the difference between heel spurs and plantar fasciitis",
        # The articles time exercises ("rotate the ankle for 15 seconds"), never a recovery.
        "how long does a sprained ankle take to heal",
        "How long will it take before the foot exercises start helping my back?",
        "sprained my ankle playing basketball, how long till i can run again",
    ],
)
def test_a_thing_the_articles_only_name_never_use_or_never_time_is_refused(assistant, question):
    answer = assistant.ask(question)
    assert answer.kind == "out_of_scope"
    assert answer.citations == []


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "history", "time"),
    [
        ("how long should I rotate my ankle in the ankle circles?", [], "15 seconds"),
        ("how long should I do toe walking to feel better", [], "20 seconds"),
        # The earlier turn's outcome words are not what the new message asks.
        (
            "how long should I do it?",
            [
                Message(role="user", content="will toe walking help my back heal?"),
                Message(role="assistant", content="Walking on toe for 20 seconds everyday ..."),
            ],
            "20 seconds",
        ),
    ],
)
def test_how_long_to_do_an_exercise_is_still_answered(assistant, cleaned, question, history, time):
    answer = assistant.ask(question, history)
    assert answer.kind == "answer"
    assert any(time in c.quote for c in answer.citations)
    assert_well_cited(answer, cleaned)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "asks_about"),
    [
        ("What is underpronation?", {"underpronation"}),  # defined where it is named
        ("how do I treat sore feet", {"sore", "feet"}),  # the head, feet, is everywhere
        ("what causes pain under my heel", {"pain"}),  # "under" ends the thing
        ("How do I avoid hurting my back at work? I stand all day", {"hurt"}),  # an activity
        # Whether one thing causes or helps another is left to the score.
        ("can excess weight affect my spine", None),
        ("can stilettos cause back pain", None),  # the articles say "high heels"
        ("do calf stretches help back pain?", None),
        ("what kind of shoes shoud i wear for back pain", {"shoe"}),
        ("how should I stretch my toes?", {"toe"}),  # the articles: "Toe stretching"
    ],
)
def test_a_thing_the_articles_discuss_is_still_answered(assistant, cleaned, question, asks_about):
    asked = assistant.asked(question)
    assert (asked and set(asked.words)) == asks_about or (asked is None and asks_about is None)
    assert asked is None or not asked.unknown
    answer = assistant.ask(question)
    assert answer.kind == "answer"
    assert_well_cited(answer, cleaned)


@pytest.mark.integration
def test_the_asked_thing_is_read_in_follow_ups_and_long_messages(assistant, cleaned):
    history = [
        Message(role="user", content="What happens to my back if my feet roll inward?"),
        Message(role="assistant", content="It can cause your knees to rotate. [1]"),
    ]
    assert assistant.ask("and what causes heel spurs?", history).kind == "out_of_scope"
    answer = assistant.ask("ok and what's the opposite called?", history)
    assert answer.kind == "answer"  # "the opposite" points back, it names no new thing
    assert_well_cited(answer, cleaned)
    long_message = (
        "Hi, I am 45 and I run three times a week on the road. For a few months now the bottom "
        "of my heel has hurt first thing in the morning and my back is stiff too. My friend "
        "says it is a heel spur and that I need new shoes. What causes heel spurs?"
    )
    assert assistant.ask(long_message).kind == "out_of_scope"


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Are orthotics enough on their own for my back pain?",
        "are insoles enough to fix my back pain",
    ],
)
def test_the_provider_voice_sentence_that_answers_is_quoted(assistant, cleaned, question):
    # "Our doctors ... realize that ... they are not the only step" is health information in
    # the provider's voice, not marketing: it answers whether orthotics are enough.
    answer = assistant.ask(question)
    assert answer.kind == "answer"
    assert any("they are not the only step" in c.quote for c in answer.citations)
    assert not any("We believe" in c.quote for c in answer.citations)
    assert_well_cited(answer, cleaned)


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    ["How is the stretch with the towel done?", "theres a stretch with a towel, how does it go?"],
)
def test_how_to_do_an_exercise_the_articles_give_passes_under_the_threshold(
    assistant, cleaned, question
):
    # Both score 0.39-0.44 against 0.455; the "Upward stretching" steps have "stretch" and
    # "towel".
    assert assistant.relevance(question) < assistant.settings.relevance_threshold
    answer = assistant.ask(question)
    assert answer.kind == "answer"
    assert "Wrap the feet with a towel" in answer.citations[0].quote
    assert_well_cited(answer, cleaned)


@pytest.mark.integration
def test_a_full_reply_still_gets_the_rest_of_its_direct_answer(assistant, cleaned):
    # "The positive takeaway is that addressing foot alignment can lead to ... relief" leads;
    # the remedies are the next sentence, and six other sentences had filled the reply.
    answer = assistant.ask("will arch supports help my back?")
    assert answer.kind == "answer"
    lead = answer.citations[0].quote
    assert lead.startswith("The positive takeaway")
    assert "Practical solutions include using orthotic inserts" in lead
    assert_well_cited(answer, cleaned)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("path", "answered_share", "refused_share"),
    [(ASKED_FORMS, 0.85, 0.75), (ASKED_FORMS_2, 0.9, 0.6)],
    ids=["asked_forms", "asked_forms_2"],
)
def test_questions_in_the_asked_term_forms_written_by_someone_else(
    assistant, path, answered_share, refused_share
):
    # Questions a helper wrote and labelled from the articles alone (evals/datasets README):
    # the gate must refuse most out-of-scope ones without refusing the in-scope ones.
    cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    answered = {c["id"]: assistant.ask(c["question"]).kind == "answer" for c in cases}
    in_scope = [c["id"] for c in cases if c["expected_kind"] == "answer"]
    out_of_scope = [c["id"] for c in cases if c["expected_kind"] == "out_of_scope"]
    assert len(in_scope) == len(out_of_scope) == len(cases) // 2
    assert sum(answered[i] for i in in_scope) >= answered_share * len(in_scope)
    assert sum(not answered[i] for i in out_of_scope) >= refused_share * len(out_of_scope)


@pytest.mark.integration
def test_the_difference_between_two_defined_terms_is_answered(assistant, cleaned):
    # Scores under the threshold; the articles define both terms.
    answer = assistant.ask("whats the difference between overpronation and underpronation")
    assert answer.kind == "answer"
    quoted = " ".join(c.quote for c in answer.citations)
    assert "known as excessive pronation" in quoted and "called underpronation" in quoted
    assert_well_cited(answer, cleaned)
