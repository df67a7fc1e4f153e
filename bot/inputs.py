"""Replies to input the flows don't take: long texts, forwards, media, unknown commands."""

from telegram import Message, Update
from telegram.ext import filters

from bot.context import CoachContext
from i18n import N_, _

TOO_LONG = N_(
    "That's a lot of text; I only read short messages. Send your reps, one line per "
    "exercise, like “goblet 3x8 @ 12kg”."
)
FORWARDED = N_(
    "That's a forwarded message, so I won't log it: I only count reps you type yourself. "
    "Send them as a new message, like “goblet 3x8 @ 12kg”."
)
STICKER = N_("Nice sticker! I only read text, though. /help lists what I understand.")
MEDIA = N_(
    "I can't look at photos, voice notes or files. Type your reps instead, "
    "like “goblet 3x8 @ 12kg”."
)
UNKNOWN_COMMAND = N_("I don't know {command}. /help lists what I understand.")
UNKNOWN = N_("I didn't get that. /help lists what I understand.")
MEDIA_FILTER = (filters.PHOTO | filters.VIDEO | filters.VIDEO_NOTE | filters.VOICE
                | filters.AUDIO | filters.Document.ALL | filters.ANIMATION)


class LongText(filters.MessageFilter):
    """A text or caption longer than the limit: answered briefly, never parsed."""

    def __init__(self, limit: int) -> None:
        super().__init__(name=f"LongText({limit})")
        self.limit = limit

    def filter(self, message: Message) -> bool:
        return len(message.text or message.caption or "") > self.limit


def _message(update: Update) -> Message:
    message = update.effective_message
    assert message is not None
    return message


async def too_long(update: Update, _ctx: CoachContext) -> None:
    """Over-long text: a short answer, nothing parsed."""
    await _message(update).reply_text(_(TOO_LONG))


async def forwarded(update: Update, _ctx: CoachContext) -> None:
    """Someone else's words (or old ones) are not a rep report."""
    await _message(update).reply_text(_(FORWARDED))


async def sticker(update: Update, _ctx: CoachContext) -> None:
    await _message(update).reply_text(_(STICKER))


async def media(update: Update, _ctx: CoachContext) -> None:
    await _message(update).reply_text(_(MEDIA))


async def unknown_command(update: Update, _ctx: CoachContext) -> None:
    """A command we don't have: name it (shortened) and point to /help."""
    message = _message(update)
    command = (message.text or "/").split()[0].split("@")[0][:33]
    await message.reply_text(_(UNKNOWN_COMMAND).format(command=command))


async def unknown(update: Update, _ctx: CoachContext) -> None:
    """Contacts, polls, dice and the like: point to /help."""
    await _message(update).reply_text(_(UNKNOWN))
