"""Warnings that cannot become a log storm: at most one a period, with a count of the rest."""

import logging
import time
from collections.abc import Callable

PERIOD_SECONDS = 10.0


class ThrottledLog:
    """Logs the first warning of each period; later ones are counted into the next line."""

    def __init__(self, logger: logging.Logger, period: float = PERIOD_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.logger, self.period, self.clock = logger, period, clock
        self._next = 0.0
        self.suppressed = 0

    def warning(self, message: str, *args: object) -> bool:
        """Log now, or count it; True when it was logged."""
        now = self.clock()
        if now < self._next:
            self.suppressed += 1
            return False
        self._next = now + self.period
        if self.suppressed:
            message += " (and %d more like it since the last such line)"
            args = (*args, self.suppressed)
            self.suppressed = 0
        self.logger.warning(message, *args)
        return True
