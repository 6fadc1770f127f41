"""Question types and answer shapes: what is asked, and which sentence looks like the answer."""

from __future__ import annotations

import pytest

from assistant.compose.question import (
    answer_shape,
    asks_time_to_outcome,
    focus_terms,
    question_type,
    states_time_to_outcome,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What does plantar fasciitis mean?", "definition"),
        ("explain the rotator cuff", "definition"),
        ("whats a bunion", "definition"),
        ("How long do I hold the stretch for?", "duration"),
        ("How is the stretch with the towel done?", "howto"),
        ("theres a stretch with a towel, how does it go?", "howto"),
        ("for how many minutes should I ice my knee", "duration"),
        ("how many times a day should I repeat it", "count"),
        ("how often do I do the breathing exercise", "count"),
        ("how do I do a wall squat", "howto"),
        ("steps for the hamstring stretch", "howto"),
        ("why does sitting make my back stiff", "cause"),
        ("what causes heel pain", "cause"),
        ("can tight hamstrings cause knee pain", "can_cause"),
        ("my shoes are worn out, could that mess up my knees?", "can_cause"),
        ("what helps with shin pain", "treatment"),
        ("which treatments are there for a frozen shoulder", "treatment"),
        ("when should I see a doctor about my ankle", "see_someone"),
        ("should I tell my physio that my hip clicks", "see_someone"),
        ("tell me about knees", "definition"),
        ("will fixing my posture mean I need no pills?", "general"),
        ("my knees and my posture", "general"),
    ],
)
def test_question_types(question, kind):
    assert question_type(question) == kind


def test_a_duration_wins_over_what_the_exercise_is_for():
    # Asks for a time, though "help" would make it a treatment question too.
    assert question_type("how long should I hold it to help my back?") == "duration"


def test_focus_terms_drop_the_words_that_only_ask():
    assert focus_terms("What does overpronation mean?") == {"overpronation"}
    assert focus_terms("how long do I hold the wall squat") == {"wall", "squat"}


@pytest.mark.parametrize(
    ("kind", "sentence", "expected"),
    [
        ("duration", "Keep this position for three seconds.", 1.0),
        ("duration", "Walk for 20 minutes every day.", 1.0),
        ("duration", "Repeat it daily.", 0.4),
        ("duration", "Stand with straight knees.", 0.0),
        ("count", "Repeat for every foot 10 times.", 1.0),
        ("count", "The foot has more than 100 muscles.", 0.6),
        ("count", "Stand with straight knees.", 0.0),
        ("cause", "Tight calves can cause heel pain because they pull on the tendon.", 1.0),
        ("cause", "Heel pain is common.", 0.0),
        ("cause", "Tight shoes can be a contributing factor in knee pain.", 0.5),  # not why
        ("can_cause", "Tight shoes can be a contributing factor in knee pain.", 1.0),
        ("treatment", "Ice and rest help the tendon heal.", 1.0),
        ("treatment", "Symptoms include pain and swelling.", 0.0),  # a list is no remedy
        ("treatment", "Options include rest, ice, compression and elevation.", 1.0),
        ("treatment", "Physiotherapy can strengthen the knee.", 1.0),
        ("treatment", "Contact the physiotherapist if the pain gets worse.", 0.5),  # a referral
        ("treatment", "Your GP may refer you to a specialist who can help.", 0.5),
        ("treatment", "If it still hurts, let your doctor know; they may recommend a brace.", 0.5),
        ("see_someone", "If the pain persists, see a doctor.", 1.0),
    ],
)
def test_answer_shapes(kind, sentence, expected):
    assert answer_shape(kind, sentence, set(), procedure=False) == expected


def test_a_definition_must_name_the_asked_term():
    focus = focus_terms("what is a bunion")
    assert (
        answer_shape("definition", "A bunion is a bony bump at the big toe.", focus, False) == 1.0
    )
    assert answer_shape("definition", "A bunion can hurt in tight shoes.", focus, False) == 0.3
    assert answer_shape("definition", "Heel pain is common.", focus, False) == 0.0


def test_steps_answer_how_to_questions():
    assert answer_shape("howto", "Wall squat: Lean on the wall.", set(), procedure=True) == 1.0
    assert answer_shape("howto", "Squats are good for the knees.", set(), procedure=False) == 0.0


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("how long does a sprained ankle take to heal", True),
        ("How long is recovery after a hip replacement?", True),
        ("how long before new insoles start working?", True),
        ("sprained it playing football, how long till i can run again", True),
        ("how long will it take for my ankle to feel better", True),
        ("How long after a knee replacement can I walk normally again?", True),
        ("how long should I wait before I can run again", True),
        ("how long do I hold the toe press?", False),  # how long to do something
        ("how long should I do toe walking to feel better", False),  # ... for an outcome
        ("how long should I ice my knee to help it heal", False),
        ("how long should I rest between sets to recover", False),
        ("how long should I walk to keep my back healthy?", False),
        ("does stretching help my back heal?", False),  # no duration asked
        ("how long do glucose tablets take to work?", True),
        ("how long before the medicine kicks in", True),
        # Background in another sentence is not what is asked (helper-58).
        ("I do the stretches every morning before work. How long should each one take?", False),
        ("how long after eating should I brush my teeth?", False),  # waiting, no outcome
        ("how long should the fluoride gel stay on before I can rinse?", False),
    ],
)
def test_questions_about_the_time_until_an_outcome(question, asks):
    assert asks_time_to_outcome(question) is asks


@pytest.mark.parametrize(
    ("sentence", "states"),
    [
        ("Most sprains heal within six weeks.", True),
        ("A mild sprain usually heals within a week or two.", True),
        ("Full recovery can take up to a year.", True),
        ("Moderate sprains can take three to six weeks.", True),
        ("After a 12-week programme, most patients recover fully.", True),
        ("The injection starts to work within 48 hours.", True),
        ("Glucose tablets raise your blood sugar within 15 minutes.", True),
        ("Improvement can take months.", True),
        ("Do this twice a day.", False),  # a frequency (helper-58)
        ("Take one tablet every 4 to 6 hours.", False),
        ("Children under 12 years should not take it.", False),
        ("Ice the knee for 20 minutes.", False),  # a treatment's own time
        ("Now rotate the ankle for 15 seconds.", False),  # times an exercise
        ("Walking on toe for 20 seconds everyday relieves back pain.", False),
        ("Standing for many consecutive minutes can shift your posture.", False),
        ("Rest helps the tendon heal.", False),  # no time
    ],
)
def test_sentences_that_give_the_time_until_an_outcome(sentence, states):
    assert states_time_to_outcome(sentence) is states
