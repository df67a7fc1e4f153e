"""/export sends every logged set as a CSV file; /import (a CSV file sent to the chat)
merges coachbot's own export, or Strong's or Hevy's, without logging anything twice."""

from telegram import Document, Update
from telegram.ext import filters

from bot.commands import NOT_SET_UP, set_up_first
from bot.context import CoachContext
from coach.transfer import MAX_BYTES, ImportRefused
from services.plan import NotOnboarded
from services.progress import Imported, export_history, import_history

CSV_FILES = filters.Document.FileExtension("csv") | filters.Document.MimeType("text/csv")
HOW_TO_IMPORT = (
    "Send me a CSV file as a document: one from /export, or the CSV export of Strong or "
    "Hevy. I add the sessions I don't have yet and tell you what I skipped."
)
NOTHING_TO_EXPORT = "Nothing logged yet, so there's nothing to export."
UNKNOWN_SHOWN = 3


@set_up_first
async def export(update: Update, ctx: CoachContext) -> None:
    """Send all of the runner's sets as a CSV document."""
    user, message = update.effective_user, update.effective_message
    assert user is not None
    assert message is not None
    text = await ctx.services.units.run(export_history, user.id)
    rows = text.count("\n") - 1
    if rows <= 0:
        await message.reply_text(NOTHING_TO_EXPORT)
        return
    day = ctx.services.clock.now().date().isoformat()
    await message.reply_document(
        text.encode(), filename=f"coachbot-sets-{day}.csv",
        caption=f"All your sets: {rows} row{'' if rows == 1 else 's'}, one per set. "
                "/import takes this file back.")


async def import_help(update: Update, ctx: CoachContext) -> None:
    """/import: say how to send the file."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(HOW_TO_IMPORT)


async def _import(ctx: CoachContext, user_id: int, data: bytes) -> Imported:
    return await ctx.services.units.run(import_history, ctx.services.clock.now(), user_id, data)


async def on_csv(update: Update, ctx: CoachContext) -> None:
    """A CSV document in the chat: read it whole, then merge it or refuse it unchanged."""
    user, message = update.effective_user, update.effective_message
    assert user is not None
    assert message is not None
    document = message.document
    assert document is not None
    try:
        data = await _download(ctx, document)
        outcome = await _import(ctx, user.id, data)
    except ImportRefused as refused:
        await message.reply_text(f"I didn't import anything. {refused.reason}")
        return
    except NotOnboarded:
        await message.reply_text(NOT_SET_UP)
        return
    await message.reply_text(imported_text(outcome))


async def _download(ctx: CoachContext, document: Document) -> bytes:
    if document.file_size is not None and document.file_size > MAX_BYTES:
        raise ImportRefused(f"That file is over {MAX_BYTES // 1_000_000} MB; a year of "
                            "sessions is far smaller.")
    file = await ctx.bot.get_file(document.file_id)
    if file.file_size is not None and file.file_size > MAX_BYTES:
        raise ImportRefused("That file is too big for me.")
    return bytes(await file.download_as_bytearray())


def imported_text(outcome: Imported) -> str:
    """What an import took and what it left out, in a few lines."""
    plan = outcome.plan
    sessions = outcome.sessions
    if plan.taken:
        lines = [f"Imported from {outcome.source}: {sessions} session"
                 f"{'' if sessions == 1 else 's'}, {plan.taken} sets."]
    else:
        lines = [f"Nothing new in that {outcome.source} file."]
    skipped = []
    if plan.duplicates:
        skipped.append(f"{plan.duplicates} sets already logged on those days")
    if outcome.warmups:
        skipped.append(f"{outcome.warmups} warm-up or empty sets")
    if plan.lighter:
        skipped.append(f"{plan.lighter} sets below that day's working weight")
    if outcome.unknown:
        names = sorted(outcome.unknown, key=lambda n: -outcome.unknown[n])
        more = len(names) - UNKNOWN_SHOWN
        shown = ", ".join(names[:UNKNOWN_SHOWN]) + (f", +{more} more" if more > 0 else "")
        skipped.append(f"{sum(outcome.unknown.values())} sets of exercises I don't coach "
                       f"({shown})")
    if skipped:
        lines.append("Skipped: " + "; ".join(skipped) + ".")
    if plan.taken:
        lines.append("/progress and /history show them now.")
    return "\n".join(lines)
