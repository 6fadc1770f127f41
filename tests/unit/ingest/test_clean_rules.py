"""Each cleaner rule on its own: what it must catch, and look-alike content it must leave alone."""

from __future__ import annotations

import pytest

from ingest.clean import lines as clean_lines
from ingest.clean import sentences as clean_sentences
from ingest.clean.rules import KINDS, LINE_RULES, SENTENCE_RULES
from ingest.clean.spam import dominant_script, find_spliced_spam

# rule name -> (junk it must match, content it must not match)
EXAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "board_post_header": (
        [
            "작성자 Lorrie 댓글 0건 조회 4회 작성일 25-09-24 11:14본문",
            "Posted by Ann Lee | 3 min read | 120 views",
            "投稿者: 田中 投稿日: 2024-01-05",
            "Medically reviewed by Dr. Ann Lee — Written by Tom Hart — Updated on March 5, 2024",
        ],
        [
            "Posted by mail, the leaflet reached every home in the district.",
            "Guidelines updated 2023-05-01 recommend staying active.",
            "The guideline was written by a panel and reviewed by experts on 2020-03-01.",
        ],
    ),
    "chrome_label": (
        ["Skip to content", "페이지 정보", "Related posts", "» Back to top"],
        ["Search for a comfortable position before you start.", "Home exercises"],
    ),
    "breadcrumb": (
        ["Home > Blog > Knee Health", "Home › Conditions › Back pain › Sciatica"],
        ["Home exercises > gym sessions > for most people", "Rest > ice > compress"],
    ),
    "taxonomy_line": (
        ["Tags: knee pain, exercise", "Filed under Back Pain, Posture"],
        ["Category 2 sprains involve a partial tear of the ligament."],
    ),
    "copyright_notice": (
        ["© 2024 Hillside Clinic. All rights reserved.", "Copyright 2023 Example Health"],
        ["Copyright rules do not apply to the exercise names, which are traditional."],
    ),
    "share_buttons": (
        [
            "Share on Facebook / Tweet / Pin it",
            "Share this article",
            "Facebook | Twitter | Email",
            "Compartir / Tweet",
        ],
        ["Share your exercise goals with a friend so you stay on track."],
    ),
    "prev_next_links": (
        ["- 이전글Lanthanum 25.09.24", "« Previous post: Sleep and pain", "Next article"],
        [
            "Next post-operative visits are every six weeks.",
            "The next post in this series covers shoulders.",
        ],
    ),
    "comment_section": (
        [
            "댓글목록",
            "등록된 댓글이 없습니다.",
            "No comments yet.",
            "3 Comments",
            "Leave a Reply",
            "Deja un comentario",
        ],
        ["Comments from patients", "Leave a comment for your therapist in the exercise diary."],
    ),
    "disclaimer_heading": (
        ["**Disclaimer- Information presented here is not advice.", "Medical disclaimer"],
        [
            "Disclaimers on supplement labels are not checked by regulators.",
            "Disclaimer rules for supplements",
        ],
    ),
    "disclaimer_label": (
        ["Disclaimer", "Medical Disclaimer:", "## Legal disclaimer"],
        ["Disclaimer- Information presented here is not advice.", "Disclaimers on labels"],
    ),
    "cookie_banner": (
        [
            "We use cookies to improve your experience.",
            "By continuing to browse, you agree to our use of cookies.",
        ],
        ["Avoid cookies and sugary snacks late in the evening."],
    ),
    "disclaimer_sentence": (
        [
            "Nothing expressed herein creates a doctor-patient relationship.",
            "This article is for informational purposes only.",
            "It is not intended to be a substitute for professional medical advice.",
        ],
        [
            "Ask your pharmacist for advice about pain relief that is safe with your medicines.",
            "People seeking treatment should speak with their health care provider about a plan; "
            "the information here is for general educational purposes only.",
        ],
    ),
    "call_to_action": (
        [
            "Contact the best doctors for back pain.",
            "Call us today on 555-201-3344.",
            "Book an appointment online today.",
            "Order now and save $1,000 on a standing desk.",
            "Click here to download the guide.",
            "Subscribe to our newsletter.",
            "For a personalised plan, book an appointment with our physiotherapists today.",
            "Share this post with your friends.",
            "Llámenos para una consulta.",
        ],
        [
            "Contact your doctor if pain persists for more than two weeks.",
            "Call 911 or go to the emergency room now if you have chest pain.",
            "Call 000 now if someone has collapsed.",
            "Book a follow-up visit with your physiotherapist if the swelling returns.",
            "If pain persists, book an appointment.",
            "Visit a podiatrist if your arches ache after standing.",
            "Join a local walking group to stay active.",
            "Follow these steps in order.",
            "Many of our patients tell us that the hardest part is getting started.",
            "To our knowledge, Book syndrome has only been reported in one large family.",
            "Call 1-800-QUITNOW (1-800-784-8669) for more information.",
            "Call (800) 784-8669 to be connected with free resources about quitting.",
            "Call 1-800 QUIT NOW (1-800-784-8669) for free help to stop smoking.",
        ],
    ),
    "promotional": (
        [
            "Here we will help to get relief from the back pain by the experts in Neuroscience "
            "Specialists.",
        ],
        [
            "We believe that you will use a multi disciplinary approach.",
            "While we were unable to find recurrence risk data that might help inform your "
            "family, we recommend genetic counselling.",
        ],
    ),
    "teaser_question": (
        ["Want more tips like this?", "Suffering from heel pain every morning?"],
        [
            "What are the signs and symptoms of Book syndrome?",
            "Do you know that the feet have more than 100 muscles.",
        ],
    ),
    "button_label": (
        ["Accept", "Got it", "Subscribe", "Accept all cookies"],
        ["Accept that some stiffness is normal in the morning."],
    ),
}
RULE_MODULES = (clean_lines, clean_sentences)


