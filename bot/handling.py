"""One stored update's handling: leased, retried after a passing database fault, settled.

`Ingest.handle` (bot/ingest.py) runs an update's handlers with the update named as `acting`
(storage/inbox.py). When a handler meets a passing database fault (a dropped connection, a
serialization failure, SQLite's "database is locked") before any of its changes committed,
the error handler (`passing_fault`, called by bot.routes.on_error) notes the fault instead of
saying sorry, and the handlers run again, up to TRIES times over about two seconds; the
reply goes out after the commit, so a retried handler answers once. If the last try fails
too, the runner hears it will be picked up and the update is deferred to a later pass of the
lease keeper; after GIVE_UP_AFTER passes it is given up (counted by `coachbot status`) and
the runner is asked to send it again. Nothing is marked handled that was not.
"""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from telegram import Bot, Update
from telegram.error import TelegramError

import i18n
from bot.said import Said, said
from bot.throttled_log import ThrottledLog
from i18n import N_, _
from services.runtime import Acting, AlreadyTaken, Inbox, Incoming, Lease, acting, is_transient

log = logging.getLogger(__name__)
TRIES = 3
RETRY_PAUSES = (0.5, 1.5)  # seconds before the second and the third try
LATER_SECONDS = 15.0  # a deferred update is tried again by a pass after this
GIVE_UP_AFTER = 10  # deferred passes before an update is given up
INTERRUPTED = N_("I restarted while answering your last message. It's saved, nothing lost; "
                 "/plan shows what's next.")
DEFERRED = N_("I couldn't save that just now; I'll pick it up shortly.")
GAVE_UP = N_("I still couldn't save one of your messages after several tries, sorry. "
             "Please send it again.")
UNWRITABLE_PERIOD = 60.0  # one line a minute while the database refuses writes
unwritable = ThrottledLog(log, UNWRITABLE_PERIOD)
MAX_ID = 2**63 - 1  # the inbox's ids are 64-bit


def incoming(update: Update) -> Incoming:
    """An update as the inbox stores it."""
    user = update.effective_user
    return Incoming(update.update_id, user.id if user else None,
                    json.dumps(update.to_dict(), separators=(",", ":")))


def fits(update: Update) -> bool:
    """The update's own, user and chat ids fit the database's 64-bit integers."""
    ids = [update.update_id]
    ids += [x.id for x in (update.effective_user, update.effective_chat) if x is not None]
    return update.update_id >= 0 and all(-MAX_ID <= i <= MAX_ID for i in ids)


async def run_with_retries(update: Update, current: Acting, coroutine: Awaitable[Any],
                           rerun: Callable[[object], Awaitable[Any]] | None) -> None:
    """Run the handlers; again (a fresh run) while the error handler reports a passing fault."""
    ledger = Said()  # what was sent or answered, not to be said again by a retry
    for attempt in range(TRIES):
        current.retry = rerun is not None and attempt < TRIES - 1
        current.fault = None
        ledger.next_run()
        token, told = acting.set(current), said.set(ledger)
        try:
            await coroutine
        finally:
            acting.reset(token)
            said.reset(told)
        if current.fault is None or not current.retry or rerun is None:
            return
        await asyncio.sleep(RETRY_PAUSES[attempt])
        coroutine = rerun(update)


def answered(current: Acting) -> bool:
    """Acted on (its changes committed) and answered without a fault: a crash before its
    handled mark commits costs at most a restart note, never a redo."""
    return current.marked and current.fault is None and not current.taken


async def settle(update: Update, current: Acting, inbox: Inbox, lease: Lease,
                 bot: Bot | None) -> None:
    """`settle_once`, again (bounded) after a passing fault: a dropped connection must not
    leave an answered update to be noted again by a later pass."""
    for pause in (*RETRY_PAUSES, None):
        try:
            await settle_once(update, current, inbox, lease, bot)
            return
        except Exception as exc:
            if pause is None or not is_transient(exc):
                raise
            await asyncio.sleep(pause)


