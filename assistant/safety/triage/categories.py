"""The triage taxonomy: every category of situation that needs care now, and its level.

Levels: `emergency` (call the emergency number or go to the emergency department now),
`same_day` (see a clinician today), `crisis` (suicidal thoughts or self-harm: crisis line),
`poison` (overdose or poisoning: poison line), and `none`. The categories are general
emergencies, whatever the clinic's articles are about; each has a plain-words `reason` that
replies may show (it never quotes the message). The label definitions the training data and
the held-out batches were written to are in `training/LABELS.md`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["emergency", "same_day", "crisis", "poison", "none"]
URGENT_LEVELS: tuple[Level, ...] = ("emergency", "same_day", "crisis", "poison")


@dataclass(frozen=True)
class Category:
    """A kind of situation that needs care now: its id, its level and why, in plain words."""

    name: str
    level: Level
    reason: str


CATEGORIES: tuple[Category, ...] = (
    Category("stroke", "emergency", "possible signs of a stroke"),
    Category("sudden_headache", "emergency", "a sudden, severe headache"),
    Category("seizure", "emergency", "a seizure"),
    Category("collapse", "emergency", "someone who has collapsed or cannot be woken"),
    Category("fainting", "emergency", "fainting or blacking out"),
    Category("chest_pain", "emergency", "chest pain or pressure"),
    Category("breathing", "emergency", "serious difficulty breathing"),
    Category("coughing_blood", "emergency", "coughing up blood"),
    Category("clot", "emergency", "a swollen, painful leg with breathlessness or chest pain"),
    Category("aorta", "emergency", "sudden tearing pain in the back, chest or belly"),
    Category(
        "cauda_equina",
        "emergency",
        "back pain with new bladder or bowel problems or numbness in the saddle area",
    ),
    Category("leg_weakness", "emergency", "new or worsening weakness in the legs"),
    Category("spinal_injury", "emergency", "a possible neck or back injury"),
    Category("cold_limb", "emergency", "a cold, pale or blue hand, foot, arm or leg"),
    Category(
        "compartment", "emergency", "swelling and worsening pain after an injury or under a cast"
    ),
    Category("diabetic_foot", "same_day", "a foot wound or infection with diabetes"),
    Category("hot_joint", "emergency", "a hot, swollen, painful joint with fever"),
    Category("sepsis", "emergency", "possible signs of sepsis"),
    Category("kidney_infection", "same_day", "possible signs of a kidney infection"),
    Category("anaphylaxis", "emergency", "a possible severe allergic reaction"),
    Category("bleeding", "emergency", "heavy bleeding or bleeding from the gut"),
    Category("pregnancy", "emergency", "a warning sign in pregnancy"),
    Category("child_red_flags", "emergency", "warning signs in a baby or child"),
    Category("back_pain_red_flags", "same_day", "back pain with a warning sign"),
    Category("suicide_self_harm", "crisis", "thoughts of suicide or self-harm"),
    Category("overdose_poisoning", "poison", "a possible overdose or poisoning"),
)

BY_NAME: dict[str, Category] = {category.name: category for category in CATEGORIES}


def level_of(category: str | None) -> Level:
    """The level of a category id; `none` for None or an unknown id."""
    found = BY_NAME.get(category or "")
    return found.level if found else "none"