def rule(name: str):
    return next(getattr(m, name) for m in RULE_MODULES if hasattr(m, name))


CASES = [
    pytest.param(name, text, expected, id=f"{name}-{'junk' if expected else 'keep'}-{i}")
    for name, (junk, content) in EXAMPLES.items()
    for expected, texts in ((True, junk), (False, content))
    for i, text in enumerate(texts)
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES)
def test_rule_matches_its_junk_and_leaves_look_alikes(name: str, text: str, expected: bool) -> None:
    assert rule(name)(text) is expected


def test_every_registered_rule_is_named_documented_and_has_examples() -> None:
    rules = [*LINE_RULES, *SENTENCE_RULES]
    assert len({r.name for r in rules}) == len(rules)
    for registered in rules:
        assert registered.kind in KINDS
        assert registered.matches.__doc__ and "Safe" in registered.matches.__doc__
        assert registered.name in EXAMPLES, f"add examples for {registered.name}"


# --- spliced foreign-script spam ---------------------------------------------------------------


def span_texts(line: str) -> list[str]:
    return [line[start:end] for start, end in find_spliced_spam(line)]


@pytest.mark.parametrize(
    ("line", "spam"),
    [
        ("the soft tissues and 小倉南区 整体 connective fibers", ["小倉南区 整体"]),
        ("the first steps купить диплом in the morning", ["купить диплом"]),
        ("tissues小倉南区connective fibers hold the spine in place", ["小倉南区"]),
        ("the foot warms up 代写论文.", ["代写论文"]),
        ("Боль в пятке часто связана с 小倉南区 整体 перегрузкой фасции.", ["小倉南区 整体"]),
    ],
)
def test_spliced_spam_is_found(line: str, spam: list[str]) -> None:
    assert span_texts(line) == spam


@pytest.mark.parametrize(
    "line",
    [
        "the suffix -algia comes from the Greek word for pain (ἄλγος).",
        "the point is called Zusanli (足三里) in acupressure texts.",
        "Knee pain: 膝の痛み",
        "膝の痛み is the Japanese name printed on the leaflet we hand out.",
        "Beta blockers (β) and α-agonists act on different receptors in the heart.",
        "足三里 膝の痛み 腰痛 back",
        "腰痛は多くの人に起こります。ストレッチが役立ちます。",
    ],
)
def test_foreign_terms_that_belong_to_the_text_are_not_spam(line: str) -> None:
    assert find_spliced_spam(line) == []


def test_dominant_script_counts_letters_only() -> None:
    assert dominant_script("12 小 back") == "LATIN"
    assert dominant_script("腰痛と肩こり MRI") == "CJK"
    assert dominant_script("-- 42 --") is None
