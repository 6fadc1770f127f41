"""The urgent-symptom rules: one readable table, one entry per category.

Each pattern is a regular expression over the canonical word stream of `triage_text`
(lower case, contractions expanded, key terms spell-corrected, words joined by single spaces,
punctuation as separate tokens). `_GAP(n)` allows up to n words in between. A category marked
`needs_spine_pain` only fires when the same message also mentions (un-negated) pain in the back,
spine or neck: a fall or a fever alone is not what this clinic triages, a fall *with* back pain
is.

Add a phrasing here, then a case in `evals/datasets/triage_tuning.jsonl` and run
`python benchmarks/bench_triage.py`.
"""

from __future__ import annotations

from dataclasses import dataclass


def _gap(words: int) -> str:
    """Up to `words` whole words (not punctuation) between two parts of a pattern."""
    return rf"(?:[a-z0-9']+ ){{0,{words}}}"


def _any(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


@dataclass(frozen=True)
class Category:
    """An urgent category: what it is called, why it is urgent, and the phrasings that show it."""

    name: str
    reason: str
    patterns: tuple[str, ...]
    needs_spine_pain: bool = False


MY = r"(?:my |his |her |their |the |our )?"
PAIN = _any(
    r"pains?", "painful", r"hurts?", "hurting", "hurted", r"aches?", "aching", "achy", "sore",
    "agony", "killing me", "tender", "throbbing", r"injur(?:y|ed|ies)", "in bits", r"spasms?",
)  # fmt: skip
SPINE = _any("back", "spine", "spinal", "lumbar", "tailbone", "coccyx", "neck", "lower back")
# Words for the back that stand alone as back pain.
SPINE_PAIN_WORDS = _any("backache", r"backaches", "backpain", "sciatica", "lumbago")
NUMB = _any(
    "numb", "numbness", "tingling", "tingly", "pins and needles", "no feeling", "no sensation",
    "lost feeling", "lost sensation", "loss of feeling", "loss of sensation",
    "can not feel", "could not feel", "do not feel anything", "dead", "anesthesia", "anaesthesia",
)  # fmt: skip
SADDLE = _any(
    "groin", "saddle", "genitals?", "private parts?", "privates", "crotch", "buttocks?", "bum",
    "butt", "bottom", "backside", "perineum", "perineal", "between (?:my |the )?legs",
    "inner thighs?", "down there", "anus", "vagina", "penis", "scrotum", "testicles",
)  # fmt: skip
LEG = _any(r"legs?", r"knees?", r"thighs?", "foot", "feet")
TOILET = _any(
    "bladder",
    r"bowels?",
    "pee",
    "wee",
    "urine",
    "poo",
    "poop",
    "stool",
    "stools",
    "toilet",
)
LOSE = _any("lost", "losing", "loss of", "lose", "no longer have", "can not", "unable to")
FALL = _any(
    r"fell(?! (?:in love|asleep|for|apart|behind|short|through))",
    r"fall(?:en|ing)?(?! (?:in love|asleep|for|apart|behind|short|through|prevention))",
    "slipped", "tripped", "tumbled", "crashed", "crash", r"accidents?(?! in my pants)", "collision",
    "rear ended", r"hit by (?:a )?(?:car|bus|truck|van|bike|motorbike)", "car wreck",
    "whiplash", r"landed (?:hard )?on", "tackled", "thrown (?:off|from)", "knocked (?:off|down)",
    "came off (?:my|the|a) (?:bike|horse)",
)  # fmt: skip
FEVER = _any(
    "fever", "feverish", "chills", "shivering", "shivers", "rigors", "night sweats", "sweats",
    "burning up", r"(?:high |a )temperature", r"temperature of \d+", r"temp of \d+",
)  # fmt: skip
CANCER = _any(
    "cancer", "tumour", "tumor", "lymphoma", "leukemia", "leukaemia", "myeloma", "melanoma",
    "metastatic", "metastases", "chemo", "chemotherapy", "oncologist", "in remission",
)  # fmt: skip
WEIGHT = _any("weight", r"kilos?", "kg", r"pounds?", "lbs", "stone")
UNEXPLAINED = _any(
    "without trying", "for no reason", "without dieting", "not trying", "not dieting",
    "unexplained", "unintentional", "unintentionally", "no idea why", "without meaning to",
)  # fmt: skip

CATEGORIES: tuple[Category, ...] = (
    Category(
        name="bladder_bowel",
        reason="new loss of bladder or bowel control",
        patterns=(
            rf"(?:{LOSE} (?:the )?(?:control )?|no control )(?:of |over )?{MY}{TOILET}",
            rf"(?:can not|unable to|could not) (?:hold|stop|control) {_gap(2)}{TOILET}",
            rf"{TOILET} control {_gap(2)}(?:gone|lost|went|is going|failing)",
            r"incontinence|incontinent",
            rf"(?:wet|peed|pooped|soiled|wee'd) (?:myself|himself|herself|the bed|{MY}pants)",
            r"accident in (?:my|his|her) (?:pants|underwear|trousers)",
            r"(?:can not|unable to|could not) (?:pee|urinate|wee|pass urine|go to the toilet)",
            r"urinary retention|retention of urine|leaking urine|leak urine",
            rf"can not feel (?:when|if) {_gap(2)}(?:need|have) to (?:go|pee|wee)",
        ),
    ),
    Category(
        name="saddle_numbness",
        reason="numbness in the groin, buttocks or 'saddle' area",
        patterns=(
            rf"{NUMB} {_gap(4)}{SADDLE}",
            rf"{SADDLE} {_gap(3)}(?:is |are |feels? |has |have |gone |went |going |is going )*"
            rf"{NUMB}",
            r"saddle (?:numbness|anesthesia|anaesthesia)",
            rf"wip(?:e|ing) {_gap(6)}can not feel",
            rf"can not feel {_gap(4)}(?:when|while) (?:i )?wip(?:e|ing)",
        ),
    ),
    Category(
        name="leg_weakness",
        reason="sudden or worsening weakness in the legs",
        patterns=(
            rf"{LEG} {_gap(3)}(?:keeps? |kept )?(?:giving|gave|give) (?:way|out)",
            rf"{LEG} {_gap(3)}(?:keeps? |kept |are |is )?(?:buckling|buckled|buckle|collapsing)",
            rf"(?:sudden|suddenly|getting|progressive|worsening|worse) {_gap(3)}weak\w*"
            rf" {_gap(3)}{LEG}",
            rf"{LEG} {_gap(3)}(?:suddenly |are |is |getting |went |gone )*"
            rf"(?:weak|weaker|weakness)(?: and weaker)?"
            rf"(?= (?:all of a sudden|suddenly|every day|and weaker|by the day)| {_gap(2)}(?:can"
            r" not|hardly|barely) (?:walk|stand))",
            rf"{LEG} {_gap(3)}(?:getting|growing|becoming) (?:weaker|more weak)",
            rf"{LEG} {_gap(1)}(?:suddenly|all of a sudden) {_gap(2)}weak\w*",
            rf"(?:losing|lost|loss of) (?:all )?(?:the )?(?:strength|power) in {MY}{LEG}",
            rf"weak\w* in {MY}{LEG} {_gap(4)}(?:suddenly|all of a sudden|getting worse|worse)",
            r"foot drop|drop foot|(?:foot|feet|leg) (?:is |keeps |are )?dragging",
            rf"can not (?:lift|move|raise|feel) {MY}(?:leg|legs|foot|feet|toes)",
            r"(?:leg|legs) (?:is |are |went |has gone |have gone )?(?:paralysed|paralyzed|dead)",
            r"paralysed|paralyzed|paralysis",
            rf"(?:can not|could not|unable to) (?:walk|stand)(?: up)? {_gap(3)}{LEG}",
        ),
    ),
    Category(
        name="trauma",
        reason="back pain after a fall or an accident",
        patterns=(FALL,),
        needs_spine_pain=True,
    ),
    Category(
        name="infection",
        reason="back pain with a fever or chills",
        patterns=(FEVER,),
        needs_spine_pain=True,
    ),
    Category(
        name="cancer",
        reason="new back pain with a history of cancer or unexplained weight loss",
        patterns=(
            CANCER,
            rf"(?:lost|losing|lose|dropping|dropped|shedding) {_gap(3)}{WEIGHT} {_gap(2)}"
            rf"{UNEXPLAINED}",
            rf"{UNEXPLAINED} (?:weight loss|loss of weight|losing weight)",
            r"weight (?:is )?(?:dropping|falling off)",
        ),
        needs_spine_pain=True,
    ),
    Category(
        name="chest_pain",
        reason="chest pain or pressure",
        patterns=(
            rf"chest {_gap(2)}(?:{PAIN}|tight|tightness|pressure|crushing|heavy|heaviness|"
            r"squeezing|burning|is on fire)",
            rf"(?:{PAIN}|tightness|pressure|crushing|heaviness|squeezing|weight|elephant) "
            rf"{_gap(4)}(?:in|on|across|around|of|through) {MY}chest(?! of drawers)",
            r"heart attack|angina",
        ),
    ),
    Category(
        name="self_harm",
        reason="thoughts of suicide or self-harm",
        patterns=(
            r"suicide|suicidal",
            r"kill myself|harm myself|harming myself|end my life|ending my life|cutting myself",
            # "I hurt myself lifting a box" is an injury; intent makes it self-harm.
            r"(?:want|wanted|wanting|going|thinking|thoughts?|thought|urges?|plan|planning|"
            r"tempted|feel like) (?:to |of |about )?(?:hurt|hurting|harm|cut|cutting|kill|"
            r"killing|poison|poisoning) (?:myself|me)",
            r"(?:been|keep|kept|started|stop|began) (?:hurting|harming|cutting|burning) myself",
            r"self harm|take my (?:own )?life|end it all|ending it all|overdose",
            r"(?:do not|no longer|never) want to (?:live|be alive|be here|wake up|go on|exist)",
            r"(?:want|wanted|wish|wishing) (?:to|i (?:was|were|could)) (?:die|be dead|dead|not "
            r"wake up|disappear)",
            r"better off (?:without me|dead|if i (?:was|were) gone)",
            r"take all (?:of )?my (?:pills|tablets|meds|medication)",
            r"no reason to live|not worth living|can not go on",
        ),
    ),
)


def spine_pain_patterns() -> tuple[str, ...]:
    """Patterns for 'pain in the back, spine or neck', the context some categories need."""
    # "went back to work" is a direction, not a body part.
    verbs = ("went", "came", "come", "gone", "sent", "call", "look", "write", "wrote", "going")
    back = "".join(rf"(?<!{verb} )" for verb in verbs) + SPINE
    not_a_direction = r"(?! (?:to|home|then|again|when|in the day|and forth))"
    return (
        rf"{back}{not_a_direction} {_gap(3)}{PAIN}",
        rf"{PAIN} {_gap(3)}(?:in|of|on|down|across|through) {MY}{SPINE}",
        SPINE_PAIN_WORDS,
        rf"(?:threw|thrown|put) (?:out )?{MY}back(?: out)?|back (?:went|gone) out",
        rf"landed (?:hard )?on {MY}(?:back|spine|tailbone|coccyx)",
    )
