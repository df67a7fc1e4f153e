"""Delivery at the cap: reminders due at once, the fake Bot API enforcing Telegram's limits.

Run: .venv/bin/python -m bench.cap [--due 3000] [--paths fan-out,delivery] [--rtt 50,100,250]
     [--no-peer] [--tiny]
The real bot (PTB, the send budget) against the fake Bot API over real HTTP with its flood
limits on (30 a second across chats, about one a second in a chat, real 429s with
retry_after) and a SQLite file. `due` reminders go out at once, two ways:
- fan-out: all of them handed to the sender together, as a batched scheduler does: this
  measures the send budget itself;
- delivery: the scheduler as it is (claim, render, sends in flight together, group commits);
  run again with the fake answering every call after a round trip of each `--rtt` (ms), as
  Telegram does from tens of milliseconds away.
While they go out, a runner whose reminder has arrived reports their session every second.
Measured: the rate accepted by the fake as a share of the 30/s cap, 429 answers, how late
the last reminder arrived, and the replies' latency (update queued → reply reaching the
fake). The naive peer, in the same run, is PTB's AIORateLimiter at 30/s with no priorities.
Prints a table; writes bench/results/cap.json, with the top-level figures
`share_at_rtt_<ms>_ms` (the delivery path's share of 30/s at that round trip) and
`throttled_429` (429 answers over every run of ours).
"""

import argparse
import asyncio
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram.ext import AIORateLimiter

from bench import table
from bench.delivery import seed
from bot.sender import TelegramSender
from fakes.rate_limits import RateLimits, counted
from fakes.telegram_api import ApiCall, FakeUser
from scheduler.delivery import Deliverer
from tools.harness import Harness, running_bot

DUE = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # bench.delivery seeds reminders due then
CAP = 30.0
REMINDER = "Strength time: 3 exercises, about 20 minutes."
NAIVE_REMINDERS_PER_SECOND = 25.0
REPLY_EVERY = 1.0  # seconds between two runners' reports during the burst


def delivered(h: Harness, due: int) -> list[ApiCall]:
    """Reminders the fake accepted (each seeded chat's first message), in order of arrival."""
    first: dict[int, ApiCall] = {}
    for call in h.fake.calls:
        if call.method == "sendMessage" and call.status == 200:
            chat = int(call.params["chat_id"])
            if chat <= due:
                first.setdefault(chat, call)
    return sorted(first.values(), key=lambda call: call.time)


async def report_once(h: Harness, user_id: int) -> float:
    """A runner reports; seconds from the update's arrival to the reply reaching the fake."""
    start = len(h.fake.calls)
    queued = time.monotonic()
    h.fake.send_text(FakeUser(id=user_id), "done")
    reply = await h.fake.wait_for_call(
        "sendMessage", lambda c: c.params.get("chat_id") == user_id and c.status == 200,
        after=start, timeout=30.0)
    return reply.time - queued


async def chat_during(h: Harness, burst: asyncio.Task[Any], due: int) -> list[float]:
    """Every REPLY_EVERY seconds of the burst, the last reminded runner not yet heard reports."""
    latencies: list[float] = []
    heard: set[int] = set()
    while not burst.done():
        await asyncio.sleep(REPLY_EVERY)
        reached = [int(c.params["chat_id"]) for c in delivered(h, due)]
        fresh = [user for user in reached[-10:] if user not in heard]
        if fresh and not burst.done():
            heard.add(fresh[0])
            latencies.append(await report_once(h, fresh[0]))
    return latencies


@contextmanager
def naive(h: Harness) -> Iterator[None]:
    """The naive wiring: PTB's AIORateLimiter at 30/s for every send, no priorities."""
    assert h.app is not None
    bot: Any = h.app.bot
    deliverer = h.app.bot_data["deliverer"]
    assert isinstance(deliverer, Deliverer)
    assert isinstance(deliverer.sender, TelegramSender)
    budget, bulk = bot._rate_limiter, deliverer.sender.bulk
    bot._rate_limiter = AIORateLimiter(overall_max_rate=CAP, max_retries=3)
    deliverer.sender.bulk = {}
    try:
        yield
    finally:
        bot._rate_limiter, deliverer.sender.bulk = budget, bulk


async def fan_out(h: Harness, due: int, paced: bool = False) -> int:
    """Every reminder handed to the sender at once (`paced`: the naive wiring's reminders
    start 25 a second, leaving room for replies in PTB's limiter, which has no priorities)."""
    assert h.app is not None
    deliverer = h.app.bot_data["deliverer"]
    assert isinstance(deliverer, Deliverer)
    sender, bot = deliverer.sender, h.app.bot
    assert isinstance(sender, TelegramSender)

    async def one(chat: int) -> None:
        if paced:
            await asyncio.sleep((chat - 1) / NAIVE_REMINDERS_PER_SECOND)
        await bot.send_message(chat, REMINDER, **sender.bulk)

    done = await asyncio.gather(*(one(chat) for chat in range(1, due + 1)),
                                return_exceptions=True)
    return sum(1 for result in done if result is None)


