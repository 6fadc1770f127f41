"""Whole thoughts: does a sentence need the one before it to be understood?

"This disrupts the natural curve of your lower spine." or "Conversely, if your feet outwardly
rotate ..." lean on the sentence before; so does "The kinetic chain is known.", which names a
subject but says nothing a reader could use without the sentence that explains it. The
composer quotes such a sentence together with the one before it. Plain English rules: an
opening that refers back or continues an argument, an instruction whose object refers back
("Keep this position for three seconds"), or a sentence too short to stand alone.
"""

from __future__ import annotations

import re

from assistant.text import tokenize

# Openings that point back at something already said.
_REFERS_BACK = re.compile(
    r"^\W*(this|it|its|it's|these|they|their|them|that|those|such|both|each|either|neither|"
    r"he|she|his|her|here|the latter|the former|the same|another|other|others|which)\b",
    re.IGNORECASE,
)
# Openings that continue an argument begun in the sentence before.
_CONTINUES = re.compile(
    r"^\W*(however|but|and|also|conversely|therefore|thus|hence|so|then|instead|otherwise|"
    r"similarly|likewise|additionally|moreover|furthermore|still|yet|again|meanwhile|"
    r"in addition|as a result|for example|for instance|in this case|in that case|in turn|"
    r"on the other hand|because of this|even so|in other words|as well|too)\b",
    re.IGNORECASE,
)
# An instruction whose object points back: "Keep this position ...", "Repeat it ten times."
_INSTRUCTION_REFERS_BACK = re.compile(
    r"^\W*(?:keep|hold|repeat|do|maintain|stay in|return to|release|continue) (?:this|that|these|"
    r"those|it|them|the same)\b",
    re.IGNORECASE,
)
# A sentence with this few content words says too little to be quoted alone
# ("The kinetic chain is known.": kinetic, chain, known).
MAX_DEPENDENT_WORDS = 3


def depends_on_previous(sentence: str) -> bool:
    """True when `sentence` must be quoted with the sentence before it to make sense."""
    if any(p.match(sentence) for p in (_REFERS_BACK, _CONTINUES, _INSTRUCTION_REFERS_BACK)):
        return True
    if sentence.rstrip().endswith(("?", ":")):
        return False
    return len(tokenize(sentence)) <= MAX_DEPENDENT_WORDS
