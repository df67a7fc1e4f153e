"""The naive peer for bench/scale.py: one PTB `run_daily` job per runner, long-polling.

Run by the bench as a child process: python -m bench.naive_peer DATABASE_URL API_URL TOKEN
It reads every onboarded runner, schedules one daily job each (what a bot without a
database-backed schedule does), then starts polling; the bench times it to the first
getUpdates and reads its resident memory.
"""

import asyncio
import signal
import sys
from datetime import time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from coach.views import mask_to_days
from storage.db import create_engine
from storage.models import User


async def remind(context: ContextTypes.DEFAULT_TYPE) -> None:
    job = context.job
    assert job is not None
    assert job.chat_id is not None
    await context.bot.send_message(job.chat_id, "Strength session today 💪")


async def runners(url: str) -> list[tuple[int, int, int, str, int]]:
    engine = create_engine(url)
    async with engine.connect() as conn:
        rows = await conn.execute(select(User.id, User.chat_id, User.run_end_minutes, User.tz,
                                         User.session_days)
                                  .where(User.onboarded_at.is_not(None)))
        found = [(int(a), int(b), int(c or 0), str(d or "UTC"), int(e)) for a, b, c, d, e in rows]
    await engine.dispose()
    return found


def schedule(app: Application, rows: list[tuple[int, int, int, str, int]]) -> None:  # type: ignore[type-arg]
    assert app.job_queue is not None
    for user_id, chat_id, minutes, tz, days in rows:
        at = time(minutes // 60, minutes % 60, tzinfo=ZoneInfo(tz))
        ptb_days = tuple((day + 1) % 7 for day in mask_to_days(days))  # PTB: 0 = Sunday
        app.job_queue.run_daily(remind, at, days=ptb_days, chat_id=chat_id, name=str(user_id))


async def main(url: str, api_url: str, token: str) -> None:
    app = ApplicationBuilder().token(token).base_url(f"{api_url}/bot").build()
    schedule(app, await runners(url))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.5)
        await stop.wait()
        await app.updater.stop()
        await app.stop()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
