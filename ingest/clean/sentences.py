"""Sentence-level junk rules for the cleaner: cookie banners, disclaimers, calls to action.

Each rule is a predicate on one sentence inside a kept line, so an ad at the end of a real
paragraph goes and the paragraph stays. Registered, with their kinds, in `ingest.clean.rules`.
"""

from __future__ import annotations

import re

from ingest.clean.lines import bare, is_exactly, words

_COOKIE_CONTEXT = words(
    r"\b(?:we|this (?:web)?site|our (?:web)?site|the site)\s+uses?\b",
    r"\baccept\b",
    r"\bconsent\b",
    r"\bby continuing\b",
    r"\bcookie (?:policy|settings|preferences|notice)\b",
    r"\bbrowsing experience\b",
)


def cookie_banner(sentence: str) -> bool:
    """A cookie-consent sentence ("We use cookies to improve your experience.").

    Safe: it must mention cookies together with website or consent wording, so "avoid cookies
    and sugary snacks" stays.
    """
    return (
        "cookie" in sentence.lower()  # cheap gate: these rules run on every sentence
        and re.search(r"\bcookies?\b", sentence, re.IGNORECASE) is not None
        and _COOKIE_CONTEXT.search(sentence) is not None
    )


_DISCLAIMER_SENTENCE = words(
    r"\b(?:doctor|physician|patient)[-–\s](?:patient|doctor|physician) relationship\b",
    r"\bfor (?:general )?(?:informational|information|educational) purposes only\b",
    r"\bnot (?:intended|meant|designed) (?:to be|as|to replace|to substitute)\b.{0,60}"
    r"\b(?:medical|professional|health) (?:advice|care|diagnosis)",
    r"\bnot a substitute for (?:professional )?(?:medical|health) (?:advice|care)\b",
)


# Words one of which every disclaimer pattern contains: a cheap test before the regex.
_DISCLAIMER_GATE = ("relationship", "purposes only", "intended", "meant", "designed", "substitute")
# Advice to consult a professional is health content even inside a disclaimer.
_CONSULT_ADVICE = re.compile(
    r"\b(?:speak|talk|consult|check|see|ask)\b[^.;]{0,40}\b(?:doctor|physician|provider|"
    r"professional|pharmacist|nurse|specialist)",
    re.IGNORECASE,
)


def disclaimer_sentence(sentence: str) -> bool:
    """A legal disclaimer sentence ("... not intended to be qualified medical advice.").

    Safe: the patterns are the stock legal phrases, which carry no health information; a
    sentence that also tells the reader to consult a professional is kept.
    """
    lowered = sentence.lower()
    return (
        any(word in lowered for word in _DISCLAIMER_GATE)
        and _DISCLAIMER_SENTENCE.search(sentence) is not None
        and _CONSULT_ADVICE.search(sentence) is None
    )


# Advice to see one's own doctor, or to get emergency help, is health content, never an ad.
_ADVICE = words(
    r"\byour (?:own )?(?:doctor|physician|gp|health ?care (?:provider|professional|team)|"
    r"provider|nurse|pharmacist|dentist|physiotherapist|physical therapist|therapist)\b",
    r"\b(?:emergency|ambulance|urgent care|poison|helpline|hotline|crisis|lifeline|samaritans|"
    r"nhs)\b",
    r"(?<![\d,.])(?:911|999|112|111|988|000)(?![\d,.])",  # emergency and crisis numbers
)
_CONTACT_US = words(
    r"\b(?:call|contact|email|phone|text|message|visit|reach|ask) us\b",
    r"\bget in touch\b",
    r"\bdrop us a line\b",
)
_CONTACT_US_ELSEWHERE = words(
    r"contáctenos|llámenos|kontaktieren sie uns|rufen sie uns an|contactez-nous|appelez-nous",
    r"свяжитесь с нами|позвоните нам|お問い合わせ|联系我们|立即咨询|문의하기|상담 ?신청",
)


def _asks_to_contact_us(sentence: str) -> bool:
    """Whether the sentence asks the reader to contact the site ("call us", "contáctenos")."""
    lowered = sentence.lower()
    if (" us" in lowered or "touch" in lowered) and _CONTACT_US.search(sentence):
        return True
    return not sentence.isascii() and _CONTACT_US_ELSEWHERE.search(sentence) is not None


