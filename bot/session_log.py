"""Session cards and rep logging: reminders, step-by-step questions, confirmations."""


from telegram import InlineKeyboardMarkup

import i18n
from bot import pain, readiness
from bot.format import (
    cue_text,
    day_label,
    fit,
    local,
    quoted,
    report_text,
    shorten_quotes,
    target_text,
)
from bot.keyboards_flat import Callbacks, button
from bot.progress_text import record_line
from coach.discomfort import Grade
from coach.exercises import EXERCISE_IDS, by_id
from coach.pain import BONE_SAYS, by_area
from coach.readline import Note
from coach.reasons import label
from coach.reports import LineProblem, ReportKind, example_report
from coach.strava import spotted_run
from coach.views import Entry, ExerciseView, SessionView
from i18n import N_, _, ngettext
from services.closing import Retarget
from services.reports import Finished, ReportOutcome

NO_SESSION = N_(
    "No session is open right now. /log starts one, /plan shows when the next is due."
)
HOW_TO_REPLY = N_("Reply with your reps, one line per exercise, e.g.:\n")
ALL_AS_PLANNED = N_("Went to plan? Just reply “all done”.")
REPLY_LINE = N_("Done? Reply with your reps, or “all done”.")
LEGS_LINE = N_("How are your legs today? Tap below.")
DETAILS = N_("Details: cues, last time")
RECORDS_SHOWN = 3


def card_text(view: SessionView, heading: str) -> str:
    """The session at a glance, to fit a phone: the day, each exercise's sets×reps @ load,
    how to reply. Cues, last time and the reasons behind today's targets: `details_text`."""
    shaped = readiness.shaped_of(view)
    lines = [_("{heading} · {day} · about {minutes} min").format(
        heading=heading, day=day_label(view.session.session_date), minutes=view.minutes),
             *readiness.card_note(view)]
    lines += [f"{number}. {readiness.card_line(view, item, shaped)}"
              for number, item in enumerate(view.items, 1)]
    lines += ["", *([_(LEGS_LINE)] if view.today.level is None else []), _(REPLY_LINE)]
    return "\n".join(lines)


def details_text(view: SessionView) -> str:
    """Behind the card's Details button: each exercise's full target, last time, why today's
    target differs and its cue; the day's notes; an example reply."""
    unit, shaped = view.profile.unit, readiness.shaped_of(view)
    lines = [_("{day}, in detail:").format(day=day_label(view.session.session_date)),
             *readiness.day_notes(view.today)]
    for number, item in enumerate(view.items, 1):
        lines += ["", f"{number}. {item.exercise.name}: " + (
            readiness.item_text(view, item, shaped) or target_text(item.exercise, item.target,
                                                                   unit))]
        if item.last is not None:
            lines.append(_("Last time: {report}").format(
                report=report_text(item.last, unit)))
        why = item.why or readiness.planned_why(item, shaped)
        if why:
            lines.append(_("Why: {why}").format(why=why))
        lines.append(readiness.item_cue(item, shaped) or cue_text(item.exercise, item.target))
    lines += ["", _(HOW_TO_REPLY) + example_report(), _(ALL_AS_PLANNED)]
    return "\n".join(lines)


def reminder_heading(view: SessionView) -> str:
    """'Strength time'; after midnight it names the run's day: "Tuesday's session, after
    your late run"."""
    session, tz = view.session, view.profile.tz
    if view.run:  # a hard run on Strava brought it
        return _("{run} Your strength session").format(run=spotted_run(view.run))
    if tz is not None and local(session.due_at, tz).date() != session.session_date:
        return _("{weekday}'s session, after your late run").format(
            weekday=i18n.capital(i18n.weekday(session.session_date.weekday())))
    return _("Strength time")


def card_keyboard(session_id: int, details: bool = True) -> InlineKeyboardMarkup:
    """How are your legs, log / snooze / skip, and (until pressed) the details."""
    rows = [readiness.readiness_row(session_id), [
        button(_("Log my sets"), callback_data=f"rm:log:{session_id}"),
        button(_("Snooze 1 h"), callback_data=f"rm:snz:{session_id}"),
        button(_("Skip today"), callback_data=f"rm:skp:{session_id}"),
    ]]
    if details:
        rows.append([button(_(DETAILS), callback_data=f"rm:det:{session_id}")])
    return Callbacks(rows)


