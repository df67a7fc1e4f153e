"""The demo's clock: real time passing, plus the jumps the visitor asks for."""

import time
from datetime import UTC, datetime, timedelta


class DemoClock:
    """Starts at the real time and runs at the real pace; `jump_to`/`advance` move it ahead.

    It never goes back: a jump to the past is ignored, so stored instants stay ordered.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._start = (start or datetime.now(UTC)).astimezone(UTC)
        self._t0 = time.monotonic()
        self._offset = timedelta()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._t0) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        """Move ahead by delta; returns the new time."""
        if delta > timedelta():
            self._offset += delta
        return self.now()

    def jump_to(self, when: datetime) -> datetime:
        """Move ahead to `when` (aware); earlier instants leave the clock as it is."""
        return self.advance(when.astimezone(UTC) - self.now())
