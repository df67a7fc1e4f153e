"""Strava through the services, on a real database, a stub Strava and an injected clock."""

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.strava import LONG_RUN, WORKOUT, Activity
from coach.views import Delivery
from services.language import choose_language
from services.plan import delete_user, plan_overview, save_plan
from services.runtime import Units
from services.settings import Switched, change_setting, settings_screen
from services.strava import CallbackRefused, Connect, Connected, Linked, StravaApp
from services.strava_api import RateLimited, Unavailable, Usage
from services.strava_events import Disconnected, StravaEvents
from services.strava_follow import Followed, Kept, RaceNoted
from services.strava_keys import Keys
from storage.strava_tables import StravaActivity, StravaEvent, StravaLimit, StravaLink
from storage.uow import UnitOfWork
from tests.services.strava_stub import StravaIntents, StubApi, event, throttled

NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wednesday 2 Dec, 17:00 in Berlin
OFFSET = timedelta(minutes=30)
ALICE, ATHLETE = 1001, 555
KEYS = Keys("a-test-key-of-some-length-0123456789")


@pytest.fixture
async def api() -> AsyncIterator[StubApi]:
    stub = StubApi()
    yield stub
    await stub.close()


@pytest.fixture
def uow(factory: async_sessionmaker[AsyncSession]) -> object:
    return lambda: UnitOfWork(factory)


@pytest.fixture
def strava(uow: object, api: StubApi) -> StravaIntents:
    return StravaIntents(uow, StravaApp(api, KEYS, "https://coach.example/", "verify-me"))  # type: ignore[arg-type]


@pytest.fixture
def events(uow: object, api: StubApi) -> StravaEvents:
    return StravaEvents(uow, api, KEYS, OFFSET)  # type: ignore[arg-type]


@pytest.fixture
async def plans(factory: async_sessionmaker[AsyncSession]) -> Units:
    plans = Units(factory)
    # Tue, Thu and Sat hard; runs end 18:30 in Berlin, so reminders at 19:00 (18:00 UTC).
    await plans.run(save_plan, NOW - timedelta(days=3), ALICE, ALICE, frozenset({1, 3, 5}),
                    frozenset(), time(18, 30), "Europe/Berlin", OFFSET)
    return plans


async def connect(strava: StravaIntents, api: StubApi) -> None:
    view = await strava.view(ALICE, ALICE, NOW)
    assert isinstance(view, Connect)
    state = parse_qs(urlsplit(view.url).query)["state"][0]
    api.grant("code-1", ATHLETE)
    linked = await strava.callback(
        {"state": state, "code": "code-1", "scope": "read,activity:read_all"}, NOW)
    assert linked == Linked(ALICE, ALICE)


def workout(activity_id: int = 1, moving: int = 2472, workout_type: int | None = WORKOUT,
            start: datetime = NOW - timedelta(hours=1), distance: float = 10_000) -> Activity:
    return Activity(activity_id, "Run", start, distance, moving, "Track night",
                    workout_type=workout_type)


async def count(factory: async_sessionmaker[AsyncSession], table: type) -> int:
    async with factory() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def test_the_connect_link_asks_for_activities_and_carries_a_signed_state(
        plans: Units, strava: StravaIntents) -> None:
    view = await strava.view(ALICE, ALICE, NOW)
    assert isinstance(view, Connect)
    query = parse_qs(urlsplit(view.url).query)
    assert view.url.startswith("https://oauth.invalid/authorize?")
    assert query["scope"] == ["activity:read_all"]
    assert query["approval_prompt"] == ["auto"]
    assert query["redirect_uri"] == ["https://coach.example/strava/callback"]
    assert KEYS.check(query["state"][0], NOW).chat_id == ALICE


async def test_connecting_stores_encrypted_tokens_and_a_state_works_once(
        plans: Units, strava: StravaIntents, api: StubApi,
        factory: async_sessionmaker[AsyncSession]) -> None:
    view = await strava.view(ALICE, ALICE, NOW)
    assert isinstance(view, Connect)
    state = parse_qs(urlsplit(view.url).query)["state"][0]
    api.grant("code-1", ATHLETE)
    params = {"state": state, "code": "code-1", "scope": "activity:read_all"}
    assert await strava.callback(params, NOW) == Linked(ALICE, ALICE)
    async with factory() as session:
        link = await session.get(StravaLink, ALICE)
    assert link is not None
    assert link.athlete_id == ATHLETE
    assert "access-" not in link.access_token
    assert KEYS.decrypt(link.access_token).startswith("access-555-")
    api.grant("code-2", ATHLETE)
    replay = await strava.callback({**params, "code": "code-2"}, NOW)
    assert replay == CallbackRefused("state")
    assert await strava.view(ALICE, ALICE, NOW) == Connected(ATHLETE, False)


