"""The bot's membership in a private chat: blocked means inactive, unblocked means active.

Register with `ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)` and
poll with "my_chat_member" among the allowed updates.
"""

import logging

from telegram import ChatMember, Update
from telegram.constants import ChatType

from bot.context import CoachContext
from services.plan import deactivate, reactivate

log = logging.getLogger(__name__)


async def on_my_chat_member(update: Update, ctx: CoachContext) -> None:
    """Blocked ("kicked") → no more reminders; unblocked ("member") → reminders again."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    user_id, status = change.from_user.id, change.new_chat_member.status
    units, now = ctx.services.units, ctx.services.clock.now()
    if status == ChatMember.BANNED:
        await units.run(deactivate, user_id)
        log.info("membership user=%s outcome=user_inactive", user_id)
    elif status == ChatMember.MEMBER:
        profile = await units.run(reactivate, now, user_id, change.chat.id, ctx.services.offset)
        if profile is not None:
            log.info("membership user=%s outcome=user_active", user_id)
