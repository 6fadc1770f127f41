"""`one_ahead`: the next window is embedded while this one is written, in order, and nothing
runs on after the writer stops (tests use plain generators in place of embedding)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from ingest.pipeline import one_ahead

WAIT_S = 10  # an upper bound for events that happen at once; never reached when it works


def test_the_next_item_is_made_while_the_caller_still_holds_this_one() -> None:
    second_begun = threading.Event()

    def items() -> Iterator[int]:
        yield 1
        second_begun.set()
        yield 2

    ahead = one_ahead(items(), {})
    assert next(ahead) == 1
    assert second_begun.wait(WAIT_S)  # begun before the caller asked for it
    assert list(ahead) == [2]


def test_items_come_in_order() -> None:
    assert list(one_ahead(iter(range(50)), {})) == list(range(50))


def test_an_error_while_making_an_item_is_raised_to_the_caller_after_the_items_before() -> None:
    def items() -> Iterator[int]:
        yield 1
        raise ValueError("the embedder failed on window 2")

    got: list[int] = []
    with pytest.raises(ValueError, match="window 2"):
        for item in one_ahead(items(), {}):
            got.append(item)
    assert got == [1]


def test_a_caller_that_stops_early_stops_the_worker_and_waits_for_it() -> None:
    made: list[int] = []
    closed = threading.Event()

    def items() -> Iterator[int]:
        try:
            for number in range(1000):
                made.append(number)
                yield number
        finally:
            closed.set()

    third_begun = threading.Event()

    def counted() -> Iterator[int]:
        for number in items():
            if number == 2:
                third_begun.set()
            yield number

    ahead = one_ahead(counted(), {})
    assert next(ahead) == 0
    assert third_begun.wait(WAIT_S)  # the worker has run as far ahead as it may
    ahead.close()  # as when a write fails: the writer stops reading
    assert closed.is_set()  # the worker has finished: nothing runs on
    assert len(made) <= 3  # the one handed over, one waiting, one being made
