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

from assistant.triage_text import canonical_words

PersonalRequest = Literal["dose", "prescription", "diagnosis"]

MEDICINE = (
    r"(?:ibuprofen|paracetamol|acetaminophen|tylenol|advil|motrin|nurofen|aspirin|naproxen|aleve|"
    r"diclofenac|voltaren|codeine|co codamol|tramadol|oxycodone|morphine|gabapentin|pregabalin|"
    r"lyrica|amitriptyline|duloxetine|cyclobenzaprine|diazepam|muscle relaxants?|steroids?|"
    r"prednisone|cortisone|painkillers?|pain killers?|pain relievers?|anti inflammatories|"
    r"anti inflammatory|nsaids?|opioids?|antibiotics?|medicines?|medications?|meds|drugs?|pills?|"
    r"tablets?|capsules?|supplements?|vitamin \w+|magnesium|creams?|injections?|shots?)"
)
# "I" or someone the user speaks for.
PERSON = r"(?:i|we|my (?:\w+ )?(?:son|daughter|child|kid|husband|wife|partner|mother|mum|mom|dad|"
PERSON += r"father|baby|toddler)|he|she)"

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
        ),
    ),
    (
        "prescription",
        (
            r"\bprescri(?:be|bed|bing|ption|ptions)\b",
            rf"\bwhat (?:should|can|could|do|would) {PERSON} take\b",
            rf"\b(?:what|which) (?:\w+ ){{0,2}}{MEDICINE} (?:should|can|could|do|would|must) "
            rf"{PERSON} (?:take|use|get|try|buy)\b",
            rf"\b(?:what|which) (?:\w+ ){{0,2}}{MEDICINE} (?:is|are|would be|works?) (?:the )?"
            r"(?:best|right|good)",
            rf"\b(?:should|can|could|do|must) {PERSON} (?:take|start|stop|try|use|get|need) "
            rf"(?:\w+ ){{0,2}}{MEDICINE}",
            rf"\b(?:give|recommend|get|order) (?:me|us|him|her) (?:a |an |some )?(?:\w+ )?"
            rf"(?:{MEDICINE}|referral|scan|mri|x ray|brace)",
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
            r"\bdoes (?:this|it|that) mean (?:i|my|he|she) (?:have|has|am|is)\b",
            r"\bwhat(?: is|'s)? wrong with (?:me|my|him|her)\b",
            r"\bwhat (?:do|does) (?:i|he|she|my \w+) have\b",
            r"\bdiagnose (?:me|my|him|her|this|it|what)\b|\b(?:my|a|his|her) diagnosis\b",
            r"\b(?:is|could|might) (?:this|it|that|my (?:\w+ ){0,2}?\w+) (?:be )?(?:a |an )?"
            r"(?:sign|symptom|case) of\b",
            r"\b(?:is|could|might|are) (?:this|it|that|these|my (?:\w+ ){0,2}?\w+) "
            r"(?:be )?(?:a |an )?"
            r"(?:\w+(?:itis|osis|opathy|algia)|sciatica|slipped disc|herniated disc|bulging disc|"
            r"disc|fracture|fractured|broken|torn|tumou?r|cancer|arthritis|serious|flat feet|"
            r"overpronation|pronation|stress fracture|sprain|sprained|bunion|heel spur)\b",
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
