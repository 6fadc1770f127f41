"""The words the triage rules are built from: body parts, symptoms, events, in plain regex.

Every constant is a regular-expression fragment over the canonical word stream of
`triage_text` (lower case, contractions expanded, words joined by single spaces). `gap(n)`
allows up to n words in between two parts of a rule, but never punctuation, a negation or "but",
so "my legs are not weak" does not read as "legs ... weak". Data only; the rules that combine
these words are in `triage_rules`.
"""

from __future__ import annotations

_GAP_STOPS = "(?:not|no|never|without|nor|but|however|although|though|yet|except)"


def gap(words: int) -> str:
    """Up to `words` words between two parts of a pattern; no punctuation, negation or "but"."""
    return rf"(?:(?!{_GAP_STOPS} )[a-z0-9']+(?:\.\d+)? ){{0,{words}}}"


def any_of(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


MY = r"(?:(?:my|his|her|their|the|our|both|both my|one|one of my) )?(?:left |right )?"
PAIN = any_of(
    r"pains?", "painful", r"hurts?", "hurting", "hurted", r"aches?", "aching", "achy", "sore",
    "agony", "killing me", "tender", "throbbing", r"injur(?:y|ed|ies)", "in bits", r"spasms?",
)  # fmt: skip
SPINE = any_of("back", "spine", "spinal", "lumbar", "tailbone", "coccyx", "neck", "lower back")
# Words that stand alone for back pain.
SPINE_PAIN_WORDS = any_of("backache", r"backaches", "backpain", "sciatica", "lumbago")
NUMB = any_of(
    "reduced sensation", "reduced feeling", "less feeling", "altered sensation",
    "changed sensation", r"(?:like )?cotton wool", r"frozen(?! shoulder)", "numbed", "numb",
    "numbness", "tingling", "tingly", "pins and needles", "no feeling", "no sensation",
    r"lost (?:the |all )?(?:feeling|sensation)", "loss of feeling", "loss of sensation",
    "can not feel", "could not feel", "do not feel anything", "dead", "anesthesia", "anaesthesia",
)  # fmt: skip
SADDLE = any_of(
    "groin", "saddle", "genitals?", "private parts?", "privates", "crotch", "buttocks?", "bum",
    "butt", "bottom", "backside", "perineum", "perineal", "between (?:my |the )?legs",
    "down below", r"private (?:area|region|bits)", r"(?:lady|man|girly) (?:bits|parts)",
    "nether regions", "undercarriage", "perianal", "vulva", "labia", "rectum", "back passage",
    r"(?:area|part|bits?) (?:where|that) (?:you|i|we) sits?",
    "inner thighs?", "down there", "anus", "vagina", "penis", "scrotum", "testicles",
)  # fmt: skip
LEG = any_of(r"legs?", r"knees?", r"thighs?", "foot", "feet")
WEAK = any_of(
    "weak", "weaker", "weakness", "weakening", "no strength", "no power", "jelly", "dead",
    "floppy", "useless", "clumsy", "heavy and clumsy",
)  # fmt: skip
BUCKLE = any_of(r"buckl\w*", r"collaps\w*", "fold", "folds", "folding", "folded", r"crumpl\w*")
TOILET = any_of(
    "bladder", r"bowels?", "pee", "wee", "urine", "poo", "poop", r"stools?", "toilet",
    "waterworks",
)  # fmt: skip
WETTING = any_of(
    "wet", "wetting", "peed", "peeing", "pissed", "pissing", "pooped", "pooping", "soiled",
    "soiling", "messed",
)  # fmt: skip
TOILET_WORD = any_of(
    "bladder", r"bowels?", "pee", "peeing", "wee", "urine", "urinate", "urinating", "poo", "poop",
    r"stools?", "toilet", "waterworks",
)  # fmt: skip
TOILET_LOSS = any_of(
    r"(?:lost|losing|no|no can|can not|could not|unable to|poor|trouble|difficulty|problems?) "
    r"(?:\w+ )?(?:control|controlling|hold|holding|feel(?! (?:the )?(?:seat|paper|tissue))|"
    r"feeling|sense|empty|emptying|stop|stopping)",
    r"dribbl\w*", r"leak\w*", "by itself", "on its own", "no sensation", "no feeling",
    r"numb\w*", "without (?:feeling|knowing|noticing)",
)  # fmt: skip
LOSE = any_of("lost", "losing", "loss of", "lose", "no longer have", "can not", "unable to")
CAN_NOT = any_of(
    "can not", "could not", "unable to", "can hardly", "can barely", "struggling to",
    "not able to", "not been able to", "trouble", "difficulty",
)  # fmt: skip
# "... and I never felt it": wetting oneself without noticing is the red flag.
UNNOTICED = any_of(
    r"(?:never|not|without|did not) (?:even )?(?:felt|feel|feeling|notic\w*|realis\w*|realiz\w*|"
    r"know\w*)",
)
FALL = any_of(
    r"fell(?! (?:in love|asleep|for|apart|behind|short|through))",
    r"fall(?:en|ing)?(?! (?:in love|asleep|for|apart|behind|short|through|prevention))",
    "slipped", "tripped", "tumbled", "crashed", "crash", "collision",
    r"(?<!bowel )(?<!bladder )(?<!toilet )accidents?(?! in my pants)",
    "rear ended", r"hit by (?:a )?(?:car|bus|truck|van|bike|motorbike)", "car wreck",
    "whiplash", r"landed (?:hard )?on", "tackled", r"(?:was|got|been) hit\b",
    "thrown (?:off|from)", "knocked (?:off|down)", r"(?:went )?over the handlebars",
    r"hit the (?:ground|floor|deck|ice)",
    r"wiped out|took a tumble|went flying",
    "came off (?:my|the|a) (?:bike|horse)",
)  # fmt: skip
FEVER = any_of(
    "fever", "feverish", "chills", "shivering", "shivers", "rigors", "night sweats", "sweats",
    "burning up", r"(?:high |a )temperature", r"temperature of \d+", r"temp of \d+",
    "shivery", r"hot and cold(?! (?:showers?|baths?|packs?|compress\w*|therapy|water))",
    "cold sweats", r"(?:feel|feeling|felt) (?:hot|feverish)",
    r"running a (?:temperature|temp|fever)",
    r"(?:hot|boiling) (?:then|and then) (?:cold|freezing)",
    r"(?:cold|freezing) (?:then|and then) (?:hot|boiling)",
    r"(?:3[89]|4[0-2])(?:\.\d+)? (?:degrees? )?(?:c )?(?:temperature|temp|fever)",
)  # fmt: skip
CANCER = any_of(
    "cancer", "tumour", "tumor", "lymphoma", "leukemia", "leukaemia", "myeloma", "melanoma",
    "metastatic", "metastases", "chemo", "chemotherapy", "oncologist", "in remission",
    r"lump (?:removed|taken out|cut out)",
)  # fmt: skip
CANCER += "(?! free)"  # "cancer-free"
WEIGHT = any_of("weight", r"kilos?", "kg", r"pounds?", "lbs", "stone")
UNEXPLAINED = any_of(
    "without trying", "for no reason", "without dieting", "not trying", "not dieting",
    "unexplained", "unintentional", "unintentionally", "no idea why", "without meaning to",
)  # fmt: skip
WEIGHT_LOSS = any_of(
    rf"(?:lost|losing|lose|dropping|dropped|shedding) {gap(3)}{WEIGHT}", r"weight loss",
    r"weight (?:is )?(?:dropping|falling off)",
    r"clothes (?:are |getting |have got )*(?:loose|baggy)",
    r"getting (?:thin|thinner|skinny|skinnier)",
    rf"(?:gone|went|dropped) down {gap(2)}(?:sizes?|dress sizes?|clothes sizes?)",
)  # fmt: skip
# Weight loss that says by itself it is not intended.
WEIGHT_LOSS_UNINTENDED = any_of(
    r"(?:keep|keeps|kept) (?:losing|dropping) (?:weight|kilos|pounds)",
    r"losing (?:weight|kilos|pounds) (?:fast|quickly|rapidly)", r"losing a lot of weight",
)  # fmt: skip
# Chest muscles, presses and stretches are gym talk, not chest pain.
CHEST = r"(?:chest|breastbone|sternum)(?! (?:muscles?|press|presses|stretch\w*|exercises?|"
CHEST += r"workout|day|fly|flies|of drawers|out))"
CHEST_FEELING = any_of(
    PAIN, r"tight\w*", "pressure", r"crush\w*", "heavy", "heaviness", r"squeez\w*", "burning",
    "on fire", r"discomfort", r"stabbing",
)  # fmt: skip
# What turns "weak legs" (common, often harmless) into a red flag: sudden, worsening, disabling.
SUDDEN_OR_WORSE = any_of(
    "suddenly", "sudden", "all of a sudden", "every day", "by the day", "and weaker",
    "getting worse", "worse and worse", "worsening", r"progressive\w*", "more and more",
    "gets worse", "each day", "day by day", "worse", "weaker",
    r"(?:went|gone|goes|going) (?:weak|floppy|dead|numb)",
    "anymore", "any more", "no longer", "overnight",
    r"since (?:this morning|yesterday|last night|today|this afternoon)",
    rf"{CAN_NOT} (?:walk|stand|get up)", r"(?:hardly|barely) (?:walk|stand)",
)  # fmt: skip