BAD_CALLBACKS = [  # (query, why it is refused); each on top of a valid state
    ({"state": "forged.state", "code": "c"}, "state"),
    ({"state": "", "code": "c"}, "state"),
    ({"scope": "read", "code": "c"}, "scope"),
    ({"error": "access_denied"}, "denied"),
    ({"code": "unknown", "scope": "activity:read_all"}, "strava"),
]


async def test_a_bad_callback_changes_nothing(
        plans: Units, strava: StravaIntents,
        factory: async_sessionmaker[AsyncSession]) -> None:
    for params, reason in BAD_CALLBACKS:
        full = {"state": KEYS.sign(ALICE, ALICE, NOW), **params}
        refused = await strava.callback(full, NOW)
        assert isinstance(refused, CallbackRefused)
        assert refused.reason == reason, params
    assert await count(factory, StravaLink) == 0


async def test_an_expired_state_is_refused(plans: Units, strava: StravaIntents) -> None:
    state = KEYS.sign(ALICE, ALICE, NOW - timedelta(hours=1))
    assert await strava.callback({"state": state, "code": "c"}, NOW) == \
        CallbackRefused("state")


async def test_a_hard_run_brings_todays_session_at_the_usual_time_and_the_week_follows(
        plans: Units, strava: StravaIntents, events: StravaEvents,
        api: StubApi) -> None:
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout())
    assert await strava.accept_event(event(ATHLETE, 1), NOW)
    report = await events.work(NOW)
    (notice,) = report.notices
    assert isinstance(notice, Followed)
    assert notice.lead == "Hard run spotted — 10 km, 41:12, workout."
    assert notice.due_at == datetime(2026, 12, 2, 18, 0, tzinfo=UTC)  # 19:00 in Berlin
    overview = await plans.run(plan_overview, NOW, ALICE, OFFSET)
    assert [s.session_date for s in overview.week] == [
        date(2026, 12, 2), date(2026, 12, 5), date(2026, 12, 8)]  # Thursday gave way


async def test_a_russian_runner_hears_of_the_run_in_russian_and_keeps_it_so(
        plans: Units, strava: StravaIntents, events: StravaEvents, api: StubApi,
        factory: async_sessionmaker[AsyncSession]) -> None:
    await plans.run(choose_language, NOW, ALICE, ALICE, "ru")
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout())
    assert await strava.accept_event(event(ATHLETE, 1), NOW)
    (notice,) = (await events.work(NOW)).notices
    assert isinstance(notice, Followed)
    assert notice.language == "ru"
    assert notice.lead == "Вижу тяжёлую пробежку — 10 км, 41:12, тренировка."
    assert notice.reason == "отмечена в Strava как тренировка"
    async with factory() as session:  # what the card and /strava show later
        kept = await session.get(StravaActivity, 1)
    assert kept is not None
    assert (kept.lead, kept.reason) == (notice.lead, notice.reason)


async def test_a_late_hard_run_brings_the_session_half_an_hour_later(
        plans: Units, strava: StravaIntents, events: StravaEvents,
        api: StubApi) -> None:
    await connect(strava, api)
    late = NOW + timedelta(hours=4)  # 21:00 in Berlin
    api.activities[1] = (ATHLETE, workout(start=late - timedelta(hours=1)))
    await strava.accept_event(event(ATHLETE, 1), late)
    (notice,) = (await events.work(late)).notices
    assert isinstance(notice, Followed)
    assert notice.due_at == late + timedelta(minutes=30)


async def test_an_easy_run_changes_nothing(
        plans: Units, strava: StravaIntents, events: StravaEvents,
        api: StubApi) -> None:
    await connect(strava, api)
    before = await plans.run(plan_overview, NOW, ALICE, OFFSET)
    api.activities[1] = (ATHLETE, workout(moving=3400, workout_type=0))
    await strava.accept_event(event(ATHLETE, 1), NOW)
    report = await events.work(NOW)
    assert (report.handled, report.notices) == (1, [])
    assert (await plans.run(plan_overview, NOW, ALICE, OFFSET)).week == before.week


