"""The collector's settings for a long-running bot (bot/heap.py)."""

import gc
from collections.abc import Iterator

import pytest

from bot import heap


@pytest.fixture
def restored() -> Iterator[None]:
    """The test process's collector as it was: nothing it loads stays frozen."""
    threshold = gc.get_threshold()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_what_is_loaded_is_frozen_and_young_objects_are_collected_less_often(
        restored: None) -> None:
    loaded: list[int] = []
    heap.settle()
    assert gc.get_freeze_count() > 0
    assert not any(seen is loaded for seen in gc.get_objects())  # out of the walk
    assert gc.get_threshold()[0] == heap.YOUNG


def test_a_cycle_made_after_is_still_collected(restored: None) -> None:
    heap.settle()
    collected: list[str] = []

    class Node:
        def __init__(self) -> None:
            self.other: Node | None = None

        def __del__(self) -> None:
            collected.append("node")

    first, second = Node(), Node()
    first.other, second.other = second, first
    del first, second
    gc.collect()
    assert collected == ["node", "node"]
