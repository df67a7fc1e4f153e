"""PTB's rate limiter drawing every counted request from the one SendBudget (bot/budget.py)."""

import itertools
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.budget import Priority, Result, SendBudget, counted, retry_seconds
from bot.said import once


def chat_of(data: Mapping[str, object]) -> int | str | None:
    """The chat a call posts or changes a message in."""
    chat = data.get("chat_id")
    if chat is None:
        return None
    try:
        return int(str(chat))
    except ValueError:
        return str(chat)


class BudgetRateLimiter(BaseRateLimiter[Priority]):
    """PTB's rate limiter, drawing every counted request from the one SendBudget.

    A 429 pauses the call's chat (or, with 429s from several chats, the whole budget) for
    its retry_after, then the call is tried again, up to
    `max_retries` times; a reminder's 429 that outlasts them goes back to the scheduler,
    whose Pacer waits it out (scheduler/pacing.py).
    """

    def __init__(self, budget: SendBudget, max_retries: int = 3) -> None:
        self.budget = budget
        self.max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        await self.budget.close()

    async def process_request(
        self, callback: Callable[..., Coroutine[Any, Any, Result]], args: Any,
        kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
        rate_limit_args: Priority | None,
    ) -> Result:
        return await once(endpoint, data, lambda: self._paced(  # once per update, over retries
            callback, args, kwargs, endpoint, data, rate_limit_args))

    async def _paced(
        self, callback: Callable[..., Coroutine[Any, Any, Result]], args: Any,
        kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
        rate_limit_args: Priority | None,
    ) -> Result:
        if not counted(endpoint, data):
            return await callback(*args, **kwargs)
        priority = Priority(rate_limit_args or Priority.REPLY)
        chat, paced = chat_of(data), not endpoint.startswith("edit")
        slots = self.budget.slots
        for attempt in itertools.count():
            if chat is not None and (held := await slots.paused(chat)) > 0:
                self.budget.hold(chat, held)  # another instance met this chat's 429
            try:
                async with self.budget.sending(chat, priority, paced=paced):
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = retry_seconds(exc)
                whole = self.budget.pause(seconds, chat)
                await slots.share_pause(seconds, None if whole else chat)
                if attempt >= self.max_retries:
                    raise
        raise AssertionError("unreachable")
