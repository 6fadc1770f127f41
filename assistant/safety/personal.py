"""Spots requests the assistant must never answer as asked: a dose, a prescription, a diagnosis.

"How much ibuprofen should I take?", "can you prescribe orthotics?", "do I have plantar
fasciitis?". The engine then says a clinician must decide and may add, with citations, what the
articles say in general. General questions ("can flat feet cause back pain?", "how many times
should I repeat the exercise?") are not personal requests.

Rules over lower-cased text with contractions expanded; no model.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.safety.normalise import canonical_words

PersonalRequest = Literal["dose", "prescription", "diagnosis"]

MEDICINE = (
    r"(?:ibuprofen|paracetamol|acetaminophen|tylenol|advil|motrin|nurofen|aspirin|naproxen|aleve|"
    r"diclofenac|voltaren|codeine|co codamol|tramadol|oxycodone|morphine|gabapentin|pregabalin|"
    r"lyrica|amitriptyline|duloxetine|cyclobenzaprine|diazepam|muscle relax(?:ants?|ers?)|"
    r"steroids?|prednisone|cortisone|painkillers?|pain killers?|pain relievers?|"
    r"anti inflammatories|anti inflammatory|nsaids?|opioids?|antibiotics?|medicines?|"
    r"medications?|meds|drugs?|pills?|tablets?|capsules?|supplements?|vitamin \w+|magnesium|"
    r"creams?|ointments?|injections?|shots?)"
)
# "I" or someone the user speaks for.
PERSON = r"(?:i|we|my (?:\w+ )?(?:son|daughter|child|kid|husband|wife|partner|mother|mum|mom|dad|"
PERSON += r"father|baby|toddler)|he|she)"
# What a person might be told they have. Up to two words before it ("plantar fasciitis"), but
# not words that make it a general question ("is it bad for flat feet").
_MODIFIER = r"(?:(?!(?:for|to|if|when|ok|okay|bad|good|normal|better|worse|safe|possible|common) )"
_MODIFIER += r"\w+ ){0,2}"
CONDITION = (
    rf"{_MODIFIER}(?:\w+(?:itis|osis|opathy|algia)|sciatica|slipped disc|herniated disc|"
    r"bulging disc|disc|fracture|fractured|broken|torn|tumou?r|cancer|arthritis|serious|"
    r"flat feet|overpronation|pronation|sprain|sprained|bunion|heel spur)\b"
)
SUBJECT = r"(?:this|it|that|these|my (?:\w+ ){0,2}?\w+)"

RULES: tuple[tuple[PersonalRequest, tuple[str, ...]], ...] = (
    (
        "dose",
        (
            r"\b(?:dose|doses|dosage|dosages|dosing|milligrams?|mg)\b",
            rf"\bhow (?:much|many|often|long|frequently) {MEDICINE}",
            # "how often should I take a break" is not a dose.
            rf"\bhow (?:much|many|often) (?:\w+ ){{0,2}}(?:should|can|could|do|may|must) "
            rf"{PERSON} (?:take|give)\b(?! (?:a break|breaks|a rest|time|it easy|a walk))",
            rf"\bhow (?:much|many) (?:\w+ ){{0,3}}{MEDICINE}",
            rf"\b(?:can|should|may|is it safe to|is it ok to|is it okay to) {PERSON} (?:take|have|"
            rf"give) (?:\w+ ){{0,3}}(?:more|another|extra|two|three|four|\d+|double)\b",
            rf"\b(?:maximum|max|safe) (?:amount|number|daily) (?:\w+ ){{0,2}}(?:of )?{MEDICINE}?",
            rf"\bdouble (?:up|my|the|dose)\b|\b(?:strength|how strong) (?:of )?(?:\w+ )?{MEDICINE}",
        ),
    ),
    (
        "prescription",
        (
            r"\bprescri(?:be|bed|bing|ption|ptions)\b",
            rf"\bwhat (?:should|can|could|do|would) {PERSON} take\b",
            rf"\b(?:what|which|any) (?:\w+ ){{0,2}}{MEDICINE} (?:should|can|could|do|would|will|"
            r"might|must|is|are|for|to)\b",
            rf"\b(?:should|can|could|do|must) {PERSON} (?:take|taking|start|starting|stop|stopping|"
            rf"try|use|get|need|be on|go on|come off) (?:\w+ ){{0,4}}{MEDICINE}",
            rf"\b(?:give|recommend|get|order|write) (?:me|us|him|her) (?:a |an |some )?(?:\w+ )?"
            rf"(?:{MEDICINE}|referral|scan|mri|x ray|brace|note|letter)",
            r"\bdo (?:i|we) need (?:an? |to have an? )?(?:surgery|operation|mri|scan|x ray|"
            r"injection|referral)",
        ),
    ),
    (
        "diagnosis",
        (
            rf"\b(?:do|does|could|might) {PERSON} (?:have|has|be having) (?!to\b)",
            rf"\b(?:have|has) {PERSON} got (?!to\b)",
            rf"\b(?:am|is) {PERSON} (?:suffering from|developing|getting)\b",
            rf"\b(?:do|would|could) you (?:think|reckon) (?:that )?{PERSON} (?:have|has|am|is|"
            r"might|could|may)\b",
            rf"\btell (?:me|us) (?:if|whether|what) {PERSON} (?:have|has|am|is|got)\b",
            r"\bdoes (?:this|it|that) mean (?:i|my|he|she) (?:have|has|am|is)\b",
            r"\b(?:what(?: is|'s)?|something|anything) (?:\w+ )?wrong with (?:me|my|him|her)\b",
            r"\bwhat (?:do|does) (?:i|he|she|my \w+) have\b",
            r"\bdiagnose (?:me|my|him|her|this|it|what)\b|\b(?:my|a|his|her) diagnosis\b",
            rf"\b(?:is|could|might) {SUBJECT} (?:be )?(?:a |an )?(?:sign|symptom|case) of\b",
            rf"\b(?:is|could|might|are) {SUBJECT} (?:be )?(?:a |an )?{CONDITION}",
            rf"\b(?:is|are) {SUBJECT} (?:from|caused by|due to|because of|coming from)\b",
            r"\b(?:am i|is he|is she|do i|does he|does she) (?:\w+ )?(?:over ?pronat\w*|"
            r"under ?pronat\w*|pronat\w*|supinat\w*|flat footed)",
        ),
    ),
)

_COMPILED = tuple((kind, tuple(re.compile(p) for p in patterns)) for kind, patterns in RULES)


def is_personal_medical_request(question: str) -> PersonalRequest | None:
    """Return "dose", "prescription" or "diagnosis" if the question asks for one, else None.

    Checked in that order, so "what dose of ibuprofen should I take?" is "dose".
    """
    text = " ".join(word.text for word in canonical_words(question))
    for kind, patterns in _COMPILED:
        if any(pattern.search(text) for pattern in patterns):
            return kind
    return None
