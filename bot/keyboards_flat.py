"""Inline keyboards of callback buttons, kept as (label, callback data) pairs.

A session card goes out with eight buttons, and a reminder fan-out sends thousands of cards:
PTB's InlineKeyboardButton objects (validated, frozen, serialised attribute by attribute)
cost more than the rest of the card. `Callbacks` is an InlineKeyboardMarkup that keeps its
buttons as plain pairs and serialises them straight to the dict PTB sends
(telegram/request/_requestparameter.py calls `to_dict()` on a TelegramObject), the same
dict, key for key, as the PTB buttons give. Its `inline_keyboard`, equality and repr are
PTB's own: the buttons are built the first time anything asks for them.
"""

from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardMarkup

Row = Sequence[tuple[str, str]]  # (label, callback data) per button
BUILT_ON_DEMAND = frozenset({"inline_keyboard", "_id_attrs", "_frozen", "_bot", "api_kwargs"})


def button(text: str, callback_data: str) -> tuple[str, str]:
    """One callback button (spelt as PTB's, so tests/bot/test_button_fuzz.py finds its data)."""
    return text, callback_data


class Callbacks(InlineKeyboardMarkup):
    """An inline keyboard of callback buttons: rows of (label, callback data)."""

    __slots__ = ("_rows",)

    def __init__(self, rows: Sequence[Row]) -> None:
        # InlineKeyboardMarkup.__init__ runs only when PTB's buttons are asked for (__getattr__)
        self._rows = rows

    def __getattr__(self, name: str) -> Any:
        """PTB's attributes, once something reads them: the markup as PTB builds it."""
        if name not in BUILT_ON_DEMAND:
            raise AttributeError(name)
        sent = InlineKeyboardMarkup.de_json(self.to_dict(), None)  # read back as PTB reads it
        InlineKeyboardMarkup.__init__(self, sent.inline_keyboard)
        return getattr(self, name)

    def __hash__(self) -> int:
        """As the same keyboard built of PTB's buttons hashes (it is equal to it)."""
        return hash((InlineKeyboardMarkup, self._id_attrs))

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        """What goes over the wire: {"inline_keyboard": [[{"callback_data", "text"}, …], …]}
        (the keys in PTB's order)."""
        return {"inline_keyboard": [[{"callback_data": data, "text": label}
                                     for label, data in row] for row in self._rows]}
