"""Onboarding and /settings, in words: each question with its keyboard, and the summary.

Which question comes when, and how answers are read, is coach/steps.py's table; the
handlers are in bot/onboarding_answers.py.
"""

from collections.abc import Callable

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.format import clock, day_name, days_text, local, paused_label, session_when
from coach.draft import Draft
from coach.plan import has_back_to_back
from coach.steps import Ask, Shown
from coach.timezones import COMMON_ZONES
from i18n import N_, _
from services.onboarding import Saved
from services.plan import PlanOverview

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove

GREETING = N_(
    "Hi, I'm your strength coach.\n\n"
    "Running builds endurance; strength puts more force into every stride, keeps tendons "
    "springy and keeps the usual running injuries away.\n\n"
    "The plan: 2–3 short sessions a week (45 minutes at most), right after your hard runs, "
    "so easy days stay easy. I remind you, you tell me your reps, I adjust the next session."
)
ASK_HARD = N_("Which days do you run hard (intervals, tempo, long run)? Tap them, then Done.")
ASK_CROSS = N_(
    "Any cross-training days (bike, swim, rowing)? A session fits there too. "
    "Tap them, then Done."
)
NEED_TWO = N_("I need at least two days for two sessions a week. Pick one more day.")
ASK_TIME = N_("When does your hard run usually end? Tap a time or type one, like 18:30.")
BAD_TIME = N_("I couldn't read “{text}” as a time. Try something like 18:30 or 6:30pm.")
ASK_TZ = N_(
    "Last one: your time zone, so reminders come at your local time. Share your location, "
    "tap a zone, or type a city or zone name like Europe/Berlin."
)
BAD_TZ = N_("I don't know the zone “{text}”. Try a zone name like America/New_York or a city.")
AMBIGUOUS_TZ = N_("“{text}” could be {options}. Please type the full zone name.")
MANY_TZ = N_("“{text}” has several time zones. Type your city, like Chicago, or share your "
             "location.")
OFFSET_TZ = N_(
    "“{text}” is a fixed offset, but most places shift it for daylight saving. "
    "Type your city instead, like Berlin, or share your location."
)
BACK_TO_BACK = N_("{days} are back to back, so your strength sessions would be too, with no "
                "day to recover. A cross-training day (bike, swim) spreads them out.")
BACK_TO_BACK_KEPT = N_("Heads-up: {days} are back to back. Keep the second session light, or "
                     "add a cross-training day in /settings to spread them.")
MAX_ZONE_OPTIONS = 4
SHARE_LOCATION = N_("📍 Share my location")
QUESTIONS = {"hard": ASK_HARD, "cross": ASK_CROSS, "time": ASK_TIME, "tz": ASK_TZ}
TIME_CHOICES = ("06:30", "07:30", "12:30", "17:30", "18:30", "19:30")
DAYS_BACK = N_("Got it: {days}. Tap to change, then Done.")
BUTTON_KIND = {"hard": "h", "cross": "c"}


def days_keyboard(kind: str, chosen: set[int]) -> InlineKeyboardMarkup:
    """Seven day toggles (✅ on the chosen ones) and Done."""
    buttons = [InlineKeyboardButton(f"{'✅ ' if d in chosen else ''}{day_name(d)}",
                                    callback_data=f"ob:{kind}:{d}") for d in range(7)]
    done = InlineKeyboardButton(_("Done"), callback_data=f"ob:{kind}:done")
    return InlineKeyboardMarkup([buttons[0:4], buttons[4:7], [done]])


def time_keyboard() -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(t, callback_data=f"ob:t:{t.replace(':', '')}")
               for t in TIME_CHOICES]
    return InlineKeyboardMarkup([buttons[0:3], buttons[3:6]])


def zone_keyboard() -> ReplyKeyboardMarkup:
    zones = [KeyboardButton(z) for z in COMMON_ZONES]
    rows = [[KeyboardButton(_(SHARE_LOCATION), request_location=True)]]
    rows += [zones[i:i + 2] for i in range(0, len(zones), 2)]
    return ReplyKeyboardMarkup(rows, one_time_keyboard=True, resize_keyboard=True)