async def test_a_race_on_strava_reaches_the_race_logic(
        plans: Units, strava: StravaIntents, events: StravaEvents,
        api: StubApi, factory: async_sessionmaker[AsyncSession]) -> None:
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout(workout_type=1, distance=10_020))
    await strava.accept_event(event(ATHLETE, 1), NOW)
    (notice,) = (await events.work(NOW)).notices
    assert isinstance(notice, RaceNoted)
    assert (notice.race.race_date, notice.race.distance.value) == (date(2026, 12, 2), "10k")
    async with UnitOfWork(factory) as uow:
        (stored,) = await uow.races.upcoming(ALICE, date(2026, 12, 1))
    assert stored.race == notice.race


async def test_a_replayed_event_is_refused_and_an_update_brings_no_second_card(
        plans: Units, strava: StravaIntents, events: StravaEvents,
        api: StubApi) -> None:
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout())
    assert await strava.accept_event(event(ATHLETE, 1), NOW)
    assert not await strava.accept_event(event(ATHLETE, 1), NOW)
    assert len((await events.work(NOW)).notices) == 1
    assert await strava.accept_event(event(ATHLETE, 1, "update", at=2), NOW)
    report = await events.work(NOW)
    assert (report.handled, report.notices) == (1, [])


MALFORMED = [
    {}, [], "x", {"object_type": "activity"}, {**event(1, 1), "owner_id": "x"},
    {**event(1, 1), "aspect_type": "drop"}, {**event(1, 1), "object_type": "club"},
]


async def test_malformed_events_are_not_stored(
        strava: StravaIntents, factory: async_sessionmaker[AsyncSession]) -> None:
    for body in MALFORMED:
        assert not await strava.accept_event(body, NOW), body
    assert await count(factory, StravaEvent) == 0


async def test_events_of_unknown_athletes_and_other_athletes_activities_do_nothing(
        plans: Units, strava: StravaIntents, events: StravaEvents,
        api: StubApi, factory: async_sessionmaker[AsyncSession]) -> None:
    await connect(strava, api)
    api.activities[9] = (777, workout(9))
    await strava.accept_event(event(777, 9), NOW)  # nobody here is athlete 777
    await strava.accept_event(event(ATHLETE, 9, at=3), NOW)  # forged: not Alice's run
    report = await events.work(NOW)
    assert (report.handled, report.notices) == (2, [])
    assert await count(factory, StravaActivity) == 0


async def test_a_forged_deauthorization_changes_nothing_and_a_real_one_deletes_everything(
        plans: Units, strava: StravaIntents, events: StravaEvents,
        api: StubApi, factory: async_sessionmaker[AsyncSession]) -> None:
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout(workout_type=0, moving=3400))
    await strava.accept_event(event(ATHLETE, 1), NOW)
    await events.work(NOW)
    await strava.accept_event(event(ATHLETE, 0, "update", at=5, authorized="false"), NOW)
    assert (await events.work(NOW)).notices == []
    assert await count(factory, StravaLink) == 1
    api.revoke(ATHLETE)
    await strava.accept_event(event(ATHLETE, 0, "update", at=6, authorized="false"), NOW)
    assert (await events.work(NOW)).notices == [Disconnected(ALICE)]
    assert (await count(factory, StravaLink), await count(factory, StravaActivity)) == (0, 0)


async def test_disconnect_revokes_and_deletes_tokens_and_runs(
        plans: Units, strava: StravaIntents, events: StravaEvents,
        api: StubApi, factory: async_sessionmaker[AsyncSession]) -> None:
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout(workout_type=0, moving=3400))
    await strava.accept_event(event(ATHLETE, 1), NOW)
    await events.work(NOW)
    assert await strava.disconnect(ALICE)
    assert (await count(factory, StravaLink), await count(factory, StravaActivity)) == (0, 0)
    assert not any(athlete == ATHLETE for athlete in api.valid.values())
    assert isinstance(await strava.view(ALICE, ALICE, NOW), Connect)