def missed_text(view: SessionView) -> str:
    return _("I couldn't reach you in time for {day}'s session. If you did it, log it now; "
             "if not, no stress, skip it.").format(day=day_label(view.session.session_date))


def nudge_text(view: SessionView) -> str:
    return _("Morning! {day}'s strength session isn't logged yet. Did it happen? Log it "
             "now, or skip it and we'll go again next time.").format(
        day=day_label(view.session.session_date))


def late_keyboard(session_id: int, log_label: str) -> InlineKeyboardMarkup:
    """Log a session late, or let it go (missed notes and next-morning nudges)."""
    return Callbacks([[button(log_label, callback_data=f"rm:log:{session_id}"),
                       button(_("Skip it"), callback_data=f"rm:skp:{session_id}")]])


def ask_text(view: SessionView, item: ExerciseView) -> str:
    """The step-by-step question for one exercise, with the day's target (a trimmed or
    lighter day's, as its card shows it)."""
    number = EXERCISE_IDS.index(item.exercise.id) + 1
    unit, target = view.profile.unit, view.day_targets.get(item.exercise.id) or item.target
    lines = [f"{number}/5 {item.exercise.name}",
             _("Target: {target}").format(target=target_text(item.exercise, target, unit))]
    if item.last is not None:
        lines.append(_("Last: {report}").format(report=report_text(item.last, unit)))
    reps = " ".join(["8"] * (target.sets - 1) + ["7"])  # one number a set, as the day has
    legs = " ".join(["8/7"] * (target.sets - 1) + ["8/6"])
    lines.append(_("Type your reps, like {reps} (per leg: {legs}).").format(reps=reps, legs=legs)
                 if item.exercise.unilateral else
                 _("Type your reps, like {reps}.").format(reps=reps))
    return "\n".join(lines)


def ask_keyboard(session_id: int, exercise_id: str) -> InlineKeyboardMarkup:
    index = EXERCISE_IDS.index(exercise_id)
    return Callbacks([
        [button(_("As planned"), callback_data=f"lg:as:{session_id}:{index}"),
         button(_("Skip"), callback_data=f"lg:sk:{session_id}:{index}")],
        [button(_("Finish session"), callback_data=f"lg:fin:{session_id}")],
    ])


def next_item(view: SessionView) -> ExerciseView | None:
    """The first exercise with nothing logged yet (and not left out today)."""
    return next((item for item in view.items if item.exercise.id in view.pending), None)


def recorded_text(stored: tuple[Entry, ...], view: SessionView, edited: bool = False,
                  retargeted: tuple[Retarget, ...] = ()) -> str:
    names = {item.exercise.id: item.exercise.name for item in view.items}
    title = _("Updated:") if edited else _("Saved:")
    rows = [f"• {names[e.exercise_id]}: {report_text(e.report, view.profile.unit)}"
            for e in stored]
    return "\n".join([title, *rows, *retarget_lines(retargeted, view.profile.unit)])


def retarget_lines(changes: tuple[Retarget, ...], unit: str = "kg") -> list[str]:
    """'Goblet squat next time: back to 3×7 @ 16 kg' for each target a correction moved."""
    lines = []
    for change in changes:
        new, old = change.decision.target, change.before
        line = (_("{exercise} next time: back to {target}")
                if (new.load_kg, new.reps) < (old.load_kg, old.reps) else
                _("{exercise} next time: {target}"))
        lines.append(line.format(exercise=change.exercise.name,
                                 target=target_text(change.exercise, new, unit)))
    return lines


def problems_text(problems: tuple[LineProblem, ...]) -> str:
    rows = [f"• “{quoted(p.raw, 60)}”: {shorten_quotes(p.reason)}" for p in problems[:5]]
    return fit("\n".join([_("I didn't catch this:"), *rows, "", _("Example:"),
                          example_report()]))


