"""The one thing a question asks about, and whether a sentence discusses it or only lists it."""

from __future__ import annotations

import pytest

from assistant.compose.asked import asked_term, discusses


@pytest.mark.parametrize(
    ("question", "term", "head"),
    [
        ("what is a heel spur", "heel spur", "spur"),
        ("What actually is sciatica? I keep hearing the word.", "sciatica", "sciatica"),
        ("what exactly is toe pressing", "toe pressing", "pressing"),
        ("how are heel spurs treated", "heel spurs", "spurs"),
        ("What does overpronation mean?", "overpronation", "overpronation"),
        # The kind of thing is not the thing, but still the phrase's head.
        ("whats the pencil exercise", "pencil", "exercise"),
        ("What causes heel spurs?", "heel spurs", "spurs"),
        ("How should I treat a sprained ankle?", "sprained ankle", "ankle"),
        ("how do I get rid of a plantar wart on my sole", "plantar wart", "wart"),
        ("how can I prevent shin splints when running", "shin splints", "splints"),
        ("how long does a sprained ankle take to heal", "sprained ankle", "ankle"),
        ("What is sciatica and why does it go down my leg?", "sciatica", "sciatica"),
        ("how do i treat lower bak pain pls", "lower bak pain", "pain"),
        # Which of two things: the second, which carries the noun.
        ("Is ibuprofen or paracetamol better for lower back pain?", "paracetamol", "paracetamol"),
        ("Is a firm or a soft mattress better for back pain?", "soft mattress", "mattress"),
        ("is hoka or brooks better for flat feet", "brooks", "brooks"),
        ("Should I get an MRI or an X-ray for my lower back pain?", "X-ray", "X-ray"),
        # Which kind: one word, whatever follows.
        ("What kind of mattress is best if you have lower back pain?", "mattress", "mattress"),
        ("What's the best type of mattress for lower back pain?", "mattress", "mattress"),
        ("what kind of shoes shoud i wear for back pain", "shoes", "shoes"),  # a typed verb
        ("What kind of custom orthotics should I get?", "custom orthotics", "orthotics"),
        ("What kind of memory foam insoles help back pain?", "memory foam insoles", "insoles"),
        (
            "what are the side effects of taking ibuprofen every day",
            "taking ibuprofen",
            "ibuprofen",
        ),
        ("which yoga poses are best for lower back pain", "yoga poses", "poses"),
        ("What are the symptoms of sciatica?", "sciatica", "sciatica"),
        ("what are the side effects of a spinal injection", "spinal injection", "injection"),
        ("how do i stretch my hamstrings properly", "hamstrings", "hamstrings"),
        # The difference between two things: the first.
        ("what is the difference between heel spurs and plantar fasciitis", "heel spurs", "spurs"),
        (
            "what is the difference between overpronation and underpronation",
            "overpronation",
            "overpronation",
        ),
    ],
)
def test_the_one_thing_a_question_asks_about(question, term, head):
    assert asked_term(question) == (term, head)


@pytest.mark.parametrize(
    "question",
    [
        "what causes it?",  # a pronoun: the follow-up's history says what
        "my podiatrist says i overpronate. what does that acually mean",  # "that", not "acually"
        "what is that called?",
        "what are the stages of degenerative disc disease?",  # asks about stages of something
        "which treatments can a pain center offer for low back pain",  # "treatments", a noun
        "why do my feet hurt after standing all day",
        "Are orthotics the only option or is there something else?",  # no "better": no choice
        "how do i do the pencil pick up thing with my toes",  # described, not named
        "Should I get orthotics or new shoes first?",  # a choice of actions, not of things
        "Should I try orthotics or wait?",
        "How do you stretch gently?",  # how, not what
        "how do I do the towel stretch",
        "what is the best thing to do for a very long list of many different sore body parts",
        # Whether one thing causes or helps another: the articles may call it something else.
        "can stilettos cause back pain",
        "What exercises help strengthen my feet for back pain?",
        # What helps a condition: the articles may help it under another name ("plantar
        # fascia mobilizations" for plantar fasciitis).
        "what exercises help sciatica",
    ],
)
def test_questions_about_no_one_named_thing(question):
    assert asked_term(question) is None


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("how do I get rid of back pain quickly", "back pain"),  # an adverb is not the thing
        ("how can I treat back pain daily", "back pain"),
        ("what is acromegaly?", "acromegaly"),  # an -ly word first is a name, not an adverb
        ("how do I treat flat feet pls", "flat feet"),
        ("what does my physio mean by overpronation", "overpronation"),
        ("what is meant by the kinetic chain?", "kinetic chain"),
        ("Hi, what is overpronation?", "overpronation"),
        ('what is "overpronation"', "overpronation"),
        ("Whats the best cream for athletes foot between my toes?", "cream"),
    ],
)
def test_the_asked_thing_ends_where_the_patient_stops_naming_it(question, term):
    asked = asked_term(question)
    assert asked is not None and asked.term == term


@pytest.mark.parametrize(
    "question",
    [
        "what is best for flat feet",  # judges, names nothing
        "what is better, orthotics or exercises",
        "what is the fix for flat feet",
        "what are my options for flat feet",
        "ok and what's the opposite called?",  # points back at the history
        "And what is that one supposed to help with?",
    ],
)
def test_judging_and_pointing_words_name_no_thing(question):
    assert asked_term(question) is None


LISTING = (
    "Low back pain may begin with a condition, including sciatica, plantar fasciitis, "
    "degenerative disk conditions, or a number of others, but feet can contribute."
)


@pytest.mark.parametrize(
    ("sentence", "term", "expected"),
    [
        (LISTING, {"sciatica"}, False),  # one item of a list after "including"
        (LISTING, {"plantar", "fasciitis"}, False),
        (LISTING, {"fasciitis"}, False),  # part of an item is named too
        (LISTING, {"degenerative", "disk"}, False),  # "conditions" names the kind of thing
        ("The spine may be placed by many factors: excess weight, knee location, feet, etc.",
         {"excess", "weight"}, False),
        ("Signs include fever, headache, and stiff neck.", {"headache"}, False),
        ("Common signs are fever, sciatica and arthritis.", {"arthritis"}, False),  # no comma
        ("Causes include flat feet and high arches.", {"high", "arch"}, False),  # led, two
        # Commas between clauses or around an aside are not a list.
        ("When your feet are wrongly aligned, your knees, and hips can move into misalignment, "
         "which leads to a poor posture.", {"poor", "posture"}, True),
        ("Sciatica, in most cases, improves within six weeks.", {"sciatica"}, True),
        ("Overpronation, however, rarely causes pain alone.", {"overpronation"}, True),
        ("Plantar fasciitis, a painful heel condition, often improves.", {"fasciitis"}, True),
        # Two items with "and" but no lead: a pair, not a list.
        ("Flat feet and high arches strain the back.", {"high", "arch"}, True),
        # A long part is no item, so what follows it is a pair again.
        ("Walking barefoot on hard kitchen floors all day long, heels, and sandals strain feet.",
         {"heel"}, True),
        # Named in a list, but defined there.
        ("Triggers include flat feet, high arches, and a gait known as overpronation.",
         {"overpronation"}, True),
        ("Sciatica is pain that travels down the leg, and it often starts in the back.",
         {"sciatica"}, True),
        ("Heels tilt the pelvis forward.", {"heel", "spur"}, False),  # not every word
    ],
)  # fmt: skip
def test_a_sentence_discusses_a_term_or_only_names_it(sentence, term, expected):
    assert discusses(sentence, term) is expected
