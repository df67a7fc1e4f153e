"""Conversation latency: 50 runners report their session at once, through the real bot.

Run: .venv/bin/python -m bench.conversation [--runners 50] [--rounds 10] [--tiny]
The real bot (PTB, the send budget, the services, a SQLite file) against the fake Bot API
over real HTTP. Each round, `runners` runners whose reminder has arrived report their
session ("done") at the same instant; the latency is from the update's arrival at the fake
to the reply reaching it. Two ways, in the same run:
- processing: the send rate lifted (as a self-hosted Bot API allows): the bot's own cost;
- at Telegram's limits: the send budget at its default 29/s and the fake enforcing 30/s.
  Fifty replies at once cannot all leave within a second at 30/s, so here the tail is
  the budget spreading them out, not the bot being slow.
Prints p50/p95/p99 and writes bench/results/conversation.json.
"""

import argparse
import asyncio
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import table
from bench.delivery import seed
from bot.config import Settings
from coach.clock import FakeClock
from fakes.telegram_api import FakeTelegram, FakeUser
from tools.harness import START, Harness

DUE = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # bench.delivery seeds reminders due then
LIFTED = 100_000.0


class Lifted(Harness):
    """The harness with the send rate lifted: only the bot's own work is measured."""

    def settings(self) -> Settings:
        return super().settings().model_copy(update={"send_rate_per_second": LIFTED,
                                                     "reminders_per_second": LIFTED})


@asynccontextmanager
async def bot(url: str, limited: bool) -> AsyncIterator[Harness]:
    fake = FakeTelegram()
    await fake.start()
    h = (Harness if limited else Lifted)(fake, FakeClock(START), url)
    try:
        await h.start()
        yield h
    finally:
        await h.stop()
        await fake.stop()


async def reply_time(h: Harness, user_id: int, after: int) -> float:
    """When the first message or edit after call `after` reached the runner's chat."""
    def find() -> float | None:
        for call in h.fake.calls[after:]:
            if (call.params.get("chat_id") == user_id and call.status == 200
                    and call.method in ("sendMessage", "editMessageText")):
                return call.time
        return None

    found = await h.fake._wait(find, 60.0)
    assert found is not None, f"no reply to runner {user_id}"
    return found


async def one_round(h: Harness, users: range) -> list[float]:
    """Every runner of `users` reports at the same instant; each one's latency."""
    after = len(h.fake.calls)
    queued = time.monotonic()
    for user in users:
        h.fake.send_text(FakeUser(id=user), "done")
    arrived = await asyncio.gather(*(reply_time(h, user, after) for user in users))
    return [at - queued for at in arrived]


async def measure(url: str, runners: int, rounds: int, limited: bool) -> dict[str, Any]:
    async with bot(url, limited) as h:
        await seed(url, runners * rounds, runners * rounds)
        h.clock.set(DUE)
        await h.tick()  # every runner's reminder goes out first (not measured)
        if limited:
            h.fake.limit_rates()
        latencies: list[float] = []
        for number in range(rounds):
            first = number * runners + 1
            latencies += await one_round(h, range(first, first + runners))
            await h.settled()
        throttled = h.fake.rate_limits.refused if h.fake.rate_limits else 0
    return {**table.percentiles(latencies), "answers_429": throttled}


async def main(runners: int, rounds: int, out: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        lifted = await measure(f"sqlite+aiosqlite:///{Path(folder) / 'a.db'}", runners,
                               rounds, limited=False)
        limited = await measure(f"sqlite+aiosqlite:///{Path(folder) / 'b.db'}", runners,
                                rounds, limited=True)
    rows: list[table.Row] = [
        (f"processing, {runners} at once, p{q}", f"{lifted[f'p{q}_ms']} ms",
         "< 50 ms" if q == "99" else "-", "-") for q in ("50", "95", "99")]
    rows += [(f"at the 30/s limit, {runners} at once, p{q}", f"{limited[f'p{q}_ms']} ms",
              "-", "-") for q in ("50", "95", "99")]
    rows.append(("429 answers at the limit", str(limited["answers_429"]), "0", "-"))
    table.print_table(f"Conversation: {runners} runners report at once, {rounds} rounds "
                      "(update arrival → reply at the fake)", rows)
    result = {"runners": runners, "rounds": rounds, "processing": lifted,
              "at_the_limit": limited}
    table.write("conversation", result, out)
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--tiny", action="store_true", help="5 runners, 1 round (tests)")
    parser.add_argument("--out", type=Path, default=None, help="folder for the JSON")
    args = parser.parse_args()
    runners, rounds = (5, 1) if args.tiny else (args.runners, args.rounds)
    asyncio.run(main(runners, rounds, args.out))
