"""The rule floor: phrases that must always send a person to care, whatever the model says.

The learned model (`model`) decides most messages; these rules exist for the few phrasings
where a miss is unacceptable and the words are unambiguous once their context is checked -
suicidal intent and a plan, an overdose taken, someone not breathing, a child who swallowed
something. Each rule is a regular expression over the canonical word stream
(`assistant.safety.normalise`: lower case, contractions and text-speak expanded, "can not",
"do not", "i am"). A match counts only when its mention is current - not negated, historical
or hypothetical, not an idiom and not part of a general question (`context`).

To add a phrasing: add it here with a test in tests/unit/safety/test_triage_rules.py, and
re-run `make bench-triage` (false alarms on the look-alike batches and on MedQuAD).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.safety.triage.context import Context

_SELF = r"(?:myself|my self|my life)"
_PILLS = (
    r"(?:pills?|tablets?|paracetamol|acetaminophen|tylenol|ibuprofen|aspirin|painkillers?|"
    r"sleeping pills?|antidepressants?|meds|medication|medicines?|insulin|oxycodone|codeine|"
    r"co codamol|tramadol|morphine|opioids?|pack(?:et)?s?|strips?|boxe?s?|bottles?)"
)
_KID = (
    r"(?:baby|toddler|child|kid|son|daughter|boy|girl|grandson|granddaughter|nephew|niece|"
    r"little one|pikin|\d+ (?:year|yr|month|week) old)"
)
_SWALLOWED = r"(?:swallowed|ate|eaten|drank|drunk|took|taken|had|got into|chewed|licked)"
_HARMFUL = (
    r"(?:bleach|button batter(?:y|ies)|batter(?:y|ies)|magnets?|detergent|dishwasher "
    r"(?:tablet|pod)|washing (?:pod|capsule|tablet)s?|laundry pods?|liquid tabs?|antifreeze|"
    r"kerosene|paraffin|petrol|white spirit|weed ?killer|rat poison|poison|pesticide|"
    r"e (?:cigarette|liquid)|vape (?:juice|liquid)|nicotine|mushrooms|edibles|cleaning "
    r"(?:product|fluid|spray)|drain cleaner|oven cleaner|lamp oil|lighter fluid)"
)


@dataclass(frozen=True)
class Rule:
    """A must-fire phrasing for one category."""

    category: str
    pattern: re.Pattern[str]


def _rules(category: str, *patterns: str) -> list[Rule]:
    return [Rule(category, re.compile(rf"(?<![a-z0-9'])(?:{p})(?![a-z0-9'])")) for p in patterns]


RULES: tuple[Rule, ...] = (
    *_rules(
        "suicide_self_harm",
        rf"(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burning) {_SELF}",
        r"(?:end|ending|take|taking) (?:my|my own) life",
        r"(?:end|ending) (?:it|it all|things|everything|am)(?: all)?(?: today| tonight| now|"
        r" after| this| soon|$| \.)",
        r"(?:want|wanna|going|ready|plan|planning) (?:to )?(?:die|be dead|not be here|not wake up)",
        r"(?:want|wanting) to die",
        r"better off (?:dead|without me|if i was gone|if i were gone)",
        r"(?:no|not any|no more) (?:reason|point) (?:to|in) (?:live|living|go on|going on|stay)",
        r"(?:can not|do not want to) (?:go on|carry on|live like this|do this anymore|be here)",
        r"suicid(?:e|al)",
        r"self (?:harm|harming)",
        r"(?:nobody|no one|no body) (?:would|will|go|gon) (?:even )?(?:miss|notice|care)",
        rf"(?:saved|saving|stockpil\w*|counted|collected|hoard\w*) (?:up )?(?:all )?(?:my |the )?"
        rf"(?:\w+ )?{_PILLS}",
        r"(?:rope|noose|gun|bridge|pills are counted|goodbye (?:note|letter)|wrote (?:a|my) note)"
        r" (?:is|are|ready|in the|out|counted|written)",
        r"(?:jump|jumping) (?:off|in front of)",
    ),
    *_rules(
        "overdose_poisoning",
        r"overdos(?:e|ed|ing)",
        rf"(?:took|taken|take|swallowed|had|ate|going to take|gonna take) (?:all|a whole|the whole|"
        rf"the rest of|too many|too much|\d\d+|twenty|thirty|forty|fifty|a handful of|a lot of|"
        rf"loads of|double|extra) (?:of )?(?:my |the |his |her )?(?:\w+ )?{_PILLS}",
        rf"{_KID} (?:has |had |have |just |may have |might have |must have |might of )?"
        rf"{_SWALLOWED} (?:\w+ ){{0,4}}(?:{_PILLS}|{_HARMFUL})",
        rf"(?:swallowed|drank|drunk) (?:\w+ ){{0,3}}{_HARMFUL}",
        r"carbon monoxide|poison(?:ed|ing)\b(?! ivy)",
    ),
    *_rules(
        "breathing",
        r"(?:can not|could not|can barely|can hardly|struggling to|unable to|trouble|difficulty|"
        r"hard to) (?:breathe|breath|breathing|get (?:a |any )?(?:breath|air)|catch (?:my|his|her|"
        r"their) breath)",
        r"(?:lips|face|mouth) (?:is |are |turning |turned |going |gone )(?:blue|grey|gray|purple)",
        r"(?:gasping|choking)(?! on (?:my|his|her) words)",
        r"no puede respirar|no puedo respirar|nao consigo respirar|ne peux pas respirer",
    ),
    *_rules(
        "collapse",
        r"(?:not|is not|stopped|no|is no) (?:breathing|breathe)(?! (?:well|properly|through))",
        r"(?:unconscious|unresponsive|not responding|no response|not waking|will not wake|"
        r"can not wake|won t wake|would not wake|not waking up|no pulse)",
        r"(?:doing|giving|started) (?:cpr|chest compressions|rescue breaths)",
        r"collapsed",
    ),
    *_rules(
        "chest_pain",
        r"(?:crushing|squeezing|heavy|tight|tightness|pressure|pain|pains|hurts|hurting|ache)"
        r" (?:in|on|across|around) (?:my|his|her|the) chest",
        r"chest (?:pain|pains|is hurting|hurts|tightness|pressure|feels (?:tight|heavy|crushed))",
        r"(?:having|is having|think (?:i am|he is|she is|i m) having) a heart attack",
    ),
    *_rules(
        "stroke",
        r"(?:face|mouth|smile|lip|eye) (?:is |has |started )?(?:drooping|droopy|dropped|sagging|"
        r"lopsided|gone (?:droopy|lopsided))",
        r"(?:slurring|slurred|garbled|jumbled) (?:speech|words|his words|her words|my words)?",
        r"(?:having|is having|think (?:i am|he is|she is|he s|she s) having) a stroke",
    ),
    *_rules(
        "seizure",
        r"(?:having|is having|had|just had) (?:a |another )?(?:fit|seizure|convulsion)"
        r"(?! (?:of|about))",
        r"(?:is |are |started |keeps )?(?:fitting|seizing|convulsing)",
    ),
    *_rules(
        "anaphylaxis",
        r"(?:throat|tongue|lips|face) (?:is |are |feels |started )?(?:closing|swelling|swollen|"
        r"tight|tightening|puffing up|blowing up)",
        r"anaphyla\w*|epipen|epi pen",
    ),
    *_rules(
        "bleeding",
        r"(?:vomiting|throwing up|threw up|vomited|puking|coughing up|coughed up) (?:up )?(?:blood|"
        r"bright red|dark red|coffee grounds?)",
        r"(?:bleeding|blood) (?:will not|would not|that will not|does not|wont) stop",
        r"(?:black|tarry|tar like) (?:tarry )?(?:stools?|poo|poop|feces|faeces)",
    ),
    *_rules(
        "sudden_headache",
        r"(?:worst|worse) headache (?:of my life|ever|i have ever had|i ve ever had)",
        r"thunderclap",
    ),
    *_rules(
        "cauda_equina",
        r"(?:lost|losing|lose|no) (?:the )?control (?:of|over) (?:my |his |her )?"
        r"(?:bladder|bowels?)",
        r"(?:numb|numbness|no feeling|can not feel) (?:\w+ ){0,3}(?:groin|saddle|genitals|"
        r"private parts|privates|perineum|anus|bottom|buttocks|back passage|between (?:my|the) "
        r"legs)",
        r"saddle (?:numbness|anaesthesia|anesthesia)",
    ),
    *_rules(
        "spinal_injury",
        r"(?:(?:fell|fallen|fall|falling)(?! (?:behind|asleep|apart|for|in love|short|through|"
        r"arch(?:es)?\b))|"
        r"crash\w*|accident|collision|rear ended|hit by|thrown (?:off|"
        r"from)|landed (?:hard )?on|whiplash|tackled|came off|dived|dove) (?:[^.!?;\s]+ ){0,10}?"
        r"(?:back|neck|spine|spinal|tailbone)(?: [\w']+){0,2} (?:pain|pains|hurts|hurting|aches|"
        r"aching|agony|killing|is sore|sore)",
        r"(?:back|neck|spine|tailbone) (?:pain|pains|hurts|hurting|aches|aching|is sore) "
        r"(?:[^.!?;\s]+ ){0,6}(?:after|since|from) (?:a |the |my |his |her )?(?:\w+ )?"
        r"(?:fall|crash|accident|collision|tackle)",
    ),
    *_rules(
        "child_red_flags",
        r"(?:rash|spots) (?:that )?(?:does not|will not|is not|did not|doesn t|wont) (?:fade|go "
        r"away when|disappear when|blanch)|non blanching",
        # A baby under three months with a fever: "8 week old , 38.0 on the thermometer".
        r"\b(?:(?:[1-9]|1[0-2]) (?:week|weeks|wk|wks)|(?:1|2|one|two) (?:month|months|mo)) old\b"
        r"[^.!?]{0,60}?\b(?:fever\w*|temperature|temp|hot|3[89](?:\.\d)?\b(?! ?(?:weeks?|wks?)\b))",
    ),
)


def rule_matches(context: Context) -> list[tuple[Rule, int]]:
    """Every rule that matches a current, literal mention: (rule, character offset)."""
    found: list[tuple[Rule, int]] = []
    if context.general_question:
        return found
    for rule in RULES:
        for match in rule.pattern.finditer(context.text):
            if context.span_current(match.start(), match.end()) and not context.idiom_at(
                match.start(), match.end()
            ):
                found.append((rule, match.start()))
                break
    return found