async def test_deleteme_takes_the_strava_data_too(
        plans: Units, strava: StravaIntents, events: StravaEvents, api: StubApi,
        factory: async_sessionmaker[AsyncSession]) -> None:
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout(workout_type=0, moving=3400))
    await strava.accept_event(event(ATHLETE, 1), NOW)
    await events.work(NOW)
    await plans.run(delete_user, ALICE)
    assert (await count(factory, StravaLink), await count(factory, StravaActivity)) == (0, 0)


async def test_a_429_waits_and_the_event_is_handled_once_afterwards(
        plans: Units, strava: StravaIntents, events: StravaEvents,
        api: StubApi) -> None:
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout())
    await strava.accept_event(event(ATHLETE, 1), NOW)
    api.faults.append(throttled(120))
    report = await events.work(NOW)
    assert report.notices == []
    assert report.limited_until == NOW + timedelta(seconds=120)
    assert (await events.work(NOW + timedelta(seconds=60))).handled == 0  # still waiting
    later = NOW + timedelta(seconds=121)
    assert len((await events.work(later)).notices) == 1
    assert (await events.work(later + timedelta(hours=1))).handled == 0


async def test_the_shared_limit_holds_requests_until_the_next_window(
        plans: Units, strava: StravaIntents, events: StravaEvents, api: StubApi,
        factory: async_sessionmaker[AsyncSession]) -> None:
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout())
    await strava.accept_event(event(ATHLETE, 1), NOW)
    async with factory() as session, session.begin():
        await session.merge(StravaLimit(name="15min", window_start=NOW, count=100))
    report = await events.work(NOW + timedelta(minutes=5))
    assert report.limited_until == NOW + timedelta(minutes=15)
    assert api.calls.count("activity") == 0
    assert len((await events.work(NOW + timedelta(minutes=15))).notices) == 1


async def test_a_crash_mid_queue_loses_nothing_and_repeats_nothing(
        plans: Units, strava: StravaIntents, uow: object, api: StubApi) -> None:
    await connect(strava, api)
    for n in (1, 2):
        api.activities[n] = (ATHLETE, workout(n, workout_type=0, moving=3400))
        await strava.accept_event(event(ATHLETE, n, at=n), NOW)
    api.faults.append(asyncio.CancelledError())  # the process stops in the first fetch
    first = StravaEvents(uow, api, KEYS, OFFSET)  # type: ignore[arg-type]
    with pytest.raises(asyncio.CancelledError):
        await first.work(NOW)
    restarted = StravaEvents(uow, api, KEYS, OFFSET)  # type: ignore[arg-type]
    assert (await restarted.work(NOW)).handled == 1  # the claimed one waits for its hold
    assert (await restarted.work(NOW + timedelta(minutes=3))).handled == 1
    assert (await restarted.work(NOW + timedelta(hours=1))).handled == 0
    assert api.calls.count("activity") == 3


async def test_an_expiring_token_is_refreshed_before_the_fetch(
        plans: Units, strava: StravaIntents, events: StravaEvents,
        api: StubApi) -> None:
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout(start=NOW + timedelta(hours=6)))
    await strava.accept_event(event(ATHLETE, 1), NOW)
    await events.work(NOW + timedelta(hours=7))  # the 6-hour token expired
    assert api.calls[-2:] == ["refresh", "activity"]


async def test_eighteen_minutes_above_threshold_in_the_stream_are_intervals(
        plans: Units, strava: StravaIntents, events: StravaEvents,
        api: StubApi) -> None:
    await connect(strava, api)
    for n in (1, 2, 3):  # easy runs that teach a threshold: 0.88 × 190 ≈ 167
        api.activities[n] = (ATHLETE, Activity(
            n, "Run", NOW - timedelta(days=n), 10_000, 3400, max_hr=190, average_hr=140))
        await strava.accept_event(event(ATHLETE, n, at=n), NOW)
    assert (await events.work(NOW)).notices == []
    api.activities[4] = (ATHLETE, Activity(4, "Run", NOW - timedelta(hours=1), 10_000, 3300,
                                           average_hr=152, max_hr=181))
    minute = 60
    times = list(range(0, 55 * minute, 10))
    rates = [175.0 if 10 * minute <= t < 28 * minute else 140.0 for t in times]
    api.streams[4] = (times, rates)
    await strava.accept_event(event(ATHLETE, 4, at=4), NOW)
    (notice,) = (await events.work(NOW)).notices
    assert isinstance(notice, Followed)
    assert notice.reason == "intervals: 18 min above threshold"
    assert api.calls.count("streams") == 1  # the first three had no threshold to compare


