"""The canonical word stream the safety checks read: Unicode folded, text-speak expanded,
key terms spell-corrected within bounds."""

from __future__ import annotations

import pytest

from assistant.safety.normalise import canonical_words, correct_spelling, edit_distance, fold


def words(message: str) -> str:
    return " ".join(word.text for word in canonical_words(message))


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("can't control my bl\u0430dder", "can't control my bladder"),  # Cyrillic a
        ("\u0441hest pain", "chest pain"),  # Cyrillic es
        ("ch\u03b5st pain", "chest pain"),  # Greek epsilon
        ("ch\u00e9st p\u00e1in", "chest pain"),  # accents
        ("chest\u200b pa\u200din", "chest pain"),  # zero-width space and joiner
        ("CHEST PAIN", "chest pain"),
        ("it\u2019s", "it's"),  # curly apostrophe
        ("\uff43\uff48\uff45\uff53\uff54", "chest"),  # full-width letters
    ],
)
def test_fold_undoes_what_keyboards_and_copy_paste_do(typed: str, folded: str) -> None:
    assert fold(typed) == folded


def test_words_wholly_in_another_script_are_left_alone() -> None:
    # A Russian sentence is Russian, not a string of look-alike Latin letters.
    assert fold(
        "\u042f \u043d\u0435 \u043c\u043e\u0433\u0443 \u0434\u044b\u0448\u0430\u0442\u044c"
    ) == ("\u044f \u043d\u0435 \u043c\u043e\u0433\u0443 \u0434\u044b\u0448\u0430\u0442\u044c")


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("u ok? cant breth rn", "you ok ? can not breath right now"),
        ("I can\u2019t feel my bladdder", "i can not feel my bladder"),
        ("dont wanna be here", "do not want to be here"),
        ("my 2 yo has a temp", "my 2 year old has a temp"),
        ("pls help, my bf collapsed", "please help , my boyfriend collapsed"),
    ],
)
def test_text_speak_and_contractions_are_expanded(typed: str, canonical: str) -> None:
    assert words(typed) == canonical


def test_the_users_own_spelling_is_kept_for_each_word() -> None:
    found = canonical_words("I can\u2019t feel my bladdder")
    assert found[-1].text == "bladder" and found[-1].original == "bladdder"


def test_spelling_correction_is_bounded() -> None:
    assert correct_spelling("bladdder") == "bladder"
    assert correct_spelling("numbnes") == "numbness"
    assert correct_spelling("pian") == "pain"
    assert correct_spelling("siezure") == "seizure"
    assert correct_spelling("unconcious") == "unconscious"
    # Real words next to a key term stay themselves.
    for word in ("never", "ladder", "bowl", "paid", "crest", "crushed", "heading", "swallow"):
        assert correct_spelling(word) == word


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    assert edit_distance("pian", "pain") == 1
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3
