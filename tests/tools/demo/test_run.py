"""The demo's composition: the real bot on a SQLite file, the clock buttons."""

import asyncio
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from services.plan import save_plan
from tools.demo.chat import VISITOR
from tools.demo.clock import DemoClock
from tools.demo.run import NO_PLAN, Demo

CHAT_ID = VISITOR.id


async def test_the_clock_buttons_move_time_and_ask_for_start_when_nothing_is_planned(
    tmp_path: Path,
) -> None:
    demo = Demo(tmp_path / "demo.db")
    url = await demo.start()
    try:
        assert url.startswith("http://127.0.0.1:")
        assert await demo.move_clock("next-reminder") == NO_PLAN
        before = demo.clock.now()
        assert "It is now" in await demo.move_clock("next-morning")
        assert demo.clock.now() > before
        await demo.move_clock("week")
        assert (demo.clock.now() - before).days >= 7
        assert await demo.move_clock("yesterday") == "Unknown clock action."
    finally:
        await demo.stop()
    assert (tmp_path / "demo.db").exists()


async def test_the_strava_buttons_post_runs_and_a_hard_one_brings_the_session(
    tmp_path: Path,
) -> None:
    # midday, whatever the real time: a 41-minute run that just ended started today (the
    # demo's clock starts at the real time and never goes back, so a jump cannot fix it
    # after midnight)
    demo = Demo(tmp_path / "demo.db", DemoClock(datetime(2026, 12, 2, 12, 0, tzinfo=UTC)))
    await demo.start()
    try:
        assert await demo.move_clock("strava-hard") == NO_PLAN
        services = demo.app.bot_data["services"] if demo.app else None
        assert services is not None
        now = demo.clock.now()
        await services.units.run(save_plan, now - timedelta(days=1), CHAT_ID, CHAT_ID,
                                 frozenset({1, 3}), frozenset(), time(6, 0), "UTC",
                                 services.offset)
        assert await demo.move_clock("strava-easy") == "An easy run just reached Strava."
        assert await demo.move_clock("strava-hard") == "A hard run just reached Strava."
        for _ in range(100):  # the pass runs as soon as the event is stored
            if any("Hard run spotted" in m.text for m in demo.fake.messages_to(CHAT_ID)):
                break
            await asyncio.sleep(0.05)
        texts = [m.text for m in demo.fake.messages_to(CHAT_ID)]
        assert any(t.startswith("✅ Strava connected") for t in texts)
        assert sum("Hard run spotted — 10 km, 41:12, workout" in t for t in texts) == 1
    finally:
        await demo.stop()
