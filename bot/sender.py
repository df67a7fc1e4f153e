"""The scheduler's view of Telegram: send a reminder or a missed-session note."""

from telegram import Bot
from telegram.error import BadRequest, Forbidden

from bot import session_log as ui
from scheduler.delivery import RecipientGone
from storage.records import SessionView

GONE_MARKERS = ("chat not found", "user is deactivated", "bot was blocked")


class TelegramSender:
    """Renders session cards and sends them; an unreachable chat raises RecipientGone."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def reminder(self, view: SessionView) -> int:
        return await self._send(view.profile.chat_id, ui.card_text(view, "Strength time"),
                                ui.card_keyboard(view.session.id))

    async def missed(self, view: SessionView) -> int:
        return await self._send(view.profile.chat_id, ui.missed_text(view),
                                ui.missed_keyboard(view.session.id))

    async def _send(self, chat_id: int, text: str, markup: object) -> int:
        try:
            message = await self.bot.send_message(chat_id, text, reply_markup=markup)  # type: ignore[arg-type]
        except Forbidden as exc:
            raise RecipientGone(str(exc)) from exc
        except BadRequest as exc:
            if any(marker in exc.message.lower() for marker in GONE_MARKERS):
                raise RecipientGone(exc.message) from exc
            raise
        return message.message_id
