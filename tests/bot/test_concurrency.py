"""Updates of different users run side by side; one user's updates keep their order."""

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, Update, User

from bot.concurrency import PerUserUpdateProcessor


def update(update_id: int, user_id: int) -> Update:
    user = User(id=user_id, first_name="R", is_bot=False)
    chat = Chat(id=user_id, type=Chat.PRIVATE)
    message = Message(message_id=update_id, date=datetime(2026, 11, 25, tzinfo=UTC), chat=chat,
                      from_user=user, text=str(update_id))
    return Update(update_id=update_id, message=message)


async def test_a_slow_update_of_one_user_does_not_hold_up_another_user() -> None:
    processor = PerUserUpdateProcessor(8)
    release = asyncio.Event()
    done: list[int] = []

    async def slow() -> None:
        await release.wait()
        done.append(1)

    async def quick() -> None:
        done.append(2)
        release.set()

    await asyncio.gather(processor.process_update(update(1, 100), slow()),
                         processor.process_update(update(2, 200), quick()))
    assert done == [2, 1]


async def test_one_users_updates_are_handled_in_arrival_order() -> None:
    processor = PerUserUpdateProcessor(8)
    order: list[int] = []

    def handler(n: int, pause: int) -> asyncio.Future[None]:
        async def run() -> None:
            for _ in range(pause):
                await asyncio.sleep(0)
            order.append(n)
        return asyncio.ensure_future(processor.process_update(update(n, 100), run()))

    await asyncio.gather(*(handler(n, pause) for n, pause in enumerate([5, 0, 3, 0, 1])))
    assert order == [0, 1, 2, 3, 4]
    assert not processor._locks
