"""/export sends every logged set as a CSV file; /import (a CSV file sent to the chat)
merges coachbot's own export, or Strong's or Hevy's, without logging anything twice."""

from telegram import Document, Update
from telegram.ext import filters

from bot.commands import NOT_SET_UP, set_up_first
from bot.context import CoachContext
from coach.transfer import MAX_BYTES, ImportRefused
from i18n import N_, _, ngettext
from services.plan import NotOnboarded
from services.progress import Imported, export_history, import_history

CSV_FILES = filters.Document.FileExtension("csv") | filters.Document.MimeType("text/csv")
HOW_TO_IMPORT = N_(
    "Send me a CSV file as a document: one from /export, or the CSV export of Strong or "
    "Hevy. I add the sessions I don't have yet and tell you what I skipped."
)
NOTHING_TO_EXPORT = N_("Nothing logged yet, so there's nothing to export.")
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
        await message.reply_text(_(NOTHING_TO_EXPORT))
        return
    day = ctx.services.clock.now().date().isoformat()
    await message.reply_document(
        text.encode(), filename=f"coachbot-sets-{day}.csv",
        caption=ngettext("All your sets: {n} row, one per set. /import takes this file back.",
                         "All your sets: {n} rows, one per set. /import takes this file back.",
                         rows).format(n=rows))


async def import_help(update: Update, ctx: CoachContext) -> None:
    """/import: say how to send the file."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(_(HOW_TO_IMPORT))


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
        await message.reply_text(refused_text(refused))
        return
    except NotOnboarded:
        await message.reply_text(_(NOT_SET_UP))
        return
    await message.reply_text(imported_text(outcome))


async def _download(ctx: CoachContext, document: Document) -> bytes:
    if document.file_size is not None and document.file_size > MAX_BYTES:
        raise ImportRefused(_("That file is over {mb} MB; a year of sessions is far smaller.")
                            .format(mb=MAX_BYTES // 1_000_000))
    file = await ctx.bot.get_file(document.file_id)
    if file.file_size is not None and file.file_size > MAX_BYTES:
        raise ImportRefused(_("That file is too big for me."))
    return bytes(await file.download_as_bytearray())


def refused_text(refused: ImportRefused) -> str:
    return _("I didn't import anything. {reason}").format(reason=refused.reason)


def imported_text(outcome: Imported) -> str:
    """What an import took and what it left out, in a few lines."""
    plan = outcome.plan
    sessions = outcome.sessions
    if plan.taken:
        lines = [ngettext("Imported from {source}: {n} session, {sets} sets.",
                          "Imported from {source}: {n} sessions, {sets} sets.", sessions)
                 .format(source=outcome.source, n=sessions, sets=plan.taken)]
    else:
        lines = [_("Nothing new in that {source} file.").format(source=outcome.source)]
    skipped = []
    if plan.duplicates:
        skipped.append(_("{n} sets already logged on those days").format(n=plan.duplicates))
    if outcome.warmups:
        skipped.append(_("{n} warm-up or empty sets").format(n=outcome.warmups))
    if plan.lighter:
        skipped.append(_("{n} sets below that day's working weight").format(n=plan.lighter))
    if outcome.unknown:
        names = sorted(outcome.unknown, key=lambda n: -outcome.unknown[n])
        more = len(names) - UNKNOWN_SHOWN
        shown = ", ".join(names[:UNKNOWN_SHOWN]) + (
            _(", +{n} more").format(n=more) if more > 0 else "")
        skipped.append(_("{n} sets of exercises I don't coach ({names})").format(
            n=sum(outcome.unknown.values()), names=shown))
    if skipped:
        lines.append(_("Skipped: {what}.").format(what="; ".join(skipped)))
    if plan.taken:
        lines.append(_("/progress and /history show them now."))
    return "\n".join(lines)
