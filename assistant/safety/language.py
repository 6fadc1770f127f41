"""Is a question in English? A small offline heuristic: which script, then which stopwords.

The articles are English, so a question in another language gets a polite note instead of a
poor answer. It must not false-alarm on English with a foreign word ("is a tatami mat ok for my
back?") or on typo-heavy English, so it only speaks up when the evidence is clear: mostly
non-Latin letters, or several function words of another language and few English ones.
"""

from __future__ import annotations

import re
import unicodedata

LANGUAGE_MESSAGE = (
    "The articles are in English; please ask your question in English, and I'll answer from them."
)


def _words(text: str) -> frozenset[str]:
    """A word list written as prose, one space-separated string, easier to read and extend."""
    return frozenset(text.split())


_ENGLISH = _words(
    """
    a an the and or but if of to in on at by for with from about into over after before is are
    was were be been being am do does did have has had i me my you your he she it its we our
    they them their this that these those what which who whom why how when where can could
    should would will shall may might must not no yes so than too very just also any some all
    there here up down out off again more most much many other only own same such both each few
    help pain back feet foot shoes hurt hurts
    """
)
# Foreign function words that are also English words ("die", "pie", "van"): no evidence.
_ALSO_ENGLISH = _words(
    "die pie pies sin pour plus dos van rug as o os den er ma ho con lo bin hat um son"
)
# Function words (and a few health words) of other languages this clinic's patients may use;
# none is an English word.
_FOREIGN = (
    _words(
        """
    el la los las del al y o pero por para con sin que qué es son está estoy tengo tiene mi mis
    mí su sus como cómo cuándo dónde porque muy más una uno unos unas le les se lo duele dolor
    espalda pies pie zapatos ejercicios
    le la les des du de et ou mais pour avec sans est sont suis j'ai ai je tu il elle nous vous
    mon ma mes ton ta ses ce cette qui quoi comment pourquoi quand où très plus une un dans sur
    douleur dos pieds chaussures au aux
    der die das den dem des und oder aber für mit ohne ist sind bin habe hat ich du er sie wir
    ihr mein meine dein wie warum wann wo sehr mehr ein eine einen nicht auch zu im auf bei
    rücken rückenschmerzen schmerzen füße schuhe tut weh
    o os as um uma com sem não é são estou tenho meu minha como porque dor costas pés sapatos nas
    il lo gli di da che sono ho mio mia perché molto più dolore schiena piedi scarpe
    het een en van ik je mijn niet zijn heb pijn rug voeten schoenen rugpijn
    """
    )
    - _ENGLISH
    - _ALSO_ENGLISH
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def detect_language_problem(question: str) -> str | None:
    """A polite note if the question is clearly not in English, else None.

    Clearly not English means: most letters outside the Latin script; or at least two function
    words of another language outnumbering the English ones two to one; or many accented letters
    and fewer than two English function words. Short or ambiguous questions get the benefit of
    the doubt (None).
    """
    letters = [char for char in question if char.isalpha()]
    if not letters:
        return None
    non_latin = sum(1 for char in letters if not unicodedata.name(char, "").startswith("LATIN"))
    if non_latin > len(letters) / 2:
        return LANGUAGE_MESSAGE
    words = [word.lower() for word in _WORD.findall(question)]
    english = sum(1 for word in words if word in _ENGLISH)
    foreign = sum(1 for word in words if word in _FOREIGN)
    if foreign >= 2 and foreign > 2 * english:
        return LANGUAGE_MESSAGE
    # Polish, Turkish, Vietnamese...: Latin letters with many accents and almost no English.
    accented = sum(1 for char in letters if ord(char) > 127)
    if accented >= 3 and (english == 0 or (accented >= 0.1 * len(letters) and english < 2)):
        return LANGUAGE_MESSAGE
    return None
