"""The reason beside each exercise quotes the numbers the card shows: after a break, after
pain and after an effort tap, the headline's load is the card's load (tools/simulate)."""

import asyncio
import re

from coach.reasons import load_text
from tools.simulate import simulate

LOAD = re.compile(r"(?:@|→) (body weight|[\d.]+ (?:kg|lb))(?:, same)?$")


def test_the_reason_quotes_the_numbers_the_card_shows() -> None:
    """The achilles runner: away in weeks 6-7, Achilles pain in week 10, fine in week 13."""
    run = asyncio.run(simulate("achilles", 14))
    checked = 0
    for row in run.rows:
        if row.sets == 0 or row.swapped:
            continue
        found = LOAD.search(row.reason.split(" — ")[0])
        if found is None:
            continue
        checked += 1
        assert found[1] == load_text(row.load_kg, run.unit), (row.date, row.exercise,
                                                               row.reason)
    assert checked > 20
