"""Emergency triage, checked before any retrieval: does a message need care now?

`triage(message)` and `triage_conversation(question, history)` return an `UrgentMatch` or
None; the rules and their vocabulary are in `rules` and `vocab`, the detector in `detector`.
"""

from assistant.safety.triage.detector import (
    PRIORITY,
    UrgentMatch,
    is_general_question,
    triage,
    triage_conversation,
)

__all__ = ["PRIORITY", "UrgentMatch", "is_general_question", "triage", "triage_conversation"]