async def test_the_runs_before_connecting_teach_the_easy_pace_for_the_first_one(
        plans: Units, strava: StravaIntents, events: StravaEvents, api: StubApi,
        factory: async_sessionmaker[AsyncSession]) -> None:
    for n in (1, 2, 3, 4):  # last week's runs at about 5:40/km
        api.activities[n] = (ATHLETE, Activity(n, "Run", NOW - timedelta(days=n), 10_000,
                                               3400 + 10 * n))
    await connect(strava, api)
    assert await count(factory, StravaActivity) == 4
    api.activities[5] = (ATHLETE, workout(5, moving=2700, workout_type=0))  # 4:30/km
    await strava.accept_event(event(ATHLETE, 5), NOW)
    (notice,) = (await events.work(NOW)).notices
    assert isinstance(notice, Followed)
    assert notice.reason == "tempo: 4:30/km, your easy pace is 5:44/km"


async def test_a_hard_run_the_day_after_a_session_brings_no_second_one_in_a_row(
        plans: Units, strava: StravaIntents, events: StravaEvents, api: StubApi,
        factory: async_sessionmaker[AsyncSession]) -> None:
    await connect(strava, api)
    tuesday = NOW - timedelta(days=1)
    async with UnitOfWork(factory) as uow:  # Tuesday's session was done
        planned = await uow.planning.replannable_on(ALICE, tuesday.date())
        assert planned is not None
        await uow.sessions.mark_open(planned.id, Delivery.SENT)
    before = await plans.run(plan_overview, NOW, ALICE, OFFSET)
    api.activities[1] = (ATHLETE, workout())
    await strava.accept_event(event(ATHLETE, 1), NOW)
    assert (await events.work(NOW)).notices == [
        Kept(ALICE, "Hard run spotted — 10 km, 41:12, workout.", "yesterday")]
    assert (await plans.run(plan_overview, NOW, ALICE, OFFSET)).week == before.week
    await strava.accept_event(event(ATHLETE, 1, "update", at=9), NOW)
    assert (await events.work(NOW)).notices == []  # told once


async def test_tokens_stored_under_another_key_disconnect_the_runner(
        plans: Units, strava: StravaIntents, api: StubApi, uow: object,
        factory: async_sessionmaker[AsyncSession]) -> None:
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout())
    await strava.accept_event(event(ATHLETE, 1), NOW)
    rekeyed = StravaEvents(uow, api, Keys("a-new-key-after-a-rotation-000000"),  # type: ignore[arg-type]
                           OFFSET)
    assert (await rekeyed.work(NOW)).notices == [Disconnected(ALICE)]
    assert await count(factory, StravaLink) == 0


async def test_an_unexpected_fault_retries_the_event_and_the_next_ones_still_go(
        plans: Units, strava: StravaIntents, events: StravaEvents,
        api: StubApi) -> None:
    await connect(strava, api)
    for n in (1, 2):
        api.activities[n] = (ATHLETE, workout(n, workout_type=0, moving=3400))
        await strava.accept_event(event(ATHLETE, n, at=n), NOW)
    api.faults.append(KeyError("surprise"))
    report = await events.work(NOW)
    assert (report.handled, report.retried) == (1, 1)
    assert (await events.work(NOW + timedelta(minutes=1))).handled == 1


async def test_long_runs_count_as_hard_is_a_settings_switch_once_connected(
        plans: Units, strava: StravaIntents, api: StubApi,
        factory: async_sessionmaker[AsyncSession]) -> None:
    account = plans
    screen = await account.read(settings_screen, ALICE)
    assert screen.long_runs_hard is None  # no switch without Strava
    assert await account.run(change_setting, NOW, ALICE, "long") == Switched(
        (await account.read(settings_screen, ALICE)).profile)
    await connect(strava, api)
    assert (await account.read(settings_screen, ALICE)).long_runs_hard is False
    switched = await account.run(change_setting, NOW, ALICE, "long")
    assert isinstance(switched, Switched)
    assert switched.long_runs_hard is True
    assert await strava.view(ALICE, ALICE, NOW) == Connected(ATHLETE, True)
    auto = await account.run(change_setting, NOW, ALICE, "auto")  # others keep it on screen
    assert isinstance(auto, Switched)
    assert auto.long_runs_hard is True
    api.activities[1] = (ATHLETE, workout(workout_type=LONG_RUN, moving=8400,
                                          distance=24_000))
    await strava.accept_event(event(ATHLETE, 1), NOW)
    (notice,) = (await StravaEvents(lambda: UnitOfWork(factory), api, KEYS, OFFSET)
                 .work(NOW)).notices
    assert isinstance(notice, Followed)
    assert "long run" in notice.reason


