"""What the scheduler sends is rendered in its runner's language, whatever the task's."""

import i18n
from bot.sender import in_language
from coach.views import Profile


def profile(language: str | None) -> Profile:
    return Profile(user_id=1, chat_id=1, tz=None, run_end=None, hard_days=(), cross_days=(),
                   session_days=(), paused_until=None, active=True, auto_progression=True,
                   onboarded=True, language=language)


class Probe:
    """A sender whose sends report the language they were rendered in."""

    def __init__(self) -> None:
        self.heard: list[str] = []

    @in_language
    async def review(self, card: Profile) -> int:
        self.heard.append(i18n.current())
        return 1


async def test_each_send_speaks_its_runners_language_and_leaves_the_task_as_it_was() -> None:
    probe = Probe()
    with i18n.language("ru"):
        await probe.review(profile(None))  # not chosen: the source language
        await probe.review(profile("en"))
        assert i18n.current() == "ru"
    await probe.review(profile("ru"))
    assert probe.heard == ["en", "en", "ru"]
    assert i18n.current() == i18n.SOURCE
