"""Spots questions about the clinic as a business, which health articles do not answer.

"How much do orthotics cost?", "is it covered by insurance?", "what are your opening hours?",
"how do I book an appointment?", "which shoe brand is best?". A health-education article may
mention orthotics, shoes or appointments, so the relevance gate lets such questions through and
the reply quotes health advice that does not answer them. The engine refuses them instead, and
says to contact the clinic - unless the clinic's own articles use the asked word (a page on fees
or opening hours), in which case they are answered like any other question (the caller checks
that with the corpus's vocabulary).

General health questions are not service questions: "how many hours a day should I wear
insoles?", "is cheap footwear bad for my back?", "when should I see a doctor?". In a message of
several sentences only the ones that ask are read: "insurance is giving us trouble. What are the
treatments?" asks about treatments. Rules over lower-cased text with contractions expanded
(`normalise.canonical_words`); no model.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.safety.normalise import canonical_words
from assistant.text import is_question, split_sentences

ServiceTopic = Literal["cost", "hours", "booking", "product"]

# Each rule's named group `word` is the word (or words) the corpus is checked for: a clinic
# whose articles use it (a page on "fees", "opening hours") has chosen to answer such questions.
RULES: tuple[tuple[ServiceTopic, tuple[str, ...]], ...] = (
    (
        "cost",
        (
            r"\b(?P<word>costs?|costing|prices?|priced|pricing|fees?|copays?|co pays?|"
            r"insurance|insurer|medicare|medicaid|reimburse\w*|refunds?)\b",
            r"\bhow much (?:\w+ ){1,5}(?P<word>charge|pay|spend)\b",
            r"\b(?P<word>covered) by (?:my |the |your )?(?:plan|policy|health plan|nhs)\b",
        ),
    ),
    (
        "hours",
        (
            r"\b(?P<word>(?:opening|office|business|clinic|visiting) (?:hours|times))\b",
            r"\b(?P<word>hours of (?:operation|business))\b",
            r"\b(?:are|is) (?:you|the clinic|the office|the center|the centre|it) (?P<word>open)\b",
            r"\bwhat time (?:do|does) (?:you|the clinic|the office|it) (?P<word>open|close)\b",
            r"\bwhere (?:is|are) (?:you|your|the) (?:\w+ ){0,4}(?P<word>clinic|office|center|"
            r"centre|practice)\b",
            r"\b(?P<word>address|directions|parking)\b (?:of|for|to) (?:you|your|the)\b",
        ),
    ),
    (
        "booking",
        (
            r"\b(?:book|make|schedule|reschedule|cancel|change|get) (?:an?|my|the) "
            r"(?P<word>appointment|consultation|booking)\b",
            r"\b(?P<word>appointment|consultation)s? (?:available|availability|slots?)\b",
        ),
    ),
    (
        "product",
        (
            r"\b(?P<word>brands?)\b",
            r"\bwhere (?:can|do|should|could) (?:i|we|you) (?P<word>buy|order|purchase)\b",
            r"\b(?P<word>buy|purchase|order) (?:\w+ ){0,3}(?:online|from you|from the clinic|"
            r"on amazon)\b",
        ),
    ),
)

_COMPILED = tuple((topic, tuple(re.compile(p) for p in patterns)) for topic, patterns in RULES)


def asks_about_service(question: str) -> tuple[ServiceTopic, str] | None:
    """(topic, the word that asked for it) when the question is about prices, insurance,
    opening hours or location, appointments, or brands and where to buy; else None."""
    sentences = [question[start:end] for start, end in split_sentences(question)]
    asking = [s for s in sentences if is_question(s)] if len(sentences) > 1 else sentences
    for sentence in asking or sentences:
        text = " ".join(word.text for word in canonical_words(sentence))
        for topic, patterns in _COMPILED:
            for pattern in patterns:
                match = pattern.search(text)
                if match:
                    return topic, match.group("word")
    return None
