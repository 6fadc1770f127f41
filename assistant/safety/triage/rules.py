"""The urgent-symptom rules: one readable table, one entry per category.

Each rule is a regular expression over the canonical word stream of `triage_text` (lower case,
contractions expanded, key terms spell-corrected, words joined by single spaces, punctuation as
separate tokens), or a tuple of expressions that must *all* match somewhere in the message
("legs are weak" and "can barely walk"). The vocabulary they are built from, and `gap(n)` (up
to n words in between, never across a negation), are in `triage_vocab`.

A category marked `needs_spine_pain` only fires when the message also mentions (un-negated) pain
in the back, spine or neck: a fall or a fever alone is not what this clinic triages, a fall
*with* back pain is.

To add a phrasing: add it to a rule here (or a word to `triage_vocab`), add a case to
`evals/datasets/triage_tuning.jsonl`, run
`python benchmarks/bench_triage.py --only tuning --show-misses`.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.safety.triage.vocab import (
    BUCKLE,
    CAN_NOT,
    CANCER,
    CHEST,
    CHEST_FEELING,
    FALL,
    FEVER,
    LEG,
    LOSE,
    MY,
    NUMB,
    PAIN,
    SADDLE,
    SPINE,
    SPINE_PAIN_WORDS,
    SUDDEN_OR_WORSE,
    TOILET,
    TOILET_LOSS,
    TOILET_WORD,
    UNEXPLAINED,
    UNNOTICED,
    WEAK,
    WEIGHT_LOSS,
    WEIGHT_LOSS_UNINTENDED,
    WETTING,
    gap,
)

Rule = str | tuple[str, ...]
SELF = "(?:myself|himself|herself|themselves)"


@dataclass(frozen=True)
class Category:
    """An urgent category: its identifier, why it is urgent (plain words), its rules."""

    name: str
    reason: str
    rules: tuple[Rule, ...]
    needs_spine_pain: bool = False


CATEGORIES: tuple[Category, ...] = (
    Category(
        name="bladder_bowel",
        reason="new loss of bladder or bowel control",
        rules=(
            rf"(?:{LOSE} (?:the )?(?:control )?|no control )(?:of |over )?{MY}{TOILET}",
            rf"{CAN_NOT} (?:hold|stop|control) {gap(2)}{TOILET}",
            rf"{CAN_NOT} (?:stop|help) {WETTING} myself",
            rf"(?:problems?|trouble|difficulty|struggling) (?:controlling|holding) {MY}{TOILET}",
            rf"{TOILET} control {gap(2)}(?:gone|lost|went|is going|failing|poor|bad|weak|worse)",
            rf"(?:no|zero|little|poor|lack of|losing) {TOILET} control",
            r"incontinence|incontinent",
            # A toilet word close to a loss word, in either order, in one clause.
            rf"{TOILET_WORD} {gap(6)}{TOILET_LOSS}|{TOILET_LOSS} {gap(6)}{TOILET_WORD}",
            r"keep leaking|leaking all the time",
            r"can not (?:control|stop|start) (?:the |my )?(?:flow|stream)",
            rf"{TOILET_WORD} {gap(4)}but (?:i )?(?:can not|could not) (?:feel|go|push|get it out)",
            rf"{WETTING} (?:myself|himself|herself|themselves|the bed|{MY}(?:pants|sheets|bed))",
            (
                rf"{WETTING}|leak\w*|(?:pants|underwear|trousers|bed|sheets) {gap(2)}"
                r"(?:soaked|wet)",
                UNNOTICED,
            ),
            r"(?:keep|keeps|kept) (?:having|getting) accidents|(?:bowel|bladder|toilet) accidents?",
            rf"{CAN_NOT} (?:empty|emptying|pass|passing) {MY}(?:bladder|bowels?|urine|water)",
            rf"{TOILET} {gap(2)}(?:let go|gave way|gave out|failed|emptied)",
            (
                rf"need\w* to (?:go|pee|wee|urinate)|{TOILET_WORD}",
                r"nothing (?:comes|is coming|came|will come) out|nothing happens",
            ),
            r"(?:did not|do not|can not) (?:even )?(?:know|tell|feel|notice) (?:when |that |if )?"
            r"(?:i )?(?:need|needed|have|had) to (?:go|pee|wee|poo)",
            r"accident in (?:my|his|her) (?:pants|underwear|trousers)",
            rf"{CAN_NOT} (?:pee|urinate|wee|pass urine|go to the toilet)",
            r"urinary retention|retention of urine|leaking urine|leak urine",
            rf"can not (?:feel|tell|sense) (?:when|if) {gap(2)}(?:need|have) to (?:go|pee|wee)",
        ),
    ),
    Category(
        name="saddle_numbness",
        reason="numbness in the groin, buttocks or 'saddle' area",
        rules=(
            rf"{NUMB} {gap(7)}{SADDLE}",
            rf"{SADDLE} {gap(3)}(?:, )?(?:it |they )?(?:is |are |feels? |has |have |gone |went |"
            rf"going |is going )*{NUMB}",
            rf"(?:sensation|feeling) {gap(2)}{SADDLE} {gap(2)}(?:changed|gone|reduced|different|"
            r"strange|weird)",
            (NUMB, r"saddle|(?:where|that) (?:you|i|we) sits?"),
            r"saddle (?:numbness|anesthesia|anaesthesia)",
            rf"wip(?:e|ing) {gap(6)}can not feel|{NUMB} {gap(3)}wip(?:e|ing)",
            rf"can not feel {gap(2)}(?:toilet )?(?:seat|paper|tissue)",
            rf"{SADDLE} {gap(3)}(?:like it is |is |are |has )?(?:asleep|fallen asleep)",
            rf"can not feel {gap(4)}(?:when|while) (?:i )?wip(?:e|ing)",
        ),
    ),
    Category(
        name="leg_weakness",
        reason="sudden or worsening weakness in the legs",
        rules=(
            rf"{LEG} {gap(3)}(?:keeps? |kept )?(?:giving|gave|give) (?:way|out)",
            rf"{LEG} {gap(5)}(?:, )?(?:they |it )?(?:just )?{BUCKLE}",
            rf"{LEG} {gap(2)}(?:went|gone|go|going|goes) (?:out )?(?:from )?under",
            rf"{CAN_NOT} (?:put|bear|take) (?:any )?weight (?:on|through) {MY}legs?",
            rf"{LEG} {gap(2)}(?:will not|can not|does not|do not|would not) (?:hold|take|support|"
            r"bear) (?:up|me|him|her|\w+ weight)",
            r"(?:foot|feet) (?:flops?|flopping|slaps?|slapping|is floppy)|floppy (?:foot|feet)",
            rf"(?:lost|losing|loss of) (?:the )?(?:use|control|strength|power) (?:of|in) {MY}{LEG}",
            rf"{LEG} {gap(2)}(?:stopped|stops|not) working",
            rf"{LEG} {gap(2)}(?:will not|would not|do not|does not|can not) (?:work|move|respond|"
            r"carry me|lift|hold me)",
            rf"{LEG} {gap(2)}(?:stopped|stop|not) (?:holding|supporting|carrying) (?:me|him|her)",
            rf"{LEG} (?:strength|power) {gap(2)}(?:going|gone|fading|disappearing|went)",
            rf"dragg\w* {MY}{LEG}",
            (rf"{LEG} {gap(4)}{WEAK}|{WEAK} {gap(2)}(?:in |of )?{MY}{LEG}", SUDDEN_OR_WORSE),
            rf"{LEG} {gap(3)}(?:getting|growing|becoming) (?:weaker|more weak)",
            rf"(?:losing|lost|loss of) (?:all )?(?:the )?(?:strength|power) in {MY}{LEG}",
            r"foot drop|drop foot|(?:foot|feet|leg) (?:is |keeps |are )?dragging",
            rf"{CAN_NOT} (?:lift|move|raise|feel) {MY}(?:leg|legs|foot|feet|toes)",
            r"(?:leg|legs) (?:is |are |went |has gone |have gone )?(?:paralysed|paralyzed|dead)",
            r"paralysed|paralyzed|paralysis",
            rf"{CAN_NOT} (?:walk|stand)(?: up)? {gap(3)}{LEG}",
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
            rf"{CHEST} {gap(5)}{CHEST_FEELING}",
            rf"(?:{CHEST_FEELING}|weight|elephant) {gap(4)}(?:in|on|across|around|of|through|"
            rf"from|behind) {MY}{CHEST}",
            rf"(?:sitting|sat|pressing|pushing|standing|band|vice|vise) (?:on|around|across) {MY}"
            rf"{CHEST}",
            rf"(?:clutching|clutched|holding|held|grabbing|grabbed|gripping) {MY}{CHEST}",
            rf"heart attack|angina|heart {gap(1)}{PAIN}",
        ),
    ),
    Category(
        name="self_harm",
        reason="thoughts of suicide or self-harm",
        rules=(
            # Sports drills are called "suicides"; nothing else here is ambiguous.
            r"suicidal|suicide(?! (?:drills?|sprints?|runs?|squeeze|lines?|doors?))",
            rf"(?:kill|hang|drown|shoot|poison) {SELF}|harm {SELF}|harming {SELF}|cutting {SELF}|"
            rf"burning {SELF}",
            r"(?:think|thinking|thoughts?|thought) (?:about|of) "
            r"(?:dying|death|suicide|killing|ending)",
            r"(?:nobody|no one|noone) (?:would|will) (?:miss|care|notice) (?:me|if i)",
            r"(?:sleep|asleep) forever|never wake up",
            r"(?:take|taking|took|end|ending|ended) (?:my|his|her|their) (?:own )?life",
            r"(?:plan|plans|planning|want|wants|wanting|trying) to "
            r"(?:die(?! (?:my|her|his|your|the) hair)|end it|be dead)",
            r"do not think i can (?:keep|go on|carry on|cope)",
            r"(?:go to sleep|fall asleep) and never wake up|never wake up again",
            r"i am not safe|do not feel safe (?:with|around) myself",
            r"(?:keep|go on|carry on) living like this",
            # "I hurt myself lifting a box" is an injury; intent makes it self-harm.
            r"(?:want|wanted|wanting|going|thinking|thoughts?|thought|urges?|plan|planning|"
            r"tempted|feel like) (?:to |of |about )?(?:hurt|hurting|harm|cut|cutting|kill|"
            r"killing|poison|poisoning) (?:myself|me)",
            r"(?:been|keep|kept|started|stop|began) (?:hurting|harming|cutting|burning) myself",
            r"self harm\w*|overdos\w*",
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
            r"(?:do not|no longer|never) want to (?:live(?! with)|be alive|be here|wake up|go on|"
            r"exist)",
            r"(?:done|finished|through) with (?:life|living|it all|everything)",
            r"(?:want|wish|need) (?:it all|everything|my life|life|things) to (?:end|stop|be over)",
            r"goodbye (?:letters?|notes?)|suicide notes?",
            r"(?:wrote|written|writing|left) (?:a )?(?:note|letters?) (?:to|for) (?:my )?"
            r"(?:family|kids|children|wife|husband|partner|parents)",
            r"(?:might|will|am going to|about to) (?:hurt|harm|cut|kill) myself"
            r"(?! (?:doing|if|with|by|when|lifting|exercising|trying|on|in))",
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
        rf"{back}{not_a_direction} {gap(4)}{PAIN}",
        rf"{PAIN} {gap(3)}(?:in|of|on|down|across|through) {MY}{SPINE}",
        rf"(?:sore|painful|aching|achy|bad|hurting|injured|tender|stiff|agonising) {SPINE}",
        rf"{SPINE} (?:is|has been|was|feels|got|went) (?:really |very |so )?bad",
        rf"(?:hurt|injured|wrenched|twisted|strained|pulled|tweaked|jarred|damaged|bruised) {MY}"
        rf"{SPINE}",
        rf"(?:complain\w*|moaning|problems?|trouble|issues?) (?:about|of|with) {MY}{SPINE}",
        SPINE_PAIN_WORDS,
        rf"(?:threw|thrown|put) (?:out )?{MY}back(?: out)?|back (?:went|gone) out",
        rf"(?:landed (?:hard )?on|hit (?:in|on)) {MY}(?:back|spine|tailbone|coccyx|neck)",
    )
