"""Spots questions about the clinic as a business, which health articles do not answer.

"How much do orthotics cost?", "does my insurance cover it?", "what are your opening hours?",
"can I book an appointment?", "which shoe brand is best?". A health-education article may
mention orthotics, shoes or assessments, so the relevance gate lets such questions through and
the reply quotes health advice that does not answer them. The engine refuses them instead and
says to contact the clinic - unless the clinic's articles talk about that business topic
themselves (`SERVICE_WORDS`: a page with "fees" or "opening hours"), in which case they are
answered like any other question (the caller checks that with the corpus's vocabulary).

Health questions that share the words are not service questions: "how many hours a day should I
wear insoles?", "how much time should I spend on each exercise?", "should I make an appointment
with my doctor?", "is it worth the cost to get orthotics or will exercises work?", "my
insurance won't pay for orthotics, what exercises can I do instead?". In a message of several
sentences only the ones that ask are read: "insurance is giving us trouble. What are the
treatments?" asks about treatments. Rules over lower-cased text with contractions expanded
(`normalise.canonical_words`); no model.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.safety.normalise import canonical_words
from assistant.text import is_question, split_sentences

ServiceTopic = Literal["cost", "visit", "booking", "product"]

# Who a business question is put to ("the center" alone is too often "the center of my back").
_PLACE = r"(?:clinic|office|practice|center|centre)"
_CLINIC = rf"(?:you|your {_PLACE}|the clinic|the office)"
# What is bought or booked there.
_ITEM = (
    r"(?:orthotics?|insoles?|inserts?|shoes?|trainers?|sneakers?|boots?|braces?|socks?|"
    r"sessions?|visits?|appointments?|consultations?|assessments?|checkups?|check ups?|exams?|"
    r"examinations?|scans?|x rays?|lessons?|gait analysis|massages?)\b"
)
# "It cost my back", "will it cost me an injury": money words used figuratively.
_NOT_MONEY = (
    r"(?! (?:me|my|you|your|his|her|us|them) (?:\w+ )?"
    r"(?:back|knees?|feet|foot|health|body|spine|hips?|sleep)\b)"
    r"(?! (?:me|you|him|her|us|them) (?:a|an|my|your|the)\b)"
)
# "The price of ignoring it", "paid the price", "the price you pay for getting older".
_PRICE = (
    r"(?<!pay the )(?<!paid the )(?<!paying the )\b(?:prices?|costs?)\b"
    r"(?! (?:you|i|we|they|people|one|he|she) (?:pay|paid)\b)(?! to (?:my|your|the|his|her)\b)"
)
_ARTICLE = r"(?:a |an |the |your |my |these |those )?"
_BOOK = r"(?:book|booking|make|schedule|get)"
# A slot at the clinic ("session" and "visit" are as often an exercise session or a GP visit).
_SLOT = r"(?:appointment|appointments|appt|appts|consultation|consultations|booking)"

RULES: tuple[tuple[ServiceTopic, tuple[str, ...]], ...] = (
    (
        "cost",
        (
            rf"\b(?:what|whats|how) (?:is|are|s)? ?(?:the |your )?{_PRICE}(?! of\b)",
            rf"{_PRICE} of {_ARTICLE}(?:\w+ ){{0,3}}{_ITEM}|\bpackage (?:price|deal)s?\b",
            rf"\b{_ITEM} (?:cost|costs|price|prices)\W*$",
            r"\b(?:your|the clinic's) (?:prices|rates|fees|charges)\b|\bprice list\b",
            r"\b(?:pricing|priced|fees?|copays?|co pays?|refunds?|reimburse\w*|receipts?|invoices?|"
            r"billing|payment plans?|payment options?|health fund|hsa|fsa|in network|"
            r"out of network|insurer directly|gift (?:voucher|card|certificate)s?|"
            r"workers? comp\w*)\b",
            r"\b(?:any|a|student|senior|pensioner|concession) discounts?\b|\bdiscounts? for\b",
            r"\bclaim (?:it|them|this|that|sessions?|visits?|the \w+|my \w+) (?:back|on|through)\b",
            r"\b(?:will|would|do|does) (?:i|we|you) (?:still )?be charged\b",
            r"\b(?:bill|claim from|send (?:it|the bill) to) (?:my |the )?(?:insurer|insurance)\b",
            r"\bpay (?:first|myself|for it myself)\b",
            r"\baccept (?:\w+ ){0,2}(?:claims?|cards?|cash|payments?)\b",
            r"\bhow much (?:\w+ ){0,8}(?:cost|costs|charge|charges)\b" + _NOT_MONEY,
            r"\bhow much (?:do|does|will|would|did|should|must) (?:i|we|it) (?:have to |need to )?"
            r"pay\b",
            rf"\bhow much (?:is|are|was|will be) {_ARTICLE}(?:\w+ ){{0,2}}{_ITEM}"
            r"(?! (?:likely|going|expected|supposed|able|meant|to)\b)",
            r"^\W*how much (?:is|are) (?:it|they|that|those|these|this)\W*$",
            r"\bhow much for\b|\band how much\W*$|\bhow expensive\b",
            r"\b(?:is|are) (?:\w+ ){1,3}expensive\b|\b(?:get|give me) a quote\b",
            rf"\b(?:what|do|does|will|would) (?:do |does )?{_CLINIC} (?:\w+ )?charge\b",
            r"\bcharged (?:me|twice|for)\b",
            r"\b(?:does|do|will|would) (?:\w+ ){0,4}cost\b" + _NOT_MONEY,
            r"\bpay (?:by|online|upfront|up front|in cash|in installments)\b|\bpay with (?:a |my )?"
            r"(?:card|cash|credit|debit|apple pay|paypal|insurance|hsa)\b",
            rf"\b(?:is|are) {_ARTICLE}(?:\w+ ){{0,2}}{_ITEM} free\b(?! of| from)",
            r"\b(?:accept|take|use|bill|bills|billed to) (?:my |your |the )?(?:\w+ ){0,2}"
            r"(?:insurance|medicare|medicaid)\b",
            r"\b(?:does|do|will|would|is|can) (?:my |your |the )?(?:\w+ ){0,2}"
            r"(?:insurance|medicare|medicaid|plan|nhs|insurer) (?:cover|pay)\b",
            r"\bcovered by (?:my |the |your )?(?:\w+ ){0,2}"
            r"(?:insurance|medicare|medicaid|plan|policy|nhs|health system|health service|"
            r"insurer)\b",
        ),
    ),
    (
        "visit",
        (
            r"\b(?:opening|business|clinic|visiting) (?:hours|times)\b",
            r"\bhours of (?:operation|business)\b",
            r"\b(?:what|when) are (?:your|its|the clinic's|the office's) (?:\w+ )?hours\b",
            rf"\b(?:are|is) {_CLINIC} (?:open|closed)\b(?! to\b)",
            rf"\b(?:what time|when) (?:do|does) {_CLINIC} (?:open|close)\b",
            rf"\bwhere (?:is|are) (?:your {_PLACE}|the clinic|the office)\b",
            r"\bwhere are you (?:located|based)\b|\bhow do i (?:contact|reach|find) "
            rf"(?:you|your {_PLACE}|the clinic)\b",
            r"\b(?:what is|whats) (?:your|the clinic's|the office's) (?:address|phone number|"
            r"number|email|location)\b",
            rf"\b(?:address|directions|parking) (?:of|for|to|at) {_CLINIC}\b",
            r"\bwhere (?:do|can|should) (?:i|we) park\b|\bhow much is parking\b|"
            r"\b(?:disabled|free|car) parking\b|\bwheelchair accessible\b|"
            r"\bis there (?:any )?parking\b",
            rf"\bnear(?:est)? (?:to )?{_CLINIC}\b|\bhome visits?\b|\bcar park\b|\bphone number\b",
            r"\bwhere do (?:i|we) check in\b|\bwhich (?:entrance|door)\b",
            rf"\b(?:is|are) {_CLINIC} on the \w+ floor\b",
            r"\b(?:do you have|is there) (?:a |another )?(?:clinic|office|branch|location)s? "
            r"(?:in|near|at)\b",
        ),
    ),
    (
        "booking",
        (
            r"\b(?:can|could|may|how do|how can|where do|where can) (?:i|we) "
            rf"{_BOOK} (?:an? |my |the )?"
            rf"{_SLOT}(?! with (?:my|a|an|your) (?!clinic|office))",
            r"\b(?:how (?:do|can)|can|could|i would like to|i want to|i need to) (?:i |we )?"
            r"(?:book|rebook)\b(?! (?:about|on|that)\b)",
            r"\bbook (?:(?:in |me |him |her )?with|online|(?:a|an) (?:\w+ ){0,3}with) "
            r"(?:you|your|one of your)\b",
            rf"\b(?:reschedule|move|rebook|change) (?:my|an|the|our) {_SLOT}\b",
            r"\b(?:taking|accepting|take) new patients\b|\bwaiting list\b|"
            r"\bhow soon (?:can|could) (?:i|we) (?:get|be) seen\b",
            rf"\bwant (?:to )?(?:make|book) (?:an? )?{_SLOT}\b",
            rf"\b(?:make|book|schedule) (?:an? )?{_SLOT} for (?:me|my|him|her)\b",
            rf"\b(?:do|does) {_CLINIC} have (?:any )?"
            r"(?:appointments?|availability|openings|slots)\b",
            r"\b(?:is|are) there (?:a |an )?(?:\w+ )?(?:physio|physiotherapist|podiatrist|doctor|"
            r"therapist|chiropractor)s? available\b",
            r"\b(?:how do i|can i|i need to|i want to|i would like to) cancel "
            rf"(?:my|an|the|our) {_SLOT}\b",
            r"\b(?:evening|weekend|morning|saturday|sunday|earliest|next available|"
            rf"first available) {_SLOT}\b",
            rf"\b{_SLOT} (?:available|availability|slots?)\b|\bany availability\b",
            r"\bself refer\w*\b|\breferral to (?:book|see you)\b|\bdo i need a referral\b",
            r"\btelehealth\b|\bvideo (?:call|consultation)s? with (?:you|your)\b",
        ),
    ),
    (
        "product",
        (
            r"\bbrands?\b(?! new\b)",
            r"\bwhere (?:can|do|should|could) (?:i|we) (?:buy|order|purchase)\b",
            r"\bwhere is the (?:nearest|best|closest) (?:place|shop|store) to (?:buy|get)\b",
            rf"\b(?:do|does|can) {_CLINIC} (?:guys )?(?:sell|stock)\b",
            rf"\b(?:buy|purchase|order) (?:\w+ ){{0,4}}(?:online|from {_CLINIC}|at {_CLINIC}|"
            rf"through {_CLINIC}|on amazon)\b",
        ),
    ),
)
# Words a corpus uses when it covers a topic itself (a page on fees, on opening hours); then
# its articles answer such questions. One or two words each (`Vocabulary.uses`), and none an
# article about health would use in passing ("appointments", "purchase").
SERVICE_WORDS: dict[ServiceTopic, tuple[str, ...]] = {
    "cost": ("fees", "price list", "our prices", "payment options", "health insurance"),
    "visit": ("opening hours", "business hours", "our address", "parking"),
    "booking": ("online booking", "book online", "appointment booking"),
    "product": ("brands", "our shop", "our store"),
}

_COMPILED = tuple((topic, tuple(re.compile(p) for p in patterns)) for topic, patterns in RULES)


def asks_about_service(question: str) -> ServiceTopic | None:
    """The topic when the question asks about prices or insurance ("cost"), opening hours or
    where the clinic is ("visit"), appointments ("booking"), or brands and where to buy
    ("product"); else None."""
    sentences = [question[start:end] for start, end in split_sentences(question)]
    for sentence in [s for s in sentences if is_question(s)] or sentences:
        text = " ".join(word.text for word in canonical_words(sentence))
        for topic, patterns in _COMPILED:
            if any(pattern.search(text) for pattern in patterns):
                return topic
    return None
