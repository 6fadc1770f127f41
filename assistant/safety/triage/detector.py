"""One message's triage: the rule floor and the learned model, combined.

`Triager.assess(message, vector)` returns a `TriageResult`: the level and category when the
message describes a situation that needs care now, else level `none` - with `safety_net` set
when it still reports a current, severe or worsening symptom (the reply then carries a
one-line pointer to emergency care). The decision:

1. The rule floor (`rules`): a must-fire phrase in a current, literal mention decides when
   the model's score reaches the category's `RULE_SUPPORT` (none for spinal trauma, almost
   none for suicidal intent and poisoning, some risk for the rest). A message with
   fewer than `MIN_CONTENT_WORDS` content words is read by the rules only: the model has
   nothing to go on there.
2. Otherwise the model (`model`): urgent when P(urgent) reaches its stored threshold, chosen by
   cross-validation across writers; the category is its most likely urgent class.

Never raises on any string; never echoes the message (only the plain-words category reason).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.safety.triage.categories import BY_NAME, Level, level_of
from assistant.safety.triage.context import Context
from assistant.safety.triage.model import TriageModel
from assistant.safety.triage.rules import rule_matches
from assistant.text import tokenize

# Rule categories that decide on their own: a crisis or a poisoning must never wait on a score.
# The model's P(urgent) a rule floor match needs before it decides, per category: a crisis or a
# poisoning needs the model only not to be all but sure it is a look-alike (measured across
# writers, 0.1 kept every rescued emergency and a third fewer false alarms); spinal trauma
# with back or neck pain needs nothing more (its rule raised no false alarm in the training
# look-alikes); the other categories need some risk seen by the model, which keeps out figures
# of speech the rules cannot list.
RULE_SUPPORT = {"suicide_self_harm": 0.1, "overdose_poisoning": 0.1, "spinal_injury": 0.0}
DEFAULT_RULE_SUPPORT = 0.2
# The model needs some words to read: a message with fewer content words ("and?", "thanks")
# is left to the rule floor (and, in a conversation, to the pair with the message before it).
MIN_CONTENT_WORDS = 2
SAFETY_NET = 0.3  # below the threshold but above this: the reply carries the emergency line
_SEVERE_NOW = re.compile(
    r"\b(?:severe|severely|worst|unbearable|excruciating|agony|getting worse|worse and worse|"
    r"worsening|spreading|can not (?:walk|stand|move|breathe|see|speak|stop)|really bad|so bad|"
    r"very bad|terrible|passed out|blacked out|fainted|collapsed|blood)\b"
)


@dataclass(frozen=True)
class TriageResult:
    """What triage decided for one message (or a pair of messages read together)."""

    level: Level = "none"
    category: str | None = None
    reason: str = ""
    source: str = ""  # "rule" or "model" when urgent
    score: float = 0.0  # the model's P(urgent)
    safety_net: bool = False

    @property
    def urgent(self) -> bool:
        return self.level != "none"


NOT_URGENT = TriageResult()


class Triager:
    """The rule floor and the model over one stored `TriageModel`.

    `use_embedding=False` reads words only (the factory sets it when the embedder in use is
    not the model the stored head was trained on, which only test fakes are).
    """

    def __init__(self, model: TriageModel, *, use_embedding: bool = True) -> None:
        self.model = model
        self.use_embedding = use_embedding

    def assess(
        self, message: str, vector: np.ndarray | None = None, *, rules_only: bool = False
    ) -> TriageResult:
        """Triage one message; `vector` is its embedding (None: the word head only).

        `rules_only` is for a message not in English: the model was trained on English and
        its score means nothing there, so only the rule floor may decide (the engine then
        gives the emergency line in any case).
        """
        context = Context(message)
        if rules_only or len(tokenize(context.text)) < MIN_CONTENT_WORDS:
            found = rule_matches(context)
            return _urgent(found[0][0].category, "rule", 1.0) if found else NOT_URGENT
        prediction = self.model.predict(message, vector if self.use_embedding else None)
        score = prediction.urgent
        for rule, _ in rule_matches(context):
            if score >= RULE_SUPPORT.get(rule.category, DEFAULT_RULE_SUPPORT):
                return _urgent(rule.category, "rule", score)
        if score >= self.model.threshold and not context.general_question:
            return _urgent(prediction.category, "model", score)
        severe = _SEVERE_NOW.search(context.text) is not None
        net = not context.general_question and (score >= SAFETY_NET or (severe and score >= 0.1))
        return TriageResult(score=score, safety_net=net)


def _urgent(category: str, source: str, score: float) -> TriageResult:
    return TriageResult(
        level=level_of(category),
        category=category,
        reason=BY_NAME[category].reason,
        source=source,
        score=score,
    )
