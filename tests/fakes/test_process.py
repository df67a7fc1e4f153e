"""The fake Bot API in a process of its own: a PTB bot answers it, the control endpoints
drive the users and show the calls."""

import datetime as dtm
import time

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from fakes.process import fake_process


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def test_reports_are_answered_and_the_calls_are_seen_from_here() -> None:
    async with fake_process() as fake:
        app = (ApplicationBuilder().token(fake.token).base_url(f"{fake.url}/bot")
               .base_file_url(f"{fake.url}/file/bot").build())
        app.add_handler(MessageHandler(filters.TEXT, echo))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=1))
            try:
                started = time.monotonic()
                together, refused = await fake.reports([1, 2, 3], "hi", together=True)
                one_by_one, _ = await fake.reports([4, 5], "yo", together=False, gap=0.01)
                await fake.limit_rates()
            finally:
                await app.updater.stop()
                await app.stop()
        calls = await fake.calls()
    assert (len(together), len(one_by_one), refused) == (3, 2, 0)
    assert all(latency > 0 for latency in together + one_by_one)
    sent = [call for call in calls if call["method"] == "sendMessage"]
    assert sorted(call["chat_id"] for call in sent) == [1, 2, 3, 4, 5]
    assert all(call["status"] == 200 and call["time"] > started for call in sent)  # one clock
