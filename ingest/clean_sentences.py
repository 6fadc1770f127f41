"""Sentence-level junk rules for the cleaner: cookie banners, disclaimers, calls to action.

Each rule is a predicate on one sentence inside a kept line, so an ad at the end of a real
paragraph goes and the paragraph stays. Registered, with their kinds, in `ingest.clean_rules`.
"""

from __future__ import annotations

import re

from ingest.clean_lines import bare, is_exactly, words

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
        re.search(r"\bcookies?\b", sentence, re.IGNORECASE) is not None
        and _COOKIE_CONTEXT.search(sentence) is not None
    )


_DISCLAIMER_SENTENCE = words(
    r"\b(?:doctor|physician|patient)[-–\s](?:patient|doctor|physician) relationship\b",
    r"\bfor (?:general )?(?:informational|information|educational) purposes only\b",
    r"\bnot (?:intended|meant|designed) (?:to be|as|to replace|to substitute)\b.{0,60}"
    r"\b(?:medical|professional|health) (?:advice|care|diagnosis)",
    r"\bnot a substitute for (?:professional )?(?:medical|health) (?:advice|care)\b",
)


def disclaimer_sentence(sentence: str) -> bool:
    """A legal disclaimer sentence ("... not intended to be qualified medical advice.").

    Safe: the patterns are the stock legal phrases, which carry no health information.
    """
    return _DISCLAIMER_SENTENCE.search(sentence) is not None


# Advice to see one's own doctor, or to get emergency help, is health content, never an ad.
_ADVICE = words(
    r"\byour (?:own )?(?:doctor|physician|gp|health ?care (?:provider|professional|team)|"
    r"provider|nurse|pharmacist|dentist|physiotherapist|physical therapist|therapist)\b",
    r"\b(?:emergency|911|999|112|ambulance|urgent care|poison control)\b",
)
_CONTACT_US = words(
    r"\b(?:call|contact|email|phone|text|message|visit|reach|ask) us\b",
    r"\bget in touch\b",
    r"\bdrop us a line\b",
    r"contáctenos|llámenos|kontaktieren sie uns|rufen sie uns an|contactez-nous|appelez-nous",
    r"свяжитесь с нами|позвоните нам|お問い合わせ|联系我们|立即咨询|문의하기|상담 ?신청",
)
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
    r"\(?\b\d{3}\)?[-.\s]\d{3}[-.\s]\d{4}\b",
)
_URGENCY = words(
    r"\b(?:today|now|online|here|free|below|appointment|consultation)\b",
)


def call_to_action(sentence: str) -> bool:
    """An advertising call to action ("Call us today", "Contact the best doctors for back pain.",
    "Subscribe to our newsletter", "Click here").

    A sentence is one when it asks the reader to contact "us", or when it opens with an action
    verb and speaks of the site itself ("our", "the best", a phone number, the newsletter) or,
    for sales verbs (call, book, click, subscribe, ...), with urgency ("today", "now", "here").
    Safe: advice to see "your doctor" or to get emergency help is never treated as an ad, and a
    conditional instruction ("If pain persists, book an appointment") needs the site's own voice.
    """
    if _ADVICE.search(sentence):
        return False
    if _CONTACT_US.search(sentence):
        return True
    text = bare(sentence)
    verb = _CTA_VERB.match(text)
    if verb is None:
        return False
    if _SELF_PROMOTION.search(sentence):
        return True
    commercial = verb.group("verb").casefold() in _COMMERCIAL_VERBS
    return commercial and not _CONDITIONAL.match(text) and bool(_URGENCY.search(sentence))


_PROMO_WORDS = words(
    r"\b(?:help|helps|helping|expert|experts|specialists?|team|best|services?|offers?|"
    r"provides?|relief|appointments?|today)\b"
)


def promotional(sentence: str) -> bool:
    """A sentence in the site's own selling voice ("Here we will help ... by the experts in ..."),
    or a question leading into an ad ("Want more tips like this?").

    Only used next to a call to action in the same paragraph (see `ingest.clean`): alone, a
    first-person sentence or a question can be real content ("We believe that ..."), so it is
    kept.
    """
    if sentence.rstrip("\"'”’)").endswith("?"):
        return True
    first_person = re.search(r"\b(?:we|we'll|we're|us|our)\b", sentence, re.IGNORECASE)
    return first_person is not None and _PROMO_WORDS.search(sentence) is not None


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
