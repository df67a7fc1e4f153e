"""Small formatting helpers shared by the bot's screens."""

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

import i18n
from coach.exercises import Exercise
from coach.progression import Target
from coach.reports import ReportKind, SetsReport
from coach.units import show_load
from coach.variants import Variant, ladder, variant
from i18n import _

QUOTE_CHARS = 40  # the most of a runner's own text a reply quotes back
MESSAGE_CHARS = 4096  # Telegram refuses longer messages
_QUOTE = re.compile(r"“([^”]*)”")


def quoted(text: str, limit: int = QUOTE_CHARS) -> str:
    """User text fit to quote: on one line, at most `limit` characters ('…' when cut)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def shorten_quotes(text: str, limit: int = QUOTE_CHARS) -> str:
    """Every “…” inside `text` (a coach sentence quoting the runner) cut to `limit`."""
    return _QUOTE.sub(lambda m: f"“{quoted(m.group(1), limit)}”", text)


def fit(text: str, limit: int = MESSAGE_CHARS) -> str:
    """A message Telegram accepts: at most `limit` characters."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def days_text(days: Sequence[int]) -> str:
    """'Tue and Thu', 'Mon, Wed and Fri'."""
    names = [day_name(d) for d in sorted(days)]
    if len(names) <= 1:
        return "".join(names) or _("no days")
    return _("{days} and {last}").format(days=", ".join(names[:-1]), last=names[-1])


def day_name(weekday: int) -> str:
    """'Mon' (Monday is 0), 'Пн' in Russian: the locale's short name, capitalised."""
    return i18n.capital(i18n.weekday(weekday, "abbreviated"))


def kg(load: float, unit: str = "kg") -> str:
    """'body weight', '12 kg', '12.5 kg', or in pounds '35 lb' (loads are stored in kg)."""
    return show_load(load, unit)


def clock(t: time) -> str:
    return t.strftime("%H:%M")


def day_label(d: date) -> str:
    """'Tue 1 Dec'."""
    # i18n: a CLDR date pattern: EEE weekday, d day, MMM month (Tue 1 Dec)
    return i18n.day(d, _("EEE d MMM"))


def local(instant: datetime, tz: str) -> datetime:
    return instant.astimezone(ZoneInfo(tz))


def when_label(instant: datetime, tz: str) -> str:
    """'Tue 1 Dec at 19:15' in the runner's zone."""
    moment = local(instant, tz)
    return _("{day} at {time}").format(day=day_label(moment.date()), time=f"{moment:%H:%M}")


def session_when(session_date: date, due: datetime, tz: str) -> str:
    """'Tue 1 Dec at 19:15'; a reminder after midnight still names the run's day:
    'Tue 1 Dec, after your late run (reminder 00:15)'."""
    moment = local(due, tz)
    if moment.date() == session_date:
        return _("{day} at {time}").format(day=day_label(session_date), time=f"{moment:%H:%M}")
    return _("{day}, after your late run (reminder {time})").format(
        day=day_label(session_date), time=f"{moment:%H:%M}")


def paused_label(paused_until: datetime, tz: str) -> str:
    """The local day reminders come back: the one date /pause and /plan both show."""
    return day_label(local(paused_until, tz).date())


def target_text(exercise: Exercise, target: Target, unit: str = "kg") -> str:
    """'3×6 per leg @ body weight', '3×5 @ 16 kg · Pause squat' (a harder variant)."""
    return _target_text(exercise.id, exercise.unilateral, target, unit, i18n.current(),
                        i18n.translations())


# A batch of cards asks for thousands of these, made of a few hundred distinct targets; the
# catalog is part of the key, so a language installed afresh is never served stale text.
@lru_cache(maxsize=4096)
def _target_text(exercise_id: str, unilateral: bool, target: Target, unit: str, code: str,
                 catalog: object) -> str:
    load = kg(target.load_kg, unit)
    text = (_("{sets}×{reps} per leg @ {load}") if unilateral else
            _("{sets}×{reps} @ {load}")).format(sets=target.sets, reps=target.reps, load=load)
    return f"{text} · {variant(exercise_id, target.variant).name}" if target.variant else text


def variant_of(exercise: Exercise, target: Target) -> Variant:
    """The variant of the exercise this target asks for."""
    return variant(exercise.id, target.variant)


def variant_tail(exercise_id: str, variant_id: str) -> str:
    """' · Pause squat' after a logged result done as a variant, ' · Wall sit, high' as a
    pain swap (stored by its name); '' for the exercise as catalogued."""
    if not variant_id:
        return ""
    known = {v.id: v.name for v in ladder(exercise_id)}
    return f" · {_(known.get(variant_id, variant_id))}"


def cue_text(exercise: Exercise, target: Target) -> str:
    """The one-line cue: the variant's when the target asks for one."""
    return variant_of(exercise, target).cue or exercise.cue


def report_text(report: SetsReport, unit: str = "kg") -> str:
    """What was logged, compact: '8 8 7 @ 10 kg', 'L 8 8 8 R 7 7 6', 'as planned: 5 5 @
    16 kg' ('as planned' alone for entries stored before the numbers were), 'skipped'."""
    if report.kind is ReportKind.SKIPPED:
        return _("skipped")
    if report.kind is ReportKind.AS_PLANNED:
        body = (_("as planned: {reps}").format(reps=_ints(report.reps)) if report.reps else
                _("as planned"))
    elif report.left is not None and report.right is not None:
        # i18n: L and R: the left and the right leg's reps
        body = _("L {left} R {right}").format(left=_ints(report.left),
                                               right=_ints(report.right))
    else:
        body = _ints(report.reps)
    return body if report.load_kg is None else f"{body} @ {kg(report.load_kg, unit)}"


def _ints(values: Sequence[int]) -> str:
    return " ".join(str(v) for v in values)
