"""Keyboards kept as (label, callback data) pairs send what PTB's own buttons send."""

import json
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

import i18n
from bot import readiness
from bot import session_log as ui
from bot.effort import effort_keyboard
from bot.keyboards_flat import Callbacks

LABEL = st.text(min_size=1, max_size=20)
DATA = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789:_-", min_size=1, max_size=64)
ROWS = st.lists(st.lists(st.tuples(LABEL, DATA), min_size=1, max_size=4), min_size=1,
                max_size=4)


def built(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)
                                  for label, data in row] for row in rows])


def wire(markup: InlineKeyboardMarkup) -> str:
    """The reply_markup as PTB's request writes it."""
    return RequestData([RequestParameter.from_input("reply_markup", markup)]).json_payload \
        .decode()


@given(rows=ROWS)
def test_the_wire_form_is_ptbs_own_byte_for_byte(rows: list[list[tuple[str, str]]]) -> None:
    flat, ptb = Callbacks(rows), built(rows)
    assert wire(flat) == wire(ptb)
    assert flat.to_json() == ptb.to_json()
    assert flat.to_dict() == ptb.to_dict()


@given(rows=ROWS)
def test_it_reads_and_compares_as_the_ptb_keyboard(rows: list[list[tuple[str, str]]]) -> None:
    flat, ptb = Callbacks(rows), built(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert flat == ptb
        assert ptb == flat
    assert hash(flat) == hash(ptb)
    assert flat.inline_keyboard == ptb.inline_keyboard
    assert [[(b.text, b.callback_data) for b in row] for row in flat.inline_keyboard] == rows


def test_it_is_frozen_like_ptbs() -> None:
    flat = Callbacks([[("Fresh", "rd:l:fresh:1")]])
    with pytest.raises(AttributeError):
        flat.inline_keyboard = ()
    with pytest.raises(AttributeError):
        _ = flat.no_such_attribute


@pytest.mark.parametrize("code", ["en", "ru"])
def test_the_bots_keyboards_send_what_ptb_buttons_would(code: str) -> None:
    with i18n.language(code):
        for markup in (ui.card_keyboard(12), ui.card_keyboard(12, details=False),
                       ui.late_keyboard(12, i18n._("Log it")), ui.ask_keyboard(12, "sldl"),
                       readiness.area_keyboard(12), effort_keyboard(12)):
            rows = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
            assert all(isinstance(data, str) for row in rows for _, data in row)
            assert wire(markup) == wire(built(rows))  # type: ignore[arg-type]
            assert json.loads(markup.to_json())["inline_keyboard"][0][0]["text"]
