"""Which language each runner is spoken to in, known without a query of its own.

Every arriving update's store reads its runner's stored language in the same statement
(storage/inbox.py), so `Languages` holds what the database said at the update's arrival;
/start and /language put what they store here too. A runner with no language stored (or
an update replayed after a restart, never seen by this process) gets `i18n.pick` of their
Telegram `language_code`. Several instances stay in step: each update brings a fresh read,
so a switch made on one instance is heard by the next update another instance stores.
"""

from collections import OrderedDict
from typing import Any

from telegram import Update

import i18n

MAX_RUNNERS = 100_000  # the most recently seen runners kept (a few MB at most)


class Languages:
    """User id -> the stored language (None: not chosen), the most recent ones kept."""

    def __init__(self, size: int = MAX_RUNNERS) -> None:
        self.size = size
        self._known: OrderedDict[int, str | None] = OrderedDict()

    def learn(self, user_id: int, code: str | None) -> None:
        """What the database holds for `user_id` (read at arrival, or just stored)."""
        self._known[user_id] = code
        self._known.move_to_end(user_id)
        while len(self._known) > self.size:
            self._known.popitem(last=False)

    def update(self, read: dict[int, str | None]) -> None:
        for user_id, code in read.items():
            self.learn(user_id, code)

    def of(self, update: Update) -> str:
        """The language to handle `update` in: stored, else from Telegram's language_code."""
        user = update.effective_user
        if user is None:
            return i18n.SOURCE
        stored = self._known.get(user.id)
        return i18n.known(stored) if stored else i18n.pick(user.language_code)


def languages_of(bot_data: dict[str, Any]) -> Languages:
    """The application's table (put there by bot/app.py; a fresh one where none was)."""
    table = bot_data.setdefault("languages", Languages())
    assert isinstance(table, Languages)
    return table
