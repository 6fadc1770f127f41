"""What a question asks for, and how much a sentence looks like that kind of answer.

`question_type` reads the patient's own words ("how long do I hold it?" asks for a duration,
"what does overpronation mean?" for a definition); `answer_shape` scores a sentence for that
type: a number with a unit of time for "how long", a number of times for "how many", the
defining words ("known as", "called", "is") next to the asked term for "what is", cause words
for "why", helping words for "what helps". The composer adds the shape to a sentence's
relevance, so the sentence that answers leads the reply. Plain English rules, no model, nothing
about one corpus.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.text import tokenize

QuestionType = Literal[
    "definition",
    "duration",
    "count",
    "howto",
    "cause",
    "can_cause",
    "treatment",
    "see_someone",
    "general",
]

_I = re.IGNORECASE
_SEE_SOMEONE = re.compile(
    r"\b(when|should|do|must)\b.{0,40}\b(see|visit|tell|consult|get .{0,20}checked|check with|"
    r"go to)\b.{0,30}\b(doctor|gp|someone|clinician|physio\w*|specialist|podiatrist|professional)|"
    r"\bwhen (should|do) i (see|get|go)\b|\bsigns?\b.{0,40}\b(part of|related|linked|factor)\b",
    _I,
)
_DURATION = re.compile(
    r"\bhow long\b|\bfor how (many|much)\b|\bhow many (seconds|minutes|hours|days|weeks|months)\b"
    r"|\bhow much time\b|\bduration\b",
    _I,
)
_COUNT = re.compile(
    r"\bhow (many|often|frequently)\b|\bhow many times\b|\brepetitions?\b|\breps\b|\brepeat\b",
    _I,
)
_HOWTO = re.compile(
    r"\bhow (do|should|can|could|would) (i|you|we|one)\b(?! (know|tell))|\bhow to\b|\bsteps?\b"
    r"|\b(right|correct|proper) way\b|\btechnique\b"
    r"|\bhow (is|are) [\w' -]{1,40}? (done|performed)\b|\bhow does (it|this|that|the \w+) go\b",
    _I,
)
# The words of those phrasings, not of what is done: "how is the towel stretch done?"
HOWTO_WORDS = frozenset(tokenize("done performed perform go goes"))
_EFFECT = (
    r"(cause|causing|lead to|leads to|give|make|makes|trigger|result in|hurt|affect|mess up|"
    r"worsen|throw|damage|contribute|be behind|be why|be the reason|responsible|bad for|"
    r"matter|related|linked|link|connected|come from|be from)"
)
_CAN_CAUSE = re.compile(
    rf"^\W*(can|could|does|do|did|will|would|might|may|is|are)\b.*\b{_EFFECT}\b"
    rf"|\b(can|could|would|might|may) (that|this|it|they|these|those)\b.{{0,40}}\b{_EFFECT}\b",
    _I,
)
_CAUSE = re.compile(
    r"\bwhy\b|\bhow come\b|\bwhat (causes|makes|leads|triggers|happens)\b|\bcaus(e|es|ed|ing)\b"
    rf"|\breasons?\b|\bhow (does|do|can|could|would) .{{0,60}}\b{_EFFECT}",
    _I,
)
_TREATMENT = re.compile(
    r"\b(help|helps|helpful|relieve|relief|ease|treat|treated|treatment|treatments|therapy|fix|"
    r"cure|cured|"
    r"remed(y|ies)|improve|reduce|get better|do about|can i do|should i do|options?|advise|"
    r"recommend(ed)?)\b",
    _I,
)
_DEFINITION = re.compile(
    r"^\W*(what\W?s|what( (exactly|actually|really))? (is|are)|what does|whats|define|explain|"
    r"meaning of|"
    r"tell me about|describe)\b|\bwhat (does|do) .{1,60}\bmean\b|\bmeaning of\b|\bdefinition\b",
    _I,
)

_NUMBER = (
    r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|eighteen|twenty|thirty|forty|fifty|sixty|ninety|a few|"
    r"a couple of|several|many|more than \d+)"
)
_TIME_UNIT = r"(seconds?|minutes?|mins?|hours?|days?|weeks?|months?|years?)"
_DURATION_ANSWER = re.compile(rf"\b{_NUMBER}\s+(consecutive\s+)?{_TIME_UNIT}\b", _I)
_FREQUENCY_ANSWER = re.compile(
    rf"\b{_NUMBER}\s+times\b|\b(every\s?day|daily|per day|a day|each day|weekly|twice|once)\b", _I
)
_ANY_NUMBER = re.compile(rf"\b{_NUMBER}\b", _I)
_DEFINING = re.compile(
    r"\b(known as|called|refers? to|is defined as|means?|is when|occurs when|is a|is an|are a|"
    r"is the|are the)\b",
    _I,
)
# A defined term follows a naming phrase or comes before a defining verb.
_NAMING = re.compile(r"\b(known as|called|referred to as|termed|defined as)\b", _I)
_DEFINED_BY = re.compile(
    r"\b(is|are) (a|an|the|when|defined as)\b|\b(means?|refers? to|occurs when)\b", _I
)
_CAUSE_ANSWER = re.compile(
    r"\b(because|caus(e|es|ed|ing)|leads? to|results? in|due to|trigger\w*|disrupt\w*|strain|"
    r"stress on|contribut\w*|distort\w*|compromis\w*|intensif\w*|misalign\w*|shift)\b",
    _I,
)
_FACTOR = re.compile(r"\bcontributing factors?\b", _I)
_HELP_ANSWER = re.compile(
    r"\b(help\w*|relie(f|ve|ves|ved)|treatments?|\w*therap\w*|solutions?|remed(y|ies)|advi[cs]\w*|"
    r"recommend\w*|improv\w*|reduc\w*|ease\w*|sooth\w*|correct\w*|decreas\w*|prevent\w*|"
    r"(options?|measures|strategies|approaches|self-care|care) includes?)\b",
    _I,
)
# Sending the reader to a clinician: a "what helps" question is not answered by it.
_CLINICIAN = (
    r"(doctor|gp|clinician|physician|specialist|consultant|surgeon|nurse|midwife|pharmacist|"
    r"dentist|podiatrist|physio\w*|therapist|health ?care (provider|professional|team)|"
    r"(health|medical|care) (provider|professional|team))s?"
)
_REFERRAL = re.compile(
    rf"\b(let (a|the|your) {_CLINICIAN} know|(see|consult|contact|ask|tell|talk to|speak to|"
    rf"speak with|check with) (a|an|the|your) (\w+ )?{_CLINICIAN}|refer you to)\b",
    _I,
)
_SEE_ANSWER = re.compile(
    r"\b(doctor|clinician|physician|specialist|assessment|examination|let your|persist\w*|"
    r"consider)\b",
    _I,
)
# "How long does a sprain take to heal?", "how long till I can run again?", "how long is
# recovery after ...?": the time until an outcome, not how long to do something ("how long
# should I do toe walking to feel better?" asks how long to do it).
_OUTCOME = (
    r"(heal(s|ed|ing)?|mend|recover\w*|(get|gets|feel|feels) better|go(es)? away|go(es)? down|"
    r"clears? up|settles?( down)?|improves?|wears? off|kicks? in|take effect|"
    r"start(s|ing)? (to )?(work|help|improv|feel)\w*|see (results|a difference|improvement)|"
    r"notice (a |any )?(difference|improvement)|back to (normal|work|running|sport|school)|"
    r"(walk|run|play|drive|exercise|train)\w* (normally|again))"
)
_TIME_TO_OUTCOME = re.compile(
    rf"\btake\b[^?.!]{{0,40}}?\bto (work|{_OUTCOME})\b"
    rf"|\b(until|till|til|before|after)\b[^?.!]{{0,60}}?\b{_OUTCOME}\b"
    r"|\b(is|does|will|would) (the )?(recovery|healing)\b|\bto recover\b"
    r"|\b(recovery|healing) (time|period)\b",
    _I,
)
_DOING = re.compile(
    r"\bhow (long|many \w+|much time) (should|do|must|can|could|would|shall) (i|you|we)\b"
    r"(?! (wait|expect|need to wait|have to wait))",
    _I,
)
_HOW_LONG_PIECE = re.compile(r"[^.?!]*\b(how long|how many|how much time|for how)\b[^.?!]*", _I)
# A time an outcome takes, after a word that says so: "within six weeks", "after 15 minutes",
# "up to a year", "can take months", "over 6 to 8 weeks". Not "for 20 seconds" (an exercise),
# "twice a day", "every three months" or "under 12 years".
_TAKES = r"(within|in|after|up to|over|by|takes?|taking|took|lasts?|about|around|for)"
_UNIT = r"(minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|fortnight)"
_LONG_TIME = re.compile(
    rf"\b{_TAKES}\s+(the\s+)?((first|next|a)\s+)?({_NUMBER}|a|an|one|few|couple of)?"
    rf"(\s+(to|or|and)\s+({_NUMBER}|a|an))?[\s-]*{_UNIT}\b",
    _I,
)
# An exercise's own time: "hold for 20 minutes" is not how long an outcome takes.
_FOR_MINUTES = re.compile(r"\bfor\s+[^,.;]{0,20}?\b(minutes?|mins?)\b", _I)


# Words that say what kind of answer is wanted, not what it is about.
ASKING_WORDS = frozenset(
    tokenize(
        "what whats does mean meaning means explain define definition describe long many often "
        "times seconds minutes much cause causes why reason help helps treat treatment hold "
        "repeat steps way exactly thing really actually word words term plain simple please"
    )
)


def question_type(question: str) -> QuestionType:
    """The kind of answer the question asks for ("general" when no rule applies).

    Checked from the most specific kind to the least: "how long should I hold it to help my
    back?" asks for a duration, not for what helps.
    """
    text = " ".join(question.split())
    if _SEE_SOMEONE.search(text):
        return "see_someone"
    if _DURATION.search(text):
        return "duration"
    if _COUNT.search(text):
        return "count"
    if _HOWTO.search(text) and not _CAUSE.search(text):
        return "howto"
    if _CAN_CAUSE.search(text):
        return "can_cause"
    if _CAUSE.search(text):
        return "cause"
    if _TREATMENT.search(text):
        return "treatment"
    if _DEFINITION.search(text):
        return "definition"
    return "general"


_EFFECT_VERB = re.compile(rf"\b{_EFFECT}\b", _I)


def defines(sentence: str, term: set[str]) -> bool:
    """True when `sentence` defines `term` (stemmed content words, as `focus_terms` gives):
    the term's words right after a naming phrase ("... a condition known as excessive
    pronation") or right before a defining verb ("Pronation is the way ..."), with at most one
    other word among them. A term only named elsewhere in the sentence, or in a list, is not
    defined by it."""
    if not term:
        return False
    reach = len(term) + 1
    for match in _NAMING.finditer(sentence):
        if term <= set(tokenize(sentence[match.end() :])[:reach]):
            return True
    for match in _DEFINED_BY.finditer(sentence):
        if term <= set(tokenize(sentence[: match.start()])[-reach:]):
            return True
    return False


def effect_terms(question: str) -> set[str]:
    """What a "why would X hurt Y" question asks about: the content words of Y (may be empty)."""
    found = list(_EFFECT_VERB.finditer(question))
    return set(tokenize(question[found[-1].end() :])) - ASKING_WORDS if found else set()


def focus_terms(question: str) -> set[str]:
    """The question's content words without the words that only say what is asked."""
    return set(tokenize(question)) - ASKING_WORDS