def summary_text(overview: PlanOverview) -> str:
    """'All set ✅ Sessions: Tue and Thu after your run ... Next: Tue 1 Dec at 19:15.'"""
    profile = overview.profile
    assert profile.run_end is not None
    assert profile.tz is not None
    lines = [_("All set ✅\nSessions: {days}, after your run.").format(
        days=days_text(profile.session_days))]
    if overview.week:
        slot = overview.week[0]
        reminder = local(slot.due_utc, profile.tz)
        said = _("Reminder at {time} (just after midnight, for the day of your run) "
                 "({zone}).") if reminder.date() != slot.session_date \
            else _("Reminder at {time} ({zone}).")
        lines.append(said.format(time=f"{reminder:%H:%M}", zone=profile.tz))
    if has_back_to_back(profile.session_days):
        lines.append(_(BACK_TO_BACK_KEPT).format(days=days_text(profile.session_days)))
    lines.append(next_text(overview))
    lines.append(_("/plan shows your week, /settings changes it."))
    return "\n".join(lines)


def next_text(overview: PlanOverview) -> str:
    """'Next: Thu 3 Dec at 19:15.' — what every change of the plan answers with."""
    profile, planned = overview.profile, overview.next_due
    assert profile.tz is not None
    if not profile.active:
        return _("No reminders while the chat is blocked; /start brings them back.")
    if planned is None:
        return _("No reminder planned.")
    return _("Next: {when}.").format(
        when=session_when(planned.session_date, planned.due_at, profile.tz))


def plan_text(overview: PlanOverview) -> str:
    profile = overview.profile
    assert profile.tz is not None
    lines = [_("Your week ({zone}):").format(zone=profile.tz)]
    lines += [f"• {session_when(slot.session_date, slot.due_utc, profile.tz)}"
              for slot in overview.week]
    if profile.paused_until is not None:
        lines.append(_("Paused until {day}. /resume restarts.").format(
            day=paused_label(profile.paused_until, profile.tz)))
    if overview.next_due is not None:
        when = session_when(overview.next_due.session_date, overview.next_due.due_at,
                            profile.tz)
        lines.append(_("Next reminder: {when}.").format(when=when))
    return "\n".join(lines)




def keyboard(draft: Draft) -> Markup:
    """The keyboard of the question at `draft.step`."""
    return KEYBOARDS[draft.step](draft)


def days_keyboard_of(draft: Draft, step: str) -> InlineKeyboardMarkup:
    """The day toggles of the days question `step`, as chosen so far."""
    return days_keyboard(BUTTON_KIND[step], draft.hard if step == "hard" else draft.cross)


def question(ask: Ask) -> tuple[str, Markup]:
    """A question, after a confirmation of the last answer or a note about it."""
    draft = ask.draft
    note = NOTES[ask.note](draft) if ask.note else confirmation(ask.noted, draft)
    words = note if ask.replaces else "\n\n".join(filter(None, (note,
                                                                  _(QUESTIONS[draft.step]))))
    return words, keyboard(draft)


def shown(days: Shown) -> tuple[str, Markup]:
    """Typed days back, ticked, for Done."""
    chosen = days.draft.hard if days.step == "hard" else days.draft.cross
    return _(DAYS_BACK).format(days=days_text(sorted(chosen))), days_keyboard_of(days.draft,
                                                                              days.step)


def saved(outcome: Saved) -> tuple[str, Markup]:
    summary = summary_text(outcome.overview)
    note = confirmation(outcome.noted, outcome.draft)
    return "\n\n".join(filter(None, (note, summary))), ReplyKeyboardRemove()


def confirmation(step: str | None, draft: Draft) -> str:
    """'Run ends around 18:30. Noted.' for the steps that confirm their answer."""
    if step == "time" and draft.run_end is not None:
        return _("Run ends around {time}. Noted.").format(time=clock(draft.run_end))
    return ""


KEYBOARDS: dict[str, Callable[[Draft], Markup]] = {
    "hard": lambda draft: days_keyboard_of(draft, "hard"),
    "cross": lambda draft: days_keyboard_of(draft, "cross"),
    "time": lambda draft: time_keyboard(),
    "tz": lambda draft: zone_keyboard(),
}
NOTES = {
    "need_two": lambda draft: _(NEED_TWO),
    "back_to_back": lambda draft: _(BACK_TO_BACK).format(days=days_text(sorted(draft.hard))),
}
