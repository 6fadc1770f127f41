"""Fixed reply texts of the answer engine. They never repeat the user's words.

Corpus topics come from article titles; nothing here names a particular condition.
"""

from __future__ import annotations

from collections.abc import Sequence

# More titles than this are summarised: a clinic with hundreds of articles gets a short list.
MAX_TOPICS_LISTED = 8

EMPTY_INDEX = (
    "The clinic's articles have not been loaded yet, so there is nothing to answer from. "
    "Run `assistant ingest` (or `make run`) to build the index from the corpus folder, "
    "then ask again."
)

NO_ANSWER_IN_PASSAGES = (
    "I found articles on related topics, but no passage that answers this question."
)

_ASK_A_CLINICIAN = (
    "For anything the articles do not cover, or about your own situation, please ask a doctor, "
    "physiotherapist or another qualified clinician."
)

PERSONAL_REQUEST = {
    "dose": (
        "I can't tell you how much of a medicine to take: a dose must be decided by a "
        "clinician - a doctor or pharmacist - who knows your health and your other medicines. "
        "Please ask them, and follow the label and their advice."
    ),
    "prescription": (
        "I can't recommend or prescribe a treatment for you: that has to be decided by a "
        "clinician who can examine you. Please ask your doctor or another qualified clinician."
    ),
    "diagnosis": (
        "I can't diagnose your symptoms: only a clinician who examines you can make a "
        "diagnosis. Please see a doctor or another qualified clinician about your symptoms."
    ),
}

GENERAL_INFO_LEAD = "What the clinic's articles say in general:"

NOT_COVERED = "I can only answer from the clinic's articles, and they don't cover this question."


def out_of_scope(topics: Sequence[str], lead: str = NOT_COVERED) -> str:
    """`lead` (default: the articles do not cover it), what they cover, and a clinician."""
    lines = [lead]
    if topics:
        lines.append("")
        lines.append("The articles cover:")
        lines.extend(f"- {title}" for title in topics[:MAX_TOPICS_LISTED])
        if len(topics) > MAX_TOPICS_LISTED:
            lines.append(f"- and {len(topics) - MAX_TOPICS_LISTED:,} more articles")
    lines.append("")
    lines.append(_ASK_A_CLINICIAN)
    return "\n".join(lines)


SERVICE_REQUEST = (
    "I can't help with prices, insurance, opening hours, appointments or where to buy "
    "products: the clinic's articles are about health, not about these. Please contact the "
    "clinic directly."
)


def service_request(topics: Sequence[str]) -> str:
    """For a question about the clinic as a business: contact the clinic, and the topics."""
    return out_of_scope(topics, lead=SERVICE_REQUEST)


def personal_request(kind: str) -> str:
    """The clinician-must-decide text for a "dose", "prescription" or "diagnosis" request."""
    return PERSONAL_REQUEST.get(kind, PERSONAL_REQUEST["diagnosis"])


def with_general_info(lead: str, cited_markdown: str) -> str:
    """A personal-request reply followed by the cited general information, when there is any."""
    if not cited_markdown:
        return f"{lead}\n\n{_ASK_A_CLINICIAN}"
    return f"{lead}\n\n{GENERAL_INFO_LEAD}\n\n{cited_markdown}"