def discomfort_replies(outcome: ReportOutcome) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """What discomfort in a report gets (coach/discomfort.py): a sharp one, "stop that
    exercise today" and where or how bad (the readiness flow's buttons); a mild one, "noted,
    keep it easy". The runner's words are echoed as typed, shortened."""
    notes = [n for n in outcome.reading.notes if n.kind in (Grade.SHARP, Grade.MILD)]
    if not notes or outcome.view is None:
        return []
    session_id, heard = outcome.view.session.id, outcome.pain
    sharp = next((n for n in notes if n.kind == Grade.SHARP), None)
    skipped = {e.exercise_id for e in outcome.stored if e.report.kind is ReportKind.SKIPPED}
    if sharp is None:
        return [(_mild_text(notes[0], notes[0].exercise_id in skipped), None)]
    replies: list[tuple[str, InlineKeyboardMarkup | None]] = [
        (_sharp_text(sharp, sharp.exercise_id in skipped), None)]
    if heard is None or heard.area is None:
        replies.append((_(readiness.WHERE_ELSE), readiness.area_keyboard(session_id)))
    elif heard.bone:
        replies.append((_(BONE_SAYS), None))
    elif asked := pain.ask_next(heard.area, session_id, heard.ask_bone, heard.ask_score,
                                heard.again):
        replies.append(asked)
    return replies


def _mild_text(note: Note, skipped: bool) -> str:
    said = _("Noted: “{text}”.").format(text=pain.clipped(note.text))
    if skipped:
        return _("{said} Fine to leave {exercise} out today; go easy with the rest.").format(
            said=said, exercise=_exercise(note, N_("it")))
    how = (_("Carry on, lighter or with fewer reps on what loads your {area} today.").format(
        area=by_area(note.area).spoken) if note.area else
           _("Carry on, and keep {exercise} easy today: lighter, or fewer reps.").format(
        exercise=_exercise(note, N_("it"))))
    return _("{said} {how} If it turns sharp, stop and tell me.").format(said=said, how=how)


def _sharp_text(note: Note, skipped: bool) -> str:
    what = _exercise(note, N_("what hurts"))
    stop = (_("Right to leave {exercise} out today") if skipped else
            _("Stop {exercise} there for today")).format(exercise=what)
    return _("Thanks for telling me. {stop}: no sets through sharp pain. "
             "Noted: “{text}”.").format(stop=stop, text=pain.clipped(note.text))


def _exercise(note: Note, otherwise: str) -> str:
    if note.exercise_id is None:
        return _(otherwise)
    # i18n: an exercise named inside a sentence ("stop the goblet squat there for today")
    return _("the {exercise}").format(exercise=by_id(note.exercise_id).name.lower())


def finished_text(done: Finished) -> str:
    """Session wrap-up with new bests, next targets and any left/right gap worth knowing."""
    records = done.records
    lines = [_("Session done. Nice work.")]
    lines += [record_line(record) for record in records[:RECORDS_SHOWN]]
    if len(records) > RECORDS_SHOWN:
        more = len(records) - RECORDS_SHOWN
        lines.append(ngettext("🏆 …and {n} more new best (/progress)",
                              "🏆 …and {n} more new bests (/progress)", more).format(n=more))
    if done.decisions:
        lines.append(_("Next time:") if done.progressed else
                     _("Auto progression is off, so your targets stay as they are."))
    if done.progressed:
        lines += _next_lines(done)
    lines += [d.note for _ex, d in done.decisions if d.note]  # a lasting left/right gap
    return "\n".join(lines)


def _next_lines(done: Finished) -> list[str]:
    """'• Goblet squat: 3×5 @ 20 kg (load up) — all three sets reached 8 at 18 kg'."""
    unit = done.view.profile.unit
    before = {item.exercise.id: item.target for item in done.view.items}
    lines = []
    for ex, d in done.decisions:
        tag = label(ex.id, before[ex.id].key(), d.target.key())
        why = f" — {d.why}" if d.why else ""
        lines.append(f"• {ex.name}: {target_text(ex, d.target, unit)} ({tag}){why}")
    return lines
