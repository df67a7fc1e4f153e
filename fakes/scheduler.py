"""Fakes for the scheduler's ports: a scripted sender and a fake time source for pacing."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from coach.clock import FakeClock
from coach.views import SessionView
from services.plan import save_plan
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET

MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # the scheduler tests start here
TUESDAY_DUE = datetime(2026, 11, 24, 18, 15, tzinfo=UTC)  # 19:15 in Berlin: Tuesday's reminder


@dataclass
class Sent:
    """One message the scheduler handed to the sender."""

    kind: str  # reminder, missed or nudge
    user_id: int
    session_id: int
    at: datetime
    session_date: date


@dataclass
class ScriptedSender:
    """Succeeds unless told otherwise: `script[user]` errors are raised one per send, in
    order; `always[user]` is raised on every send to that user."""

    clock: FakeClock
    sent: list[Sent] = field(default_factory=list)
    script: dict[int, list[Exception]] = field(default_factory=dict)
    always: dict[int, Exception] = field(default_factory=dict)
    calls: int = 0

    async def reminder(self, view: SessionView) -> int:
        return self._send("reminder", view)

    async def missed(self, view: SessionView) -> int:
        return self._send("missed", view)

    async def nudge(self, view: SessionView) -> int:
        return self._send("nudge", view)

    def dates(self, kind: str) -> list[date]:
        """Session dates of what was sent of one kind, in order."""
        return [s.session_date for s in self.sent if s.kind == kind]

    def kinds(self, user_id: int) -> list[str]:
        return [s.kind for s in self.sent if s.user_id == user_id]

    def _send(self, kind: str, view: SessionView) -> int:
        self.calls += 1
        user_id = view.profile.user_id
        if user_id in self.always:
            raise self.always[user_id]
        if self.script.get(user_id):
            raise self.script[user_id].pop(0)
        self.sent.append(Sent(kind, user_id, view.session.id, self.clock.now(),
                              view.session.session_date))
        return 1000 + len(self.sent)


class FakeTime:
    """A monotonic clock read off the fake wall clock, and a sleep that only moves it."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.start = clock.now()
        self.slept: list[float] = []

    @property
    def now(self) -> float:
        return (self.clock.now() - self.start).total_seconds()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.clock.advance(timedelta(seconds=seconds))


async def onboard(plans: Units, user_id: int, now: datetime, *,
                  tz: str = "Europe/Berlin", days: frozenset[int] = frozenset({1, 3}),
                  run_end: time = time(18, 45), offset: timedelta = DEFAULT_OFFSET) -> None:
    """A runner with hard runs on `days` (0 = Monday) ending at `run_end` local time."""
    await plans.run(save_plan, now, user_id, user_id, days, frozenset(), run_end, tz, offset)
