"""Input checks (every limit, with a message that names it), language, personal requests."""

from __future__ import annotations

import pytest

from assistant.errors import InvalidQuestion
from assistant.safety.guard import check_question
from assistant.safety.language import detect_language_problem
from assistant.safety.personal import is_personal_medical_request
from assistant.settings import Settings
from assistant.types import Message

SETTINGS = Settings(max_question_chars=1000, max_history_messages=4)


def _history(n: int) -> list[Message]:
    return [Message(role="user" if i % 2 == 0 else "assistant", content=f"m{i}") for i in range(n)]


# --- check_question ---------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["", "   ", "\n\t  \n", "\u200b\u200b", "\ufeff \u2060"])
def test_empty_or_blank_question_is_refused(question: str) -> None:
    with pytest.raises(InvalidQuestion, match="empty"):
        check_question(question, [], SETTINGS)


def test_over_long_question_names_its_length_and_the_limit() -> None:
    with pytest.raises(InvalidQuestion) as error:
        check_question("a" * 1523, [], SETTINGS)
    assert str(error.value) == (
        "Your question is 1,523 characters; the limit is 1,000. Please shorten it."
    )


def test_question_exactly_at_the_limit_is_accepted() -> None:
    assert check_question("b" * 1000, [], SETTINGS) == "b" * 1000


def test_limit_comes_from_settings() -> None:
    with pytest.raises(InvalidQuestion, match="the limit is 10\\."):
        check_question("what helps flat feet?", [], Settings(max_question_chars=10))


def test_huge_paste_is_refused_without_normalising_it() -> None:
    with pytest.raises(InvalidQuestion, match="1,000,000 characters; the limit is 1,000"):
        check_question("x" * 1_000_000, [], SETTINGS)


def test_invisible_characters_do_not_count_towards_the_limit() -> None:
    question = "\u200b".join("a" * 1000)  # 1000 letters, 999 zero-width spaces
    assert check_question(question, [], SETTINGS) == "a" * 1000


def test_too_much_history_names_the_limit() -> None:
    assert check_question("ok?", _history(4), SETTINGS) == "ok?"
    with pytest.raises(InvalidQuestion) as error:
        check_question("ok?", _history(5), SETTINGS)
    assert "5 earlier messages" in str(error.value)
    assert "the limit is 4" in str(error.value)
    assert "new conversation" in str(error.value)


def test_an_over_long_history_message_names_the_limit() -> None:
    history = [Message(role="assistant", content="x" * 10_000)]
    assert check_question("ok?", history, SETTINGS) == "ok?"
    long_history = [Message(role="user", content="x" * 10_001)]
    with pytest.raises(InvalidQuestion) as error:
        check_question("ok?", long_history, SETTINGS)
    assert "history is 10,001 characters; the limit is 10,000" in str(error.value)


def test_normalises_unicode_and_strips_harmless_invisibles() -> None:
    raw = "  \ufeffwhat\u200b helps \uff46\uff4c\uff41\uff54  feet?\u00ad\n "
    assert check_question(raw, [], SETTINGS) == "what helps flat feet?"


def test_a_stray_control_character_is_removed() -> None:
    assert check_question("flat\x07 feet and back pain?", [], SETTINGS) == (
        "flat feet and back pain?"
    )


@pytest.mark.parametrize(
    "question", ["\x00\x01\x02\x03 hi", "\ue000\ue001\ue002\ue003 ok", "\ufffd\ufffd\ufffd abc"]
)
def test_mostly_non_text_is_refused(question: str) -> None:
    with pytest.raises(InvalidQuestion, match="not text"):
        check_question(question, [], SETTINGS)


@pytest.mark.parametrize("question", ["???", "!!! ...", "\U0001f600\U0001f600"])
def test_question_without_letters_is_refused(question: str) -> None:
    with pytest.raises(InvalidQuestion, match="no letters or numbers"):
        check_question(question, [], SETTINGS)


def test_ordinary_question_with_emoji_and_accents_passes() -> None:
    question = "Is a café chair bad for my back? \U0001f622"
    assert check_question(question, [], SETTINGS) == question


# --- detect_language_problem ------------------------------------------------------------------