async def deliver(h: Harness, due: int, paced: bool = False) -> int:
    """One scheduler pass (its in-flight window leaves room for replies either way)."""
    del due, paced
    return (await h.tick()).sent


async def burst(url: str, due: int, path: str, peer: bool,
                rtt: float = 0.0) -> dict[str, Any]:
    """One burst of `due` reminders through the running bot; its figures."""
    async with running_bot(url) as h:
        await seed(url, due, due)
        h.fake.latency = rtt
        limits = h.fake.limit_rates(RateLimits(per_second=int(CAP)))
        h.clock.set(DUE)
        with naive(h) if peer else nullcontext():
            started = time.monotonic()
            task = asyncio.create_task(
                (fan_out if path == "fan-out" else deliver)(h, due, peer))
            latencies = await chat_during(h, task, due)
            sent = await task
        result = figures(h, limits, due, started, sent, latencies)
        return {**result, "rtt_ms": round(rtt * 1000)}


def figures(h: Harness, limits: RateLimits, due: int, started: float, sent: int,
            latencies: list[float]) -> dict[str, Any]:
    reminders = delivered(h, due)
    last = reminders[-1].time if reminders else started
    window = [c for c in h.fake.calls if c.status == 200 and started <= c.time <= last
              and counted(c.method, c.params.get("chat_id"))]
    rate = len(window) / (last - started) if last > started else 0.0
    return {"due": due, "sent": sent, "reminders_delivered": len(reminders),
            "sends_per_second": round(rate, 2), "ratio_of_cap": round(rate / CAP, 3),
            "answers_429": limits.refused, "answers_429_in_one_chat": limits.refused_in_chat,
            "last_reminder_late_s": round(last - started, 2),
            "at_the_cap_s": round(due / CAP, 2), "replies": table.percentiles(latencies)}


def rows(ours: dict[str, Any], peer: dict[str, Any] | None) -> list[table.Row]:
    def of(key: str, fmt: str = "{}") -> str:
        return "-" if peer is None else fmt.format(peer[key])

    late = f"{ours['last_reminder_late_s']} s"
    return [
        ("all sends, share of 30/s", f"{ours['ratio_of_cap']:.3f}", ">= 0.95",
         of("ratio_of_cap", "{:.3f}")),
        ("429 answers", str(ours["answers_429"]), "0", of("answers_429")),
        (f"last of {ours['due']} reminders", late, f"~{ours['at_the_cap_s']} s (at 30/s)",
         of("last_reminder_late_s", "{} s")),
        ("reply during burst p50", f"{ours['replies']['p50_ms']} ms", "-",
         "-" if peer is None else f"{peer['replies']['p50_ms']} ms"),
        ("reply during burst max", f"{ours['replies']['max_ms']} ms", "< 1000 ms",
         "-" if peer is None else f"{peer['replies']['max_ms']} ms"),
    ]


async def main(due: int, paths: list[str], peer: bool, out: Path | None,
               rtts_ms: tuple[int, ...] = ()) -> dict[str, Any]:
    result: dict[str, Any] = {}
    runs = [(path, 0) for path in paths] + [("delivery", ms) for ms in rtts_ms]
    with tempfile.TemporaryDirectory() as folder:
        for path, ms in runs:
            name = path if not ms else f"{path}, rtt {ms} ms"
            url = f"sqlite+aiosqlite:///{Path(folder) / f'{path}-{ms}'}"
            ours = await burst(f"{url}.db", due, path, False, ms / 1000)
            theirs = (await burst(f"{url}-peer.db", due, path, True, ms / 1000)
                      if peer and not ms else None)
            table.print_table(f"At the cap ({name}): {due} reminders due at once, the fake "
                              "enforcing 30/s and ~1/s per chat", rows(ours, theirs))
            result[name] = {"budget": ours, "naive_peer": theirs}
    for ms in rtts_ms:
        result[f"share_at_rtt_{ms}_ms"] = result[f"delivery, rtt {ms} ms"]["budget"][
            "ratio_of_cap"]
    result["throttled_429"] = sum(run["budget"]["answers_429"] for run in result.values()
                                  if isinstance(run, dict))
    table.write("cap", result, out)
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--due", type=int, default=3000)
    parser.add_argument("--paths", default="fan-out,delivery")
    parser.add_argument("--rtt", default="50,100,250",
                        help="round trips (ms) of the fake for extra delivery runs; '' for none")
    parser.add_argument("--no-peer", action="store_true", help="skip the naive peer's runs")
    parser.add_argument("--tiny", action="store_true", help="40 reminders, no peer (tests)")
    parser.add_argument("--out", type=Path, default=None, help="folder for cap.json")
    args = parser.parse_args()
    asyncio.run(main(40 if args.tiny else args.due, args.paths.split(","),
                     not (args.no_peer or args.tiny), args.out,
                     tuple(int(ms) for ms in args.rtt.split(",") if ms)))
