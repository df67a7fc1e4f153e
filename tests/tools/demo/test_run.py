"""The demo's composition: the real bot on a SQLite file, the clock buttons."""

from pathlib import Path

from tools.demo.run import NO_PLAN, Demo


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
