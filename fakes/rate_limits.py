"""Telegram's flood limits for the fake Bot API: 30 messages a second across chats, about one
a second in a chat, answered past that with a real 429 and `retry_after`.

Off by default (``FakeTelegram.rate_limits`` is None); ``fake.limit_rates()`` turns it on.
Counted are the calls that post or change a message in a chat (send*, edit*, copy*,
forward*; not sendChatAction), the same ones the bot's send budget counts (bot/budget.py).
Across chats the rule is strict: never more than `per_second` accepted in any one-second
window. In a chat, new messages (not edits) pass in short bursts (`chat_burst` back to
back), then one a second. A refused call does not count.
"""

import math
from collections import deque
from dataclasses import dataclass, field

COUNTED = ("send", "edit", "copy", "forward")
NOT_COUNTED = frozenset({"sendchataction"})


def counted(method: str, chat_id: object) -> bool:
    """Whether a call posts or changes a message in a chat."""
    name = method.lower()
    return chat_id is not None and name.startswith(COUNTED) and name not in NOT_COUNTED


@dataclass
class RateLimits:
    """The limits enforced, and what they let through or refused."""

    per_second: int = 30
    chat_rate: float = 1.0
    chat_burst: int = 3
    accepted: list[float] = field(default_factory=list)  # monotonic times of counted calls
    refused: int = 0
    refused_in_chat: int = 0  # of which for one chat's pace (the rest: across chats)
    _window: deque[float] = field(default_factory=deque)
    _chats: dict[str, float] = field(default_factory=dict)  # chat -> when its next is due

    def check(self, chat_id: object, now: float, *, edit: bool = False) -> int | None:
        """Count a call at `now`; None when accepted, else the seconds to wait (>= 1)."""
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        chat = str(chat_id)
        interval = 1.0 / self.chat_rate
        due = max(self._chats.get(chat, now), now)
        chat_wait = 0.0 if edit else due - (self.chat_burst - 1) * interval - now
        overall_wait = (self._window[0] + 1.0 - now) if len(self._window) >= self.per_second \
            else 0.0
        wait = max(chat_wait, overall_wait)
        if wait > 0:
            self.refused += 1
            self.refused_in_chat += chat_wait > overall_wait
            return max(1, math.ceil(wait))
        self._window.append(now)
        if not edit:
            self._chats[chat] = due + interval
        self.accepted.append(now)
        return None

    def rate(self, start: float, end: float) -> float:
        """Accepted calls per second between two monotonic times."""
        inside = [t for t in self.accepted if start <= t <= end]
        return len(inside) / (end - start) if end > start else 0.0
