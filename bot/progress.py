"""/progress: each exercise's target now, its first and latest result, and any leg gap."""

from telegram import Update

from bot.commands import set_up_first
from bot.context import CoachContext
from bot.format import day_label, local, report_text, target_text
from coach.progression import imbalance
from storage.records import Entry, ExerciseProgress, Progress

NOTHING_YET = (
    "Nothing logged yet. After your next session, reply with your reps and I'll keep score."
)


def progress_text(progress: Progress) -> str:
    """The whole /progress answer: one short block per exercise."""
    if not any(item.times for item in progress.items):
        return NOTHING_YET
    done = progress.sessions_done
    lines = [f"Your progress · {done} session{'' if done == 1 else 's'} done"]
    for item in progress.items:
        lines += _exercise_lines(item, progress.profile.tz or "UTC")
    return "\n".join(lines)


def _exercise_lines(item: ExerciseProgress, tz: str) -> list[str]:
    lines = [f"• {item.exercise.name}: now {target_text(item.exercise, item.target)}"]
    if item.first is None or item.latest is None:
        return [*lines, "  not logged yet"]
    if item.times == 1:
        lines.append(f"  logged once: {_result(item.latest, tz)}")
    else:
        lines.append(f"  logged {item.times}×: {_result(item.first, tz)} → "
                     f"{_result(item.latest, tz)}")
    lag = imbalance(item.latest.report.left, item.latest.report.right)
    if lag is not None:
        lines.append(f"  {lag.weaker} leg {lag.gap:.0%} behind last time: start with it")
    return lines


def _result(entry: Entry, tz: str) -> str:
    return f"{report_text(entry.report)} ({day_label(local(entry.created_at, tz).date())})"


@set_up_first
async def progress(update: Update, ctx: CoachContext) -> None:
    """Show how each exercise has moved since the first session."""
    user, message = update.effective_user, update.effective_message
    assert user is not None
    assert message is not None
    await message.reply_text(progress_text(await ctx.services.sessions.progress(user.id)))
