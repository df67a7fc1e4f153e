"""The weekly review: its message, its sender, and its buttons in /settings."""

import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.commands import NOT_SET_UP
from bot.context import CoachContext
from bot.format import day_label, day_name
from bot.progress_text import leg_text, load_text
from bot.sender import TelegramSender, in_language
from coach.exercises import by_id
from coach.review import WeeklyReview
from coach.views import Profile, ReviewPlan
from i18n import _, ngettext
from services.plan import NotOnboarded
from services.review import change_review, review_settings

log = logging.getLogger(__name__)
TIMES = (7 * 60, 12 * 60, 18 * 60, 19 * 60, 20 * 60, 21 * 60)
BESTS_NAMED = 2


def review_text(review: WeeklyReview, unit: str = "kg") -> str:
    """One short message: the week, the streak, loads, bests, legs, next week."""
    week = review.week
    lines = [_("Your week · {first} – {last}").format(first=day_label(review.first),
                                                      last=day_label(review.last))]
    tally = _("Sessions: {done} of {planned} done").format(done=week.done,
                                                           planned=week.planned)
    extras = [_("{n} skipped").format(n=week.skipped) if week.skipped else "",
              _("{n} missed").format(n=week.missed) if week.missed else "",
              _("+{n} extra").format(n=week.extra) if week.extra else ""]
    lines.append(" · ".join([tally, *[e for e in extras if e]]))
    if review.streak >= 2:
        lines.append(ngettext("🔥 {n} week in a row with every session done",
                              "🔥 {n} weeks in a row with every session done",
                              review.streak).format(n=review.streak))
    elif week.planned and week.done == week.planned:
        lines.append(_("Every planned session done. That's how strength is built."))
    if review.changes:
        moves = [f"{by_id(c.exercise_id).name} {load_text(c.before_kg, unit)} → "
                 f"{load_text(c.after_kg, unit)}" for c in review.changes]
        lines.append(_("Loads: {moves}").format(moves="; ".join(moves)))
    if review.records:
        names = list(dict.fromkeys(by_id(r.exercise_id).name for r in review.records))
        count = len(review.records)
        lines.append(ngettext("🏆 {n} new best: {names}", "🏆 {n} new bests: {names}", count)
                     .format(n=count, names=", ".join(names[:BESTS_NAMED])
                             + (" …" if len(names) > BESTS_NAMED else "")))
    lines += [f"{by_id(n.exercise_id).name}: {leg_text(n)}" for n in review.legs]
    lines.append(_next_week(review))
    return "\n".join(lines)


def _next_week(review: WeeklyReview) -> str:
    if not review.next_week:
        return _("Next week: no sessions planned. /settings sets your days.")
    days = day_label(review.next_week[0].date())
    for when in review.next_week[1:]:  # 'Tue 1 Dec and Thu 3 Dec and Sat 5 Dec'
        days = _("{days} and {day}").format(days=days, day=day_label(when.date()))
    times = {when.strftime("%H:%M") for when in review.next_week}
    if len(times) == 1:
        return (_("After your pause: {days}, reminders at {time}.") if review.paused else
                _("Next week: {days}, reminders at {time}.")).format(days=days,
                                                                      time=times.pop())
    return (_("After your pause: {days}.") if review.paused else
            _("Next week: {days}.")).format(days=days)


class ReviewTelegramSender(TelegramSender):
    """Sends weekly reviews; Telegram's faults become the scheduler's, as for reminders."""

    @in_language
    async def review(self, profile: Profile, review: WeeklyReview) -> int:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(
            _("Review settings"), callback_data="rv:menu")]])
        return await self._send(profile.chat_id, review_text(review), keyboard)


def settings_text(plan: ReviewPlan) -> str:
    when = _("{day} at {time}").format(
        day=day_name(plan.weekday), time=f"{plan.minutes // 60:02d}:{plan.minutes % 60:02d}")
    state = (_("Weekly review: on, {when}.") if plan.enabled else
             _("Weekly review: off (would be {when}).")).format(when=when)
    return state + "\n" + _("One short message: sessions done, streak, loads, new bests, "
                            "left vs right and next week. Pick a day and a time:")


def settings_keyboard(plan: ReviewPlan) -> InlineKeyboardMarkup:
    toggle = _("Turn it off") if plan.enabled else _("Turn it on")
    days = [InlineKeyboardButton(("✅ " if d == plan.weekday else "") + day_name(d),
                                 callback_data=f"rv:d:{d}") for d in range(7)]
    times = [InlineKeyboardButton(("✅ " if t == plan.minutes else "") + f"{t // 60:02d}:00",
                                  callback_data=f"rv:t:{t}") for t in TIMES]
    return InlineKeyboardMarkup([[InlineKeyboardButton(toggle, callback_data="rv:on")],
                                 days[:4], days[4:], times[:3], times[3:]])


def _choice(data: str) -> tuple[str, int] | None:
    """The change a button asks for; None for anything this screen didn't make."""
    parts = data.split(":")
    if parts in (["rv", "menu"], ["rv", "on"]):
        return parts[1], 0
    if len(parts) == 3 and parts[2].isascii() and parts[2].isdigit() and len(parts[2]) < 5:
        value = int(parts[2])
        if (parts[1] == "d" and 0 <= value <= 6) or (parts[1] == "t" and value in TIMES):
            return parts[1], value
    return None


async def on_button(update: Update, ctx: CoachContext) -> None:
    """'rv:menu|on|d:<n>|t:<minutes>': show or change the presser's own review settings."""
    query = update.callback_query
    assert query is not None
    choice = _choice(query.data or "")
    if choice is None:
        await query.answer(_("I don't know that button."))
        return
    try:
        plan = await _change(ctx, query.from_user.id, *choice)
    except NotOnboarded:
        await query.answer(_(NOT_SET_UP))
        return
    await query.answer()
    await _show(query, ctx, plan, in_place=choice[0] != "menu")


async def _change(ctx: CoachContext, user_id: int, action: str, value: int) -> ReviewPlan:
    """The review settings after the button's change ('menu': unchanged)."""
    now = ctx.services.clock.now()
    async with ctx.services.units() as uow:
        plan = await review_settings(uow, now, user_id)
        if action == "on":
            return await change_review(uow, now, user_id, enabled=not plan.enabled)
        if action == "d":
            return await change_review(uow, now, user_id, weekday=value)
        if action == "t":
            return await change_review(uow, now, user_id, minutes=value)
        return plan


async def _show(query: CallbackQuery, ctx: CoachContext, plan: ReviewPlan,
                in_place: bool) -> None:
    text, keyboard = settings_text(plan), settings_keyboard(plan)
    if not in_place:  # from /settings or under a review: a screen of its own
        await ctx.bot.send_message(query.from_user.id, text, reply_markup=keyboard)
        return
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as exc:  # "not modified": the same choice twice
        log.debug("review settings unchanged: %s", type(exc).__name__)
