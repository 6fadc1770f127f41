"""Emergency triage, checked before any retrieval: does a message need care now?

    triager = build_triager(dimension)        # loads model.npz, checks it is not stale
    result = triage_conversation(triager, question, history, vector, was_urgent)

`categories` holds the taxonomy and levels, `context` the clinical context of a mention
(negated, historical, hypothetical, general), `rules` the must-fire floor, `model` the learned
detector (word n-grams + the question's MiniLM embedding), `detector` their combination,
`conversation` the rules across turns, `train` how the model is rebuilt from `training/`.
"""

from assistant.safety.triage.categories import CATEGORIES, URGENT_LEVELS, Level
from assistant.safety.triage.conversation import triage_conversation
from assistant.safety.triage.detector import NOT_URGENT, Triager, TriageResult
from assistant.safety.triage.model import load_model

__all__ = [
    "CATEGORIES",
    "NOT_URGENT",
    "URGENT_LEVELS",
    "Level",
    "TriageResult",
    "Triager",
    "build_triager",
    "triage_conversation",
]


def build_triager(dimension: int | None = None, *, use_embedding: bool = True) -> Triager:
    """The triager over the committed model; UserError when the model is stale or missing,
    or (given `dimension`) was trained on embeddings of another size."""
    return Triager(load_model(dimension=dimension), use_embedding=use_embedding)
