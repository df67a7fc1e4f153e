"""What an update's handlers said to Telegram, kept across a retry of the update.

After a passing database fault the update's handlers run again (bot/handling.py). A handler
that answered its button or sent a message before the fault would do it twice: the second
answer to a button fails ("query ID is invalid", then "Sorry"), a message arrives twice. So
each request that says something (sends, edits, deletes, button answers) is looked up in
the update's ledger first: the n-th identical request of a run gets the n-th result of an
earlier run instead of going out again. Reads (getFile, getMe) always go out. The rate
limiter (bot/budget.py) routes every request through `once`.
"""

import json
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")
SAYING = ("send", "edit", "delete", "copy", "forward", "answer", "pin", "unpin")


class Said:
    """One update's requests that said something, with their results, over its runs."""

    def __init__(self) -> None:
        self.results: dict[str, list[Any]] = {}
        self.seen: dict[str, int] = {}  # this run's count of each request

    def next_run(self) -> None:
        self.seen.clear()


said: ContextVar[Said | None] = ContextVar("said", default=None)


def request_key(endpoint: str, data: dict[str, Any]) -> str | None:
    """What makes two requests the same; None for requests that say nothing."""
    if endpoint == "answerCallbackQuery":  # a button is answered once, whatever the text
        return f"{endpoint}:{data.get('callback_query_id')}"
    if not endpoint.startswith(SAYING):
        return None
    return f"{endpoint}:{json.dumps(data, sort_keys=True, default=str)}"


async def once(endpoint: str, data: dict[str, Any], call: Callable[[], Awaitable[T]]) -> T:
    """Make the request, unless an earlier run of this update made it already."""
    ledger, key = said.get(), request_key(endpoint, data)
    if ledger is None or key is None:
        return await call()
    nth = ledger.seen.get(key, 0)
    ledger.seen[key] = nth + 1
    earlier = ledger.results.get(key, [])
    if nth < len(earlier):
        result: T = earlier[nth]
        return result
    result = await call()
    ledger.results.setdefault(key, []).append(result)
    return result
