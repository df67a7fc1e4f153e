"""Stop signals: the first one starts a graceful stop, repeats don't cut it short.

python-telegram-bot raises SystemExit on every stop signal, so a second SIGTERM that lands
while the bot is stopping aborts the stop: the reminder burst in hand is cancelled and the
database is left without a clean close. Second signals are common: GNU make forwards SIGTERM
to `make run`'s child, and systemd signals every process of the unit.
"""

import asyncio
import logging
import signal
from collections.abc import Callable

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)

log = logging.getLogger(__name__)


def stop_once() -> Callable[[int], None]:
    """A signal handler: stop at the first signal; ignore repeats, except a second Ctrl-C."""
    stopping = False

    def on_signal(signum: int) -> None:
        nonlocal stopping
        name = signal.Signals(signum).name
        if not stopping:
            stopping = True
            log.info("%s received: finishing the work in hand, then stopping", name)
            raise SystemExit(0)
        if signum == signal.SIGINT:
            log.warning("second Ctrl-C: stopping now")
            raise KeyboardInterrupt
        log.info("%s received again: already stopping", name)

    return on_signal


def install_stop_handlers() -> bool:
    """Give the event loop PTB will run on our stop handlers; False if the platform can't.

    PTB's run_polling/run_webhook use the current event loop, so it is created and set here;
    call them with `stop_signals=None` when this returns True.
    """
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = stop_once()
    try:
        for signum in STOP_SIGNALS:
            loop.add_signal_handler(signum, handler, signum)
    except NotImplementedError:  # event loops without signal support (Windows)
        return False
    return True


def ignore_stop_signals() -> None:
    """Once the bot has stopped, a late signal must not turn a clean exit into a kill."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