FOREIGN = [
    "¿Qué ejercicios son buenos para el dolor de espalda?",
    "Quels exercices pour le mal de dos ?",
    "Welche Schuhe sind gut für meine Füße?",
    "Tenho dor nas costas, o que devo fazer?",
    "Ik heb pijn in mijn rug",
    "Quali scarpe sono migliori per il mal di schiena?",
    "腰痛に良い運動は何ですか",
    "Какие упражнения помогают при боли в спине?",
    "ما هي التمارين المفيدة لآلام الظهر؟",
    "j'ai mal au dos",
    "Mein Rücken tut weh",
    "me duele la espalda",
    "Bolą mnie plecy, jakie ćwiczenia pomogą?",
    "Sırtım ağrıyor, hangi egzersizler iyi?",
    "Tôi bị đau lưng, tôi nên tập bài nào?",
]
ENGLISH = [
    "what exercises help lower back pain?",
    "wat excersises hlp my bak",
    "is a tatami mat ok for my back?",
    "I want to die",
    "Are Birkenstocks or huaraches better for flat feet?",
    "my physio said 'la posture' is key, what does that mean for my feet?",
    "back pain",
    "ok",
    "Is a café chair bad for my back after a résumé-writing marathon?",
    "my doctor José Muñoz said to ask here about flat feet",
]


@pytest.mark.parametrize("question", FOREIGN)
def test_non_english_gets_a_polite_english_note(question: str) -> None:
    message = detect_language_problem(question)
    assert message is not None
    assert "English" in message


@pytest.mark.parametrize("question", ENGLISH)
def test_english_even_with_foreign_words_or_typos_passes(question: str) -> None:
    assert detect_language_problem(question) is None


# --- is_personal_medical_request --------------------------------------------------------------

PERSONAL = {
    "dose": [
        "how much ibuprofen should I take?",
        "How many mg of naproxen is safe?",
        "what dose of paracetamol for back pain",
        "can I take two advil at once?",
        "how often should I take painkillers?",
        "how many tablets can my son have?",
        "Is 800mg of ibuprofen too much?",
        "Can I double up on my pain meds?",
        "what strength of ibuprofen should I buy",
    ],
    "prescription": [
        "can you prescribe orthotics?",
        "what medicine should I take?",
        "what can I take for my back pain?",
        "which painkiller is best for sciatica?",
        "should I take muscle relaxants?",
        "do I need surgery?",
        "what pills would help my back?",
        "should I be on muscle relaxers?",
        "should I stop taking my blood pressure meds",
        "Can you write me a note for custom insoles?",
    ],
    "diagnosis": [
        "do I have plantar fasciitis?",
        "is my back pain sciatica?",
        "could it be a slipped disc?",
        "what's wrong with me?",
        "is this a sign of arthritis?",
        "have I got flat feet?",
        "does this mean I have a herniated disc?",
        "Do you think I have sciatica?",
        "My heel hurts in the morning. Is this plantar fasciitis?",
        "can you tell me if I have flat feet",
        "is my knee pain from my flat feet?",
        "Is something seriously wrong with my back?",
        "Am I overpronating?",
    ],
}
GENERAL = [
    "can my shoes cause back pain?",
    "how many times should I repeat it?",
    "and what about the opposite?",
    "how often should I take a break from standing?",
    "Do I have to do the exercises every day?",
    "how is plantar fasciitis diagnosed?",
    "Are orthotic insoles worth it for back pain?",
    "should I try gel insoles?",
    "Is it normal for feet to ache after new shoes?",
    "what is overpronation?",
    "what are the symptoms of sciatica?",
    "how long should I hold each stretch?",
    "how do I know if I have flat feet?",
    "Do I need special shoes for flat feet?",
    "how much does a pair of orthotics cost",
    "is it bad for flat feet to walk barefoot?",
    "Is this exercise safe for a bad back?",
    "which exercises are best for the arches?",
    "how much walking is good for the back",
]


@pytest.mark.parametrize(
    ("kind", "question"),
    [(kind, question) for kind, questions in PERSONAL.items() for question in questions],
)
def test_personal_medical_requests_are_classified(kind: str, question: str) -> None:
    assert is_personal_medical_request(question) == kind


@pytest.mark.parametrize("question", GENERAL)
def test_general_questions_are_not_personal_requests(question: str) -> None:
    assert is_personal_medical_request(question) is None