async def test_deleteme_deletes_first_then_revokes_at_strava(
        plans: Units, strava: StravaIntents, api: StubApi,
        factory: async_sessionmaker[AsyncSession]) -> None:
    await connect(strava, api)
    seen: list[int] = []

    async def delete() -> None:
        await plans.run(delete_user, ALICE)
        seen.append(await count(factory, StravaLink))

    assert await strava.delete_user(ALICE, delete)
    assert seen == [0]  # the data was gone before Strava was asked
    assert api.calls[-1] == "deauthorize"
    assert not any(athlete == ATHLETE for athlete in api.valid.values())
    assert not await strava.delete_user(ALICE, delete)  # nothing linked: nothing to revoke


async def test_a_failed_revoke_after_deleteme_is_only_logged_without_the_token(
        plans: Units, strava: StravaIntents, api: StubApi,
        factory: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture) -> None:
    await connect(strava, api)
    token = next(t for t, a in api.valid.items() if a == ATHLETE and t.startswith("access"))
    api.faults.append(Unavailable("503"))
    with caplog.at_level(logging.DEBUG):
        assert not await strava.delete_user(ALICE, lambda: plans.run(delete_user, ALICE))
    assert await count(factory, StravaLink) == 0
    assert "revoking after /deleteme failed: Unavailable" in caplog.text
    assert token not in caplog.text


async def test_stravas_usage_headers_feed_the_shared_limiter(
        plans: Units, strava: StravaIntents, events: StravaEvents, api: StubApi,
        factory: async_sessionmaker[AsyncSession]) -> None:
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout(workout_type=0, moving=3400))
    await strava.accept_event(event(ATHLETE, 1), NOW)
    api.usage = Usage({"15min": (60, 100), "day": (700, 1000)})  # another process's calls
    await events.work(NOW)
    async with factory() as session:
        counts = {row.name: row.count for row in await session.scalars(select(StravaLimit))}
    assert counts == {"15min": 61, "day": 701}  # Strava's count, plus the fetch after it
    api.activities[2] = (ATHLETE, workout(2))
    await strava.accept_event(event(ATHLETE, 2), NOW)
    api.usage = Usage({"15min": (100, 100), "day": (701, 1000)})  # used up, by hand
    report = await events.work(NOW + timedelta(minutes=1))
    assert report.limited_until == datetime(2026, 12, 2, 16, 15, tzinfo=UTC)
    assert api.calls.count("activity") == 1


@pytest.mark.parametrize(("used", "until"), [
    ((100, 400), datetime(2026, 12, 2, 16, 15, tzinfo=UTC)),  # the 15 minutes are used up
    ((30, 1000), datetime(2026, 12, 3, 0, 0, tzinfo=UTC)),  # the day is: until midnight UTC
    ((30, 400), NOW + timedelta(minutes=10, seconds=7)),  # neither: Strava's Retry-After
])
async def test_a_429_blocks_until_the_end_of_the_window_the_headers_name(
        plans: Units, strava: StravaIntents, events: StravaEvents, api: StubApi,
        used: tuple[int, int], until: datetime) -> None:
    await connect(strava, api)
    api.activities[1] = (ATHLETE, workout())
    await strava.accept_event(event(ATHLETE, 1), NOW + timedelta(minutes=10))
    usage = Usage({"15min": (used[0], 100), "day": (used[1], 1000)})
    api.faults.append(RateLimited(timedelta(seconds=7), usage))
    later = NOW + timedelta(minutes=10)
    assert (await events.work(later)).limited_until == until
    assert (await events.work(until - timedelta(seconds=1))).handled == 0
    assert (await events.work(until)).handled == 1
