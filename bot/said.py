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
    """One update's requests that said something, with their results, over its runs.

    A first run only notes its requests (most updates never run again); their keys are
    worked out when a retry first asks for one."""

    def __init__(self) -> None:
        self.made: list[tuple[str, dict[str, Any], Any]] = []  # (endpoint, data, result)
        self.results: dict[str, list[Any]] | None = None  # by key, from a retry on
        self.seen: dict[str, int] = {}  # this run's count of each request
        self.retried = False

    def next_run(self) -> None:
        self.seen.clear()
        self.retried = True

    def by_key(self) -> dict[str, list[Any]]:
        """The results so far by request key (worked out once, kept up to date after)."""
        if self.results is None:
            self.results = {}
            for endpoint, data, result in self.made:
                key = request_key(endpoint, data)
                if key is not None:
                    self.results.setdefault(key, []).append(result)
        return self.results


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
    ledger = said.get()
    if ledger is None or not endpoint.startswith(SAYING):
        return await call()
    if not ledger.retried:
        result = await call()
        ledger.made.append((endpoint, dict(data), result))
        return result
    key = request_key(endpoint, data)
    assert key is not None
    results = ledger.by_key()
    nth = ledger.seen.get(key, 0)
    ledger.seen[key] = nth + 1
    earlier = results.get(key, [])
    if nth < len(earlier):
        found: T = earlier[nth]
        return found
    result = await call()
    results.setdefault(key, []).append(result)
    return result