# The action verb opens the sentence, possibly after a short introductory clause
# ("For a personalised plan, book an appointment with our team today.").
_CTA_VERB = re.compile(
    r"(?P<intro>[^,.!?]{1,50},\s*)?(?:please\s+)?(?P<verb>contact|call|book|schedule|request|"
    r"click|tap|subscribe|sign up|register|order|buy|shop|claim|visit|join|download|follow|share|"
    r"enter)\b",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(r"(?:if|when|unless|once|after|before|while)\b", re.IGNORECASE)
_COMMERCIAL_VERBS = frozenset(
    {
        "contact",
        "call",
        "book",
        "schedule",
        "request",
        "click",
        "tap",
        "subscribe",
        "sign up",
        "register",
        "order",
        "buy",
        "shop",
        "claim",
    }
)
_SELF_PROMOTION = words(
    r"\b(?:us|our|we)\b",
    r"\bthe best\b",
    r"\btop[- ]rated\b",
    r"\bnewsletter\b",
    r"\bmailing list\b",
    r"\binbox\b",
    r"\bemail address\b",
    r"\bthis (?:article|post|page)\b",
)
# A phone number or "free" is no sign of an ad: public helplines ("Call 1-800-QUIT-NOW for free
# resources") are health information.
_PHONE_NUMBER = re.compile(r"\d[\d\s()-]{6,}\d")
# Standalone words only: a helpline called "1-800-QUIT-NOW" is not urgency.
_URGENCY = words(
    r"(?<![\w-])(?:today|now|online|here|below|appointment|consultation)(?![\w-])",
)


def call_to_action(sentence: str) -> bool:
    """An advertising call to action ("Call us today", "Contact the best doctors for back pain.",
    "Subscribe to our newsletter", "Click here").

    A sentence is one when it asks the reader to contact "us", or when it opens with an action
    verb (after at most a short clause: "For a plan, book ...") and then speaks of the site
    itself ("our", "the best", the newsletter) or, for sales verbs (call, book, click, ...),
    with urgency ("today", "now", "here").
    Safe, so kept: advice to see "your doctor" or to get emergency help; a phone number
    without "us" (a helpline: "Call 1-800-QUIT NOW"); a conditional instruction without the
    site's own voice ("If pain persists, book an appointment"); and a capitalised word after a
    clause, which is a name, not a verb ("To our knowledge, Book syndrome ...").
    """
    contact_us = _asks_to_contact_us(sentence)
    text = bare(sentence)
    verb = _CTA_VERB.match(text)
    if verb is not None and verb.group("intro") and verb.group("verb")[0].isupper():
        verb = None
    if (not contact_us and verb is None) or _ADVICE.search(sentence):
        return False
    if contact_us or verb is None:
        return contact_us
    request = text[verb.start("verb") :]  # "our" in the opening clause is not self-promotion
    if _SELF_PROMOTION.search(request):
        return True
    if _PHONE_NUMBER.search(request):
        return False  # a number to call, not "us": a helpline ("Call 1-800-QUIT NOW"), kept
    commercial = verb.group("verb").casefold() in _COMMERCIAL_VERBS
    return commercial and not _CONDITIONAL.match(text) and bool(_URGENCY.search(request))


_PROMO_WORDS = words(
    r"\b(?:experts?|specialists?|team|best|services|offers?|appointments?|clinic)\b"
)


def promotional(sentence: str) -> bool:
    """A sentence in the site's own selling voice ("Here we will help ... by the experts in ...").

    Only used next to a call to action in the same paragraph (see `ingest.clean`): alone, a
    first-person sentence can be real content ("We believe that ..."), so it is kept.
    """
    first_person = re.search(r"\b(?:we|us|our)\b", sentence, re.IGNORECASE)
    return first_person is not None and _PROMO_WORDS.search(sentence) is not None


_TEASER = re.compile(
    r"(?:want|looking for|need|ready|interested|tired of|struggling|suffering|do you|are you|"
    r"have you|got)\b[^?]*\?$",
    re.IGNORECASE,
)


def teaser_question(sentence: str) -> bool:
    """A question that leads into an ad ("Want more tips like this?", "Suffering from pain?").

    Only used directly before a call to action in the same paragraph (see `ingest.clean`);
    FAQ-style questions ("What are the signs of ...?") never match.
    """
    return _TEASER.match(bare(sentence)) is not None


_BUTTON_LABELS = words(
    r"accept(?: all)?(?: cookies)?",
    r"ok(?:ay)?",
    r"got it",
    r"i agree|agree",
    r"decline|reject(?: all)?",
    r"learn more|more info|read more",
    r"close|dismiss|×",
    r"settings|manage (?:preferences|cookies|settings)",
    r"subscribe|sign up|submit|send|register",
)


def button_label(text: str) -> bool:
    """A button caption left over from a widget ("Accept", "Got it", "Subscribe").

    Only used right after removed junk (see `ingest.clean`), whose widget it belongs to.
    """
    return is_exactly(_BUTTON_LABELS, text)
