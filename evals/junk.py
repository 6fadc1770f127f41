"""Junk that must never reach a patient: spam and boilerplate seen in scraped clinic pages.

The list covers what the shipped seed pages carry (Korean board chrome, casino and Japanese
chiropractic spam, adverts and page disclaimers) plus generic web boilerplate; clinics whose
pages carry other junk add patterns here.
"""

from __future__ import annotations

import re

JUNK_PATTERNS: dict[str, re.Pattern[str]] = {
    "hangul": re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]"),
    "cjk/kana": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]"),
    "casino": re.compile(r"\bcasino", re.IGNORECASE),
    "ufabet": re.compile(r"ufabet", re.IGNORECASE),
    "lanthanum": re.compile(r"\blanthanum\b", re.IGNORECASE),
    "kokura": re.compile(r"\bkokura\b", re.IGNORECASE),
    "advert": re.compile(r"contact the best doctors|here we will help", re.IGNORECASE),
    "page disclaimer": re.compile(r"\*{0,2}disclaimer\s*-", re.IGNORECASE),
    "doctor-patient boilerplate": re.compile(r"doctor-patient relationship", re.IGNORECASE),
    "board chrome": re.compile(
        r"comment list|no comments have been|previous post|next post", re.IGNORECASE
    ),
    "web boilerplate": re.compile(
        r"all rights reserved|click here|subscribe to our newsletter|cookie policy",
        re.IGNORECASE,
    ),
}


def find_junk(text: str) -> list[str]:
    """Names of the junk patterns found in `text` (empty when clean)."""
    return [name for name, pattern in JUNK_PATTERNS.items() if pattern.search(text)]
