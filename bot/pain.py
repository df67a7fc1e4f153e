"""Pain rated 0-10 and the bone-stress question, asked after the area (bot/readiness.py
sends them); texts and keyboards together. Buttons: 'rd:s:<area>:<0-11>:<session>' (11:
worse than last time), 'rd:b:<area>:<y|n>:<session>' (bone-stress signs or not)."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from coach.pain import BONE_ASK, BONE_SAYS, verdict
from coach.readiness import Told
from i18n import N_, _
from services.readiness import MAX_SCORE, Heard

SCORE_ASK = N_("How bad is it right now, from 0 (nothing) to 10 (worst)? Tap a number, or "
               "type it like “4/10”.")
AGAIN = N_("Better, same or worse than last time? If it's worse, tap “Worse than last time”.")
WORSE = MAX_SCORE + 1
ECHO_CHARS = 48  # the runner's words echoed back, at most


def score_keyboard(area_id: str, session_id: int, again: bool) -> InlineKeyboardMarkup:
    """0-5 and 6-10 in two rows, and "Worse than last time" when it hurt before."""
    def button(label: str, score: int) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=f"rd:s:{area_id}:{score}:{session_id}")
    rows = [[button(str(n), n) for n in range(6)],
            [button(str(n), n) for n in range(6, MAX_SCORE + 1)]]
    if again:
        rows.append([button(_("Worse than last time"), WORSE)])
    return InlineKeyboardMarkup(rows)


def bone_keyboard(area_id: str, session_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(_("Yes"), callback_data=f"rd:b:{area_id}:y:{session_id}"),
        InlineKeyboardButton(_("No"), callback_data=f"rd:b:{area_id}:n:{session_id}")]])


def follow_up(heard: Heard, session_id: int) -> tuple[str, InlineKeyboardMarkup] | None:
    """The question after an area is told: the bone one for shin or foot, else how bad."""
    area = heard.told.area
    if area is None:
        return None
    return ask_next(area.id, session_id, heard.ask_bone, heard.ask_score, heard.again)


def ask_next(area_id: str, session_id: int, bone: bool, score: bool,
             again: bool) -> tuple[str, InlineKeyboardMarkup] | None:
    """The bone-stress question first (shin, foot), else how bad, else nothing."""
    if bone:
        return _(BONE_ASK), bone_keyboard(area_id, session_id)
    if score:
        return score_question(again), score_keyboard(area_id, session_id, again)
    return None


def clipped(words: str, limit: int = ECHO_CHARS) -> str:
    """The runner's words to echo: as typed, on one line, cut at a word boundary with '…'
    when longer than `limit` (never rewritten)."""
    flat = " ".join(words.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit - 1]
    if flat[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def score_question(again: bool) -> str:
    return f"{_(SCORE_ASK)}\n{_(AGAIN)}" if again else _(SCORE_ASK)


def rated_says(told: Told) -> str | None:
    """The first line of the answer to a rating or a bone-stress sign (None: neither)."""
    if told.bone:
        return _(BONE_SAYS)
    return None if told.score is None else verdict(told.score)
