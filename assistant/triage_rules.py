"""The urgent-symptom rules: one readable table, one entry per category.

Each rule is a regular expression over the canonical word stream of `triage_text` (lower case,
contractions expanded, key terms spell-corrected, words joined by single spaces, punctuation as
separate tokens), or a tuple of expressions that must *all* match somewhere in the message
("legs are weak" and "can barely walk"). `_gap(n)` allows up to n words in between, but never a
negation, so "my legs are not weak" does not read as "legs ... weak".

A category marked `needs_spine_pain` only fires when the message also mentions (un-negated) pain
in the back, spine or neck: a fall or a fever alone is not what this clinic triages, a fall
*with* back pain is.

To add a phrasing: add it to a rule here, add a case to `evals/datasets/triage_tuning.jsonl`,
run `python benchmarks/bench_triage.py --only tuning --show-misses`.
"""

from __future__ import annotations

from dataclasses import dataclass

Rule = str | tuple[str, ...]


_GAP_STOPS = "(?:not|no|never|without|nor|but|however|although|though|yet|except)"


def _gap(words: int) -> str:
    """Up to `words` words between two parts of a pattern; no punctuation, negation or "but"."""
    return rf"(?:(?!{_GAP_STOPS} )[a-z0-9']+(?:\.\d+)? ){{0,{words}}}"


