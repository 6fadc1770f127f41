"""What a message must mention before some categories can apply, by their clinical definition.

"Back pain with a red flag" needs a red flag (fever, cancer, injected drugs, weight loss, a
recent spinal procedure...); a spinal injury needs an injury; "a diabetic foot" needs diabetes;
a kidney infection or a hot joint needs fever or its own signs. Ordinary back pain, a sore foot
or a stiff knee are among the most common messages a clinic gets, and a word model that has
only seen them in emergencies learns to fear the symptom itself; these preconditions stop
that. They are kept to the musculoskeletal categories where that happens: a child's or a
pregnancy's warning signs are written in too many ways to list what they must mention. They
only remove categories: the model's probability for a category whose precondition is absent
is taken as "none". Categories without an entry have no precondition. Patterns are regular
expressions over the canonical word stream.
"""

from __future__ import annotations

import re

_FEVER = (
    r"fever\w*|temperature|temp|high temp|chills|shiver\w*|shaking|rigors|sweat\w*|hot and cold|"
    r"burning up|flu|flu like|3[89](?:\.\d)?|10[0-4](?:\.\d)?"
)

PRECONDITIONS: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")
    for name, pattern in {
        "back_pain_red_flags": (
            rf"{_FEVER}|cancer|chemo\w*|radiotherapy|tumou?rs?|metasta\w*|oncolog\w*|lymphoma|"
            r"myeloma|leuka?emia|inject\w*|heroin|drugs?|iv|needles?|steroids?|prednisolone|"
            r"immun\w*|hiv|transplant|weight|stone|kg|kilos?|pounds|lbs|surgery|operation|"
            r"post op|epidural|procedure|lumbar "
            r"puncture|infection|tb|tuberculosis|osteoporosis|at night|night|abscess|"
            r"antibiotics|dialysis|spinal (?:injection|tap)"
        ),
        "cauda_equina": (
            r"bladder|bowels?|pee\w*|wee\w*|urin\w*|toilet|wet|incontinen\w*|poo\w*|numb\w*|"
            r"saddle|groin|genitals?|privates?|private|perine\w*|anus|bum|buttocks?|bottom|"
            r"wip\w*|tingl\w*|feel\w*|sensation|leak\w*|accident|pants|erection|sex\w*"
        ),
        "spinal_injury": (
            r"fell|fall\w*|slip\w*|tripped|trip|crash\w*|accident|hit|landed|thrown|knocked|"
            r"tackle\w*|dived|dive|diving|injur\w*|whiplash|rear ended|collision|blow|kicked|"
            r"struck|impact|trampoline|rugby|football|horse|bike|motorbike|ladder|stairs|car|"
            r"roof|jump\w*|slid|game|match|wrestl\w*|tackled|okada|dove|shallow|pool|tree|"
            r"bed|floor|ice|skiing|snowboard\w*|gym|lifting|weights"
        ),
        "kidney_infection": (
            rf"{_FEVER}|burn\w*|sting\w*|uti|urine|pee\w*|wee\w*|kidney\w*|flank|side|loin|"
            r"vomit\w*|sick|throwing up|threw up|nause\w*|cystitis|water infection"
        ),
        "hot_joint": rf"{_FEVER}|unwell|poorly|ill",
        "diabetic_foot": (
            r"diabet\w*|sugar\w*|insulin|metformin|type 1|type 2|type one|type two|t1|t2|t1d|"
            r"t2d|glucose|neuropath\w*|hba1c|gliclazide"
        ),
    }.items()
}


def allowed(category: str, canonical_text: str) -> bool:
    """Whether a message (its canonical text) mentions what `category` needs, if anything."""
    pattern = PRECONDITIONS.get(category)
    return pattern is None or pattern.search(canonical_text) is not None