def answer_shape(
    kind: QuestionType,
    sentence: str,
    focus: set[str],
    procedure: bool,
    effect: set[str] | frozenset[str] = frozenset(),
) -> float:
    """How much `sentence` looks like an answer of `kind`, from 0.0 to 1.0.

    `focus` are the question's focus terms (a definition must name the asked term);
    `procedure` says the sentence is a step of an exercise or other heading-and-steps block,
    whose heading should then be part of `sentence` ("Toe walking: Walk on your toes ...");
    `effect` are the `effect_terms` of a "why" question: a full answer names a cause and
    speaks of the effect asked about.
    """
    match kind:
        case "duration":
            if _DURATION_ANSWER.search(sentence):
                return 1.0
            return 0.4 if _FREQUENCY_ANSWER.search(sentence) else 0.0
        case "count":
            if _FREQUENCY_ANSWER.search(sentence):
                return 1.0
            return 0.6 if _ANY_NUMBER.search(sentence) else 0.0
        case "howto":
            return 1.0 if procedure else 0.0
        case "definition":
            words = set(tokenize(sentence))
            if not focus & words:
                return 0.0
            return 1.0 if procedure or _DEFINING.search(sentence) else 0.3
        case "cause" | "can_cause":
            causes = {m.group(0).lower() for m in _CAUSE_ANSWER.finditer(sentence)}
            if not causes:
                return 0.0
            if kind == "cause" and causes == {"contributing"} and _FACTOR.search(sentence):
                return 0.5  # names a factor ("a contributing factor"), says nothing of why
            if kind == "cause" and effect and not effect & set(tokenize(sentence)):
                return 0.5
            return 1.0
        case "treatment":
            if not _HELP_ANSWER.search(sentence):
                return 0.0
            # "let your doctor know ..." says whom to ask, not what helps.
            return 0.5 if _REFERRAL.search(sentence) else 1.0
        case "see_someone":
            return 1.0 if _SEE_ANSWER.search(sentence) else 0.0
        case _:
            return 0.0


def asks_time_to_outcome(question: str) -> bool:
    """True when the sentence of `question` that asks how long (the patient's own words) asks
    how long until an outcome: "how long does a sprained ankle take to heal?", "how long till
    I can run again?", "how long is recovery after ...?". Not "how long do I hold the
    stretch?" nor "how long should I do toe walking to feel better?": those ask how long to
    do something; nor background elsewhere in the message ("... before work. How long is each
    exercise?")."""
    for piece in _HOW_LONG_PIECE.finditer(question):
        text = piece.group(0)
        if _DURATION.search(text) and not _DOING.search(text) and _TIME_TO_OUTCOME.search(text):
            return True
    return False


def states_time_to_outcome(sentence: str) -> bool:
    """True when `sentence` gives how long an outcome takes: a time after a word that says so
    ("Most sprains heal within a week or two.", "Recovery can take up to a year.", "Glucose
    raises your sugar within 15 minutes."); not an exercise's time ("rotate for 15 seconds",
    "hold for 20 minutes") nor a frequency ("twice a day"). Lenient on purpose: a top sentence
    with such a time lets the score decide."""
    times = _LONG_TIME.finditer(sentence)
    return any(not _FOR_MINUTES.fullmatch(time.group(0)) for time in times)
