"""The garbage collector, set for a bot that runs for weeks.

Once the bot is built, what it has loaded (PTB, SQLAlchemy, Babel's tables, the coaching
catalogue, the city tables of the time-zone finder: most of the heap) lives as long as the
process, so it is moved out of the collector's sight (`gc.freeze`): a full collection then
walks what came after, not the whole heap again. The young generation is collected every
YOUNG new objects instead of 700: a reminder batch or an update makes thousands that die
with it, and collecting them that often cost a dispatch pass a tenth of its time
(bench/dispatch.py; docs/performance.md). Cycles are still collected, a little later.
"""

import gc

YOUNG = 20_000  # allocations between two collections of the youngest generation


def settle() -> None:
    """Freeze what is loaded now and collect the young generation less often; call it once
    the bot is built, before it starts taking updates."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG, middle, old)