async def settle_once(update: Update, current: Acting, inbox: Inbox, lease: Lease,
                      bot: Bot | None) -> None:
    """After the handlers: handled; or deferred; or (acted on already, or another instance's)
    left alone: its lease lapses, and if nobody finished it, a later pass notes it."""
    if current.taken:
        return
    if current.fault is not None:
        if await inbox.defer(update.update_id, lease, LATER_SECONDS, GIVE_UP_AFTER):
            log.warning("update %s given up after %d passes with passing faults",
                        update.update_id, GIVE_UP_AFTER)
            await _tell(update, bot, GAVE_UP)
    else:
        await inbox.done(update.update_id, current.at)


async def passing_fault(update: object, error: BaseException | None, bot: Bot) -> bool:
    """The error handler's first question: was this a passing fault, dealt with here?

    True when the update is to be tried again (nothing said), was deferred (the runner told
    it will be picked up), or was found acted on or taken by another instance (nothing to
    redo). A passing fault outside any update (a scheduler tick) is one warning line.
    """
    if update is None and error is not None and database_trouble(error):
        return True
    current = acting.get()
    if not isinstance(update, Update) or current is None or error is None \
            or current.update_id != update.update_id:
        return False
    if isinstance(error, AlreadyTaken):
        current.taken = True
        log.info("update %s: acted on already or held by another instance; not redone",
                 update.update_id)
        return True
    if current.marked or not is_transient(error):
        return False
    current.fault = type(error).__name__
    log.warning("update %s: passing database fault (%s); %s", update.update_id, current.fault,
                "trying again" if current.retry else "left for a later pass")
    if not current.retry:
        await _tell(update, bot, DEFERRED)
    return True


class Holder(Protocol):
    """What the restart notes need of the ingest: its held rows, renewing, marking done."""

    working: set[int]

    async def hold(self, ids: list[int]) -> set[int]: ...

    async def done(self, update: Update) -> None: ...


async def tell_interrupted(bot: Bot, acted: Sequence[Update], holder: Holder) -> None:
    """One note per chat whose update was acted on but maybe never answered; each chat's
    updates are marked handled once its note is out, so a stop halfway through leaves only
    the chats not told yet (told by a later pass). Just before a note goes out its rows'
    lease is renewed: a chat whose rows another instance took meanwhile is not told twice.
    Rows not marked (a failure, a stop) are let go: their lease lapses for a later pass."""
    by_chat: dict[int | None, list[Update]] = {}
    for update in acted:
        chat = update.effective_chat
        by_chat.setdefault(None if chat is None else chat.id, []).append(update)
    try:
        for chat_id, updates in by_chat.items():
            if await holder.hold([u.update_id for u in updates]):
                await _note(bot, chat_id, updates, holder)
    except Exception as exc:
        log.warning("restart notes stopped: %s", type(exc).__name__)
    finally:
        holder.working.difference_update(u.update_id for u in acted)


async def _note(bot: Bot, chat_id: int | None, updates: list[Update], holder: Holder) -> None:
    if chat_id is not None:
        user = updates[0].effective_user  # outside any handler: the language of their Telegram
        try:
            with i18n.language(i18n.pick(user.language_code if user else None)):
                text = _(INTERRUPTED)
            await bot.send_message(chat_id, text)
        except TelegramError as exc:
            log.info("could not tell chat %s about the restart: %s", chat_id,
                     type(exc).__name__)
    for update in updates:
        await holder.done(update)


def database_trouble(error: BaseException) -> bool:
    """A read-only or unavailable database: one line a minute, no traceback. True if so."""
    if not (is_transient(error) or _read_only(error)):
        return False
    what = "read-only" if _read_only(error) else "unavailable"
    unwritable.warning("the database is %s (%s); nothing is saved until it is back", what,
                       _first_line(error))
    return True


def _read_only(error: BaseException) -> bool:
    text = str(error).lower()
    return "readonly database" in text or "read-only" in text


def _first_line(error: BaseException) -> str:
    cause = error.__cause__ or error
    return f"{type(cause).__name__}: {str(cause).splitlines()[0] if str(cause) else ''}"[:200]


async def _tell(update: Update, bot: Bot | None, text: str) -> None:
    chat = update.effective_chat
    if bot is None or chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
    except Exception:
        log.debug("could not answer the callback query of update %s", update.update_id)
    try:
        await bot.send_message(chat.id, _(text))  # in the language of the update's block
    except Exception as exc:
        log.info("could not tell chat %s: %s", chat.id, type(exc).__name__)