def _any(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


@dataclass(frozen=True)
class Category:
    """An urgent category: its identifier, why it is urgent (plain words), its rules."""

    name: str
    reason: str
    rules: tuple[Rule, ...]
    needs_spine_pain: bool = False


MY = r"(?:(?:my|his|her|their|the|our|both|both my|one|one of my) )?(?:left |right )?"
PAIN = _any(
    r"pains?", "painful", r"hurts?", "hurting", "hurted", r"aches?", "aching", "achy", "sore",
    "agony", "killing me", "tender", "throbbing", r"injur(?:y|ed|ies)", "in bits", r"spasms?",
)  # fmt: skip
SPINE = _any("back", "spine", "spinal", "lumbar", "tailbone", "coccyx", "neck", "lower back")
# Words that stand alone for back pain.
SPINE_PAIN_WORDS = _any("backache", r"backaches", "backpain", "sciatica", "lumbago")
NUMB = _any(
    "numb", "numbness", "tingling", "tingly", "pins and needles", "no feeling", "no sensation",
    r"lost (?:the |all )?(?:feeling|sensation)", "loss of feeling", "loss of sensation",
    "can not feel", "could not feel", "do not feel anything", "dead", "anesthesia", "anaesthesia",
)  # fmt: skip
SADDLE = _any(
    "groin", "saddle", "genitals?", "private parts?", "privates", "crotch", "buttocks?", "bum",
    "butt", "bottom", "backside", "perineum", "perineal", "between (?:my |the )?legs",
    "down below", r"private (?:area|region|bits)", r"(?:lady|man|girly) (?:bits|parts)",
    "nether regions", "undercarriage",
    r"(?:area|part|bits?) (?:where|that) (?:you|i|we) sits?",
    "inner thighs?", "down there", "anus", "vagina", "penis", "scrotum", "testicles",
)  # fmt: skip
LEG = _any(r"legs?", r"knees?", r"thighs?", "foot", "feet")
WEAK = _any("weak", "weaker", "weakness", "weakening", "no strength", "no power", "jelly")
BUCKLE = _any(r"buckl\w*", r"collaps\w*", "fold", "folds", "folding", "folded", r"crumpl\w*")
TOILET = _any(
    "bladder", r"bowels?", "pee", "wee", "urine", "poo", "poop", r"stools?", "toilet",
    "waterworks",
)  # fmt: skip
WETTING = _any(
    "wet", "wetting", "peed", "peeing", "pissed", "pissing", "pooped", "pooping", "soiled",
    "soiling", "messed",
)  # fmt: skip
LOSE = _any("lost", "losing", "loss of", "lose", "no longer have", "can not", "unable to")
CAN_NOT = _any(
    "can not", "could not", "unable to", "can hardly", "can barely", "struggling to",
    "not able to", "not been able to", "trouble", "difficulty",
)  # fmt: skip
# "... and I never felt it": wetting oneself without noticing is the red flag.
UNNOTICED = _any(
    r"(?:never|not|without|did not) (?:even )?(?:felt|feel|feeling|notic\w*|realis\w*|realiz\w*|"
    r"know\w*)",
)
FALL = _any(
    r"fell(?! (?:in love|asleep|for|apart|behind|short|through))",
    r"fall(?:en|ing)?(?! (?:in love|asleep|for|apart|behind|short|through|prevention))",
    "slipped", "tripped", "tumbled", "crashed", "crash", "collision",
    r"(?<!bowel )(?<!bladder )(?<!toilet )accidents?(?! in my pants)",
    "rear ended", r"hit by (?:a )?(?:car|bus|truck|van|bike|motorbike)", "car wreck",
    "whiplash", r"landed (?:hard )?on", "tackled", r"(?:was|got|been) hit\b",
    "thrown (?:off|from)", "knocked (?:off|down)",
    "came off (?:my|the|a) (?:bike|horse)",
)  # fmt: skip
FEVER = _any(
    "fever", "feverish", "chills", "shivering", "shivers", "rigors", "night sweats", "sweats",
    "burning up", r"(?:high |a )temperature", r"temperature of \d+", r"temp of \d+",
    "shivery", r"hot and cold(?! (?:showers?|baths?|packs?|compress\w*|therapy|water))",
    "cold sweats", r"(?:feel|feeling|felt) (?:hot|feverish)",
    r"running a (?:temperature|temp|fever)",
)  # fmt: skip
CANCER = _any(
    "cancer", "tumour", "tumor", "lymphoma", "leukemia", "leukaemia", "myeloma", "melanoma",
    "metastatic", "metastases", "chemo", "chemotherapy", "oncologist", "in remission",
)  # fmt: skip
CANCER += "(?! free)"  # "cancer-free"
WEIGHT = _any("weight", r"kilos?", "kg", r"pounds?", "lbs", "stone")
UNEXPLAINED = _any(
    "without trying", "for no reason", "without dieting", "not trying", "not dieting",
    "unexplained", "unintentional", "unintentionally", "no idea why", "without meaning to",
)  # fmt: skip
WEIGHT_LOSS = _any(
    rf"(?:lost|losing|lose|dropping|dropped|shedding) {_gap(3)}{WEIGHT}", r"weight loss",
    r"weight (?:is )?(?:dropping|falling off)",
    r"clothes (?:are |getting |have got )*(?:loose|baggy)",
    r"getting (?:thin|thinner|skinny|skinnier)",
)  # fmt: skip
# Weight loss that says by itself it is not intended.
WEIGHT_LOSS_UNINTENDED = _any(
    r"(?:keep|keeps|kept) (?:losing|dropping) (?:weight|kilos|pounds)",
    r"losing (?:weight|kilos|pounds) (?:fast|quickly|rapidly)", r"losing a lot of weight",
)  # fmt: skip
# Chest muscles, presses and stretches are gym talk, not chest pain.
CHEST = r"chest(?! (?:muscles?|press|presses|stretch\w*|exercises?|workout|day|fly|flies|of "
CHEST += r"drawers|out))"
CHEST_FEELING = _any(
    PAIN, r"tight\w*", "pressure", r"crush\w*", "heavy", "heaviness", r"squeez\w*", "burning",
    "on fire", r"discomfort", r"stabbing",
)  # fmt: skip
# What turns "weak legs" (common, often harmless) into a red flag: sudden, worsening, disabling.
SUDDEN_OR_WORSE = _any(
    "suddenly", "sudden", "all of a sudden", "every day", "by the day", "and weaker",
    "getting worse", "worse and worse", "worsening", r"progressive\w*", "more and more",
    "gets worse", "each day", "day by day", "worse", "weaker", r"(?:went|gone|goes|going) weak",
    rf"{CAN_NOT} (?:walk|stand|get up)", r"(?:hardly|barely) (?:walk|stand)",
)  # fmt: skip

CATEGORIES: tuple[Category, ...] = (
    Category(
        name="bladder_bowel",
        reason="new loss of bladder or bowel control",
        rules=(
            rf"(?:{LOSE} (?:the )?(?:control )?|no control )(?:of |over )?{MY}{TOILET}",
            rf"{CAN_NOT} (?:hold|stop|control) {_gap(2)}{TOILET}",
            rf"{CAN_NOT} (?:stop|help) {WETTING} myself",
            rf"(?:problems?|trouble|difficulty|struggling) (?:controlling|holding) {MY}{TOILET}",
            rf"{TOILET} control {_gap(2)}(?:gone|lost|went|is going|failing|poor|bad|weak|worse)",
            rf"(?:no|zero|little|poor|lack of|losing) {TOILET} control",
            r"incontinence|incontinent",
            rf"{WETTING} (?:myself|himself|herself|themselves|the bed|{MY}pants)",
            (
                rf"{WETTING}|leak\w*|(?:pants|underwear|trousers|bed|sheets) {_gap(2)}"
                r"(?:soaked|wet)",
                UNNOTICED,
            ),
            r"(?:keep|keeps|kept) (?:having|getting) accidents|(?:bowel|bladder|toilet) accidents?",
            rf"{CAN_NOT} (?:empty|emptying|pass|passing) {MY}(?:bladder|bowels?|urine|water)",
            rf"{TOILET} {_gap(2)}(?:let go|gave way|gave out|failed|emptied)",
            (
                r"need\w* to (?:go|pee|wee|urinate)",
                r"nothing (?:comes|is coming|came|will come) out",
            ),
            r"accident in (?:my|his|her) (?:pants|underwear|trousers)",
            rf"{CAN_NOT} (?:pee|urinate|wee|pass urine|go to the toilet)",
            r"urinary retention|retention of urine|leaking urine|leak urine",
            rf"can not (?:feel|tell|sense) (?:when|if) {_gap(2)}(?:need|have) to (?:go|pee|wee)",
        ),
    ),
    Category(
        name="saddle_numbness",
        reason="numbness in the groin, buttocks or 'saddle' area",
        rules=(
            rf"{NUMB} {_gap(4)}{SADDLE}",
            rf"{SADDLE} {_gap(3)}(?:, )?(?:it |they )?(?:is |are |feels? |has |have |gone |went |"
            rf"going |is going )*{NUMB}",
            rf"(?:sensation|feeling) {_gap(2)}{SADDLE} {_gap(2)}(?:changed|gone|reduced|different|"
            r"strange|weird)",
            (NUMB, r"saddle|(?:where|that) (?:you|i|we) sits?"),
            r"saddle (?:numbness|anesthesia|anaesthesia)",
            rf"wip(?:e|ing) {_gap(6)}can not feel",
            rf"can not feel {_gap(2)}(?:toilet )?(?:seat|paper|tissue)",
            rf"{SADDLE} {_gap(3)}(?:like it is |is |are |has )?(?:asleep|fallen asleep)",
            rf"can not feel {_gap(4)}(?:when|while) (?:i )?wip(?:e|ing)",
        ),
    ),
    Category(
        name="leg_weakness",
        reason="sudden or worsening weakness in the legs",
        rules=(
            rf"{LEG} {_gap(3)}(?:keeps? |kept )?(?:giving|gave|give) (?:way|out)",
            rf"{LEG} {_gap(5)}(?:, )?(?:they |it )?(?:just )?{BUCKLE}",
            rf"{LEG} {_gap(2)}(?:went|gone|go|going|goes) (?:out )?(?:from )?under",
            rf"{CAN_NOT} (?:put|bear|take) (?:any )?weight (?:on|through) {MY}legs?",
            rf"{LEG} {_gap(2)}(?:will not|can not|does not|do not|would not) (?:hold|take|support|"
            r"bear) (?:up|me|him|her|\w+ weight)",
            r"(?:foot|feet) (?:flops?|flopping|slaps?|slapping|is floppy)|floppy (?:foot|feet)",
            rf"(?:lost|losing|loss of) (?:the )?(?:use|control|strength|power) (?:of|in) {MY}{LEG}",
            rf"{LEG} {_gap(2)}(?:stopped|stops|not) working",
            rf"dragg\w* {MY}{LEG}",
            (rf"{LEG} {_gap(4)}{WEAK}|{WEAK} {_gap(2)}(?:in |of )?{MY}{LEG}", SUDDEN_OR_WORSE),
            rf"{LEG} {_gap(3)}(?:getting|growing|becoming) (?:weaker|more weak)",
            rf"(?:losing|lost|loss of) (?:all )?(?:the )?(?:strength|power) in {MY}{LEG}",
            r"foot drop|drop foot|(?:foot|feet|leg) (?:is |keeps |are )?dragging",
            rf"can not (?:lift|move|raise|feel) {MY}(?:leg|legs|foot|feet|toes)",
            r"(?:leg|legs) (?:is |are |went |has gone |have gone )?(?:paralysed|paralyzed|dead)",
            r"paralysed|paralyzed|paralysis",
            rf"{CAN_NOT} (?:walk|stand)(?: up)? {_gap(3)}{LEG}",
        ),
    ),
    Category(
        name="trauma",
        reason="back pain after a fall or an accident",
        rules=(FALL,),
        needs_spine_pain=True,
    ),
    Category(
        name="fever",
        reason="back pain with a fever or chills",
        rules=(FEVER,),
        needs_spine_pain=True,
    ),
    Category(
        name="cancer",
        reason="new back pain with a history of cancer or unexplained weight loss",
        rules=(
            CANCER,
            (WEIGHT_LOSS, UNEXPLAINED),
            WEIGHT_LOSS_UNINTENDED,
            r"weight (?:is )?(?:dropping|falling off)",
            r"cancer survivor|survived \w* ?cancer",
        ),
        needs_spine_pain=True,
    ),
    Category(
        name="chest_pain",
        reason="chest pain or pressure",
        rules=(
            rf"{CHEST} {_gap(5)}{CHEST_FEELING}",
            rf"(?:{CHEST_FEELING}|weight|elephant) {_gap(4)}(?:in|on|across|around|of|through|"
            rf"from|behind) {MY}{CHEST}",
            rf"(?:sitting|sat|pressing|pushing|standing|band|vice|vise) (?:on|around|across) {MY}"
            rf"{CHEST}",
            rf"(?:clutching|clutched|holding|held|grabbing|grabbed|gripping) {MY}{CHEST}",
            rf"heart attack|angina|heart {_gap(1)}{PAIN}",
        ),
    ),
    Category(
        name="self_harm",
        reason="thoughts of suicide or self-harm",
        rules=(
            # Sports drills are called "suicides"; nothing else here is ambiguous.
            r"suicidal|suicide(?! (?:drills?|sprints?|runs?|squeeze|lines?|doors?))",
            r"kill myself|harm myself|harming myself|end my life|ending my life|cutting myself",
            # "I hurt myself lifting a box" is an injury; intent makes it self-harm.
            r"(?:want|wanted|wanting|going|thinking|thoughts?|thought|urges?|plan|planning|"
            r"tempted|feel like) (?:to |of |about )?(?:hurt|hurting|harm|cut|cutting|kill|"
            r"killing|poison|poisoning) (?:myself|me)",
            r"(?:been|keep|kept|started|stop|began) (?:hurting|harming|cutting|burning) myself",
            r"self harm\w*|take my (?:own )?life|overdose",
            r"(?:end|ending) (?:it all|things|everything)",
            r"(?:thinking|thought|thoughts) (?:of|about) ending it",
            r"(?:taken|took|swallowed) (?:too many|a lot of|all (?:of )?my|a bottle of|loads of|"
            r"a handful of) (?:\w+ )?(?:pills|tablets|meds|medication|painkillers|paracetamol)",
            r"(?:no|not see the|not see any|what is the) point (?:in |of )?(?:living|going on|life|"
            r"being alive|carrying on)",
            r"(?:rather|better) (?:be |off )?dead",
            r"(?:easier|better) (?:for everyone |for them )?if i (?:was|were) (?:not here|gone|"
            r"dead|not around|not alive)",
            r"want to (?:not|stop) (?:exist|existing|be here|be alive|living|wake up)",
            r"(?:do not|no longer|never) want to (?:live|be alive|be here|wake up|go on|exist)",
            r"(?:want|wanted|wish|wishing) (?:to|i (?:was|were|could)) (?:die(?! (?:my|her|his|"
            r"your|the) hair)|be dead|dead|not wake up|disappear)",
            r"better off (?:without me|dead|if i (?:was|were) gone)",
            r"take all (?:of )?my (?:pills|tablets|meds|medication)",
            r"(?:jump|jumping|throw myself|throwing myself) (?:off|from|in front of) (?:a|the) "
            r"(?:bridge|building|roof|train|cliff|car|bus|window)",
            r"no reason to live|not worth living|can not go on",
        ),
    ),
)


def spine_pain_rules() -> tuple[str, ...]:
    """Patterns for 'pain in the back, spine or neck', the context some categories need."""
    # "went back to work" is a direction, not a body part.
    verbs = ("went", "came", "come", "gone", "sent", "call", "look", "write", "wrote", "going")
    back = "".join(rf"(?<!{verb} )" for verb in verbs) + SPINE
    not_a_direction = r"(?! (?:to|home|then|again|when|in the day|and forth))"
    return (
        rf"{back}{not_a_direction} {_gap(4)}{PAIN}",
        rf"{PAIN} {_gap(3)}(?:in|of|on|down|across|through) {MY}{SPINE}",
        rf"(?:sore|painful|aching|achy|bad|hurting|injured|tender|stiff|agonising) {SPINE}",
        rf"(?:hurt|injured|wrenched|twisted|strained|pulled|tweaked|jarred|damaged|bruised) {MY}"
        rf"{SPINE}",
        rf"(?:complain\w*|moaning|problems?|trouble|issues?) (?:about|of|with) {MY}{SPINE}",
        SPINE_PAIN_WORDS,
        rf"(?:threw|thrown|put) (?:out )?{MY}back(?: out)?|back (?:went|gone) out",
        rf"(?:landed (?:hard )?on|hit (?:in|on)) {MY}(?:back|spine|tailbone|coccyx|neck)",
    )
