"""A retried update does not answer its button or send its message a second time."""

from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import Update

from bot import handling
from bot.said import once, request_key
from storage.inbox import Acting

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


async def test_a_retry_after_a_passing_fault_repeats_no_button_answer_and_no_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(handling, "RETRY_PAUSES", (0.0, 0.0))
    sent: list[str] = []
    runs: list[int] = []
    current = Acting(1, NOW)

    async def request(endpoint: str, data: dict[str, Any]) -> str:
        async def call() -> str:
            sent.append(endpoint)
            return f"result {len(sent)}"
        return await once(endpoint, data, call)

    async def handlers() -> None:
        runs.append(1)
        assert await request("answerCallbackQuery",
                             {"callback_query_id": "q", "text": f"try {len(runs)}"}) == "result 1"
        assert await request("sendMessage", {"chat_id": 7, "text": "Saved"}) == "result 2"
        await request("getFile", {"file_id": "f"})  # reads go out every time
        if len(runs) < 3:
            current.fault = "OperationalError"  # what the error handler notes

    async def rerun(_update: object) -> None:
        await handlers()

    await handling.run_with_retries(Update(1), current, handlers(), rerun)
    assert len(runs) == 3
    assert sent == ["answerCallbackQuery", "sendMessage", "getFile", "getFile", "getFile"]


async def test_the_same_message_twice_in_one_run_goes_out_twice() -> None:
    sent: list[int] = []

    async def call() -> int:
        sent.append(1)
        return len(sent)

    async def handlers() -> None:
        for _ in range(2):
            await once("sendMessage", {"chat_id": 7, "text": "Hi"}, call)

    await handling.run_with_retries(Update(2), Acting(2, NOW), handlers(), None)
    assert sent == [1, 1]
    assert await once("sendMessage", {"chat_id": 7}, call) == 3, "outside an update: as is"


def test_requests_that_say_nothing_have_no_key() -> None:
    assert request_key("getUpdates", {}) is None
    assert request_key("answerCallbackQuery", {"callback_query_id": "q", "text": "a"}) == \
        request_key("answerCallbackQuery", {"callback_query_id": "q", "text": "b"})
