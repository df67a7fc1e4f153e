from datetime import UTC, date, datetime, time, timedelta
from itertools import combinations, pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.plan import (
    Booked,
    Move,
    MoveRefused,
    NotEnoughDays,
    Routine,
    Slot,
    choose_move,
    choose_session_days,
    gaps,
    has_back_to_back,
    next_session,
    next_slot,
    reminder_local,
    sessions_ahead,
    upcoming_slots,
    week_slots,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
APIA = ZoneInfo("Pacific/Apia")
HALF_HOUR = timedelta(minutes=30)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def days_of(mask: int) -> frozenset[int]:
    return frozenset(d for d in range(7) if mask >> d & 1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- choosing the days ------------------------------------------------------------------


def test_three_spread_out_hard_days_are_all_used() -> None:
    assert choose_session_days(frozenset({MON, WED, FRI})) == (MON, WED, FRI)


def test_two_hard_days_give_two_sessions() -> None:
    assert choose_session_days(frozenset({TUE, THU})) == (TUE, THU)


def test_back_to_back_hard_days_are_split_when_possible() -> None:
    assert choose_session_days(frozenset({TUE, WED, SAT})) in {(TUE, SAT), (WED, SAT)}


def test_sunday_and_monday_count_as_back_to_back() -> None:
    assert choose_session_days(frozenset({SUN, MON, THU})) in {(MON, THU), (THU, SUN)}


def test_the_widest_spread_wins_among_hard_days() -> None:
    assert choose_session_days(frozenset({MON, TUE, THU})) == (MON, THU)


def test_hard_days_are_preferred_over_cross_training_days() -> None:
    assert choose_session_days(frozenset({TUE, THU}), frozenset({SAT})) == (TUE, THU, SAT)
    assert choose_session_days(frozenset({MON, THU}), frozenset({TUE})) == (MON, THU)


def test_a_cross_training_day_fills_in_for_a_missing_second_day() -> None:
    assert choose_session_days(frozenset({WED}), frozenset({SAT})) == (WED, SAT)


def test_a_cross_training_day_avoids_back_to_back_hard_days() -> None:
    assert choose_session_days(frozenset({MON, TUE}), frozenset({THU})) == (MON, THU)


def test_two_back_to_back_days_are_used_when_there_is_no_other_choice() -> None:
    assert choose_session_days(frozenset({SUN}), frozenset({MON})) == (MON, SUN)


def test_every_day_hard_gives_monday_wednesday_friday() -> None:
    assert choose_session_days(frozenset(range(7))) == (MON, WED, FRI)


@pytest.mark.parametrize(("hard", "cross"), [(set(), set()), ({MON}, set()), ({TUE}, {TUE})])
def test_fewer_than_two_days_is_not_enough(hard: set[int], cross: set[int]) -> None:
    with pytest.raises(NotEnoughDays):
        choose_session_days(frozenset(hard), frozenset(cross))


def test_a_weekday_outside_monday_to_sunday_is_refused() -> None:
    with pytest.raises(ValueError, match=r"0\.\.6"):
        choose_session_days(frozenset({1, 7}))


def test_gaps_wrap_around_the_week() -> None:
    assert gaps([MON, WED, FRI]) == (2, 2, 3)
    assert has_back_to_back([MON, SUN])
    assert not has_back_to_back([MON, SAT])


def _spread_subsets(pool: frozenset[int], size: int) -> list[tuple[int, ...]]:
    return [c for c in combinations(sorted(pool), size) if not has_back_to_back(c)]


def test_choice_invariants_hold_for_every_combination_of_hard_and_cross_days() -> None:
    for hard_mask in range(128):
        for cross_mask in range(128):
            hard, cross = days_of(hard_mask), days_of(cross_mask)
            pool = hard | cross
            if len(pool) < 2:
                with pytest.raises(NotEnoughDays):
                    choose_session_days(hard, cross)
                continue
            chosen = choose_session_days(hard, cross)
            _check_choice(chosen, hard, pool)


def _check_choice(chosen: tuple[int, ...], hard: frozenset[int], pool: frozenset[int]) -> None:
    assert list(chosen) == sorted(set(chosen))
    assert set(chosen) <= pool
    assert len(chosen) in (2, 3)
    spread_three, spread_two = _spread_subsets(pool, 3), _spread_subsets(pool, 2)
    if spread_three:
        assert len(chosen) == 3
    if spread_two:
        assert not has_back_to_back(chosen)
    for swapped_out in set(chosen) - hard:
        for swapped_in in hard - set(chosen):
            alternative = sorted(set(chosen) - {swapped_out} | {swapped_in})
            assert has_back_to_back(alternative), (chosen, hard, pool)


# --- when the reminder fires -------------------------------------------------------------


def test_the_reminder_is_the_run_end_plus_the_offset_in_local_time() -> None:
    local = reminder_local(date(2026, 6, 3), time(18, 0), HALF_HOUR, BERLIN)
    assert local == datetime(2026, 6, 3, 18, 30, tzinfo=BERLIN)
    assert local.astimezone(UTC) == utc(2026, 6, 3, 16, 30)


def test_a_reminder_in_the_spring_forward_gap_moves_to_the_end_of_the_gap() -> None:
    local = reminder_local(date(2026, 3, 29), time(1, 45), HALF_HOUR, BERLIN)
    assert local.astimezone(UTC) == utc(2026, 3, 29, 1, 0)
    assert (local.hour, local.minute) == (3, 0)


def test_a_reminder_in_the_new_york_spring_forward_gap_moves_to_three_o_clock() -> None:
    local = reminder_local(date(2026, 3, 8), time(2, 10), timedelta(0), NEW_YORK)
    assert local.astimezone(UTC) == utc(2026, 3, 8, 7, 0)


def test_a_reminder_in_the_half_hour_lord_howe_gap_moves_to_half_past_two() -> None:
    local = reminder_local(date(2026, 10, 4), time(2, 0), timedelta(minutes=15), LORD_HOWE)
    assert (local.hour, local.minute) == (2, 30)
    assert local.astimezone(UTC) == utc(2026, 10, 3, 15, 30)


def test_a_reminder_on_a_day_that_never_happened_moves_to_the_next_midnight() -> None:
    local = reminder_local(date(2011, 12, 30), time(18, 0), timedelta(0), APIA)
    assert local.astimezone(UTC) == utc(2011, 12, 30, 10, 0)
    assert local.date() == date(2011, 12, 31)


def test_an_ambiguous_fall_back_reminder_takes_the_first_occurrence() -> None:
    local = reminder_local(date(2026, 10, 25), time(2, 0), HALF_HOUR, BERLIN)
    assert local.astimezone(UTC) == utc(2026, 10, 25, 0, 30)


def test_an_ambiguous_new_york_reminder_takes_the_first_occurrence() -> None:
    local = reminder_local(date(2026, 11, 1), time(1, 0), HALF_HOUR, NEW_YORK)
    assert local.astimezone(UTC) == utc(2026, 11, 1, 5, 30)


def test_a_reminder_after_a_late_run_rolls_into_the_next_date() -> None:
    local = reminder_local(date(2026, 12, 31), time(23, 50), HALF_HOUR, BERLIN)
    assert local.astimezone(UTC) == utc(2026, 12, 31, 23, 20)
    assert local.date() == date(2027, 1, 1)


def test_a_rolled_over_reminder_still_belongs_to_its_session_date() -> None:
    after = utc(2026, 12, 31, 12, 0)
    slot = next_slot([THU], time(23, 50), HALF_HOUR, BERLIN, after)
    assert slot == Slot(session_date=date(2026, 12, 31), due_utc=utc(2026, 12, 31, 23, 20))


def test_a_rolled_over_reminder_still_pending_after_midnight_is_next() -> None:
    after = datetime(2027, 1, 1, 0, 5, tzinfo=BERLIN)
    slot = next_slot([THU], time(23, 50), HALF_HOUR, BERLIN, after)
    assert slot.session_date == date(2026, 12, 31)


def test_next_slot_crosses_the_year_end() -> None:
    after = utc(2026, 12, 31, 23, 30)  # Thursday, after the Thursday reminder
    slot = next_slot([MON, THU], time(18, 0), HALF_HOUR, BERLIN, after)
    assert slot == Slot(session_date=date(2027, 1, 4), due_utc=utc(2027, 1, 4, 17, 30))


def test_next_slot_wraps_from_sunday_to_monday() -> None:
    after = utc(2026, 6, 7, 20, 0)  # Sunday evening
    slot = next_slot([MON, WED], time(7, 0), timedelta(hours=1), BERLIN, after)
    assert slot.session_date == date(2026, 6, 8)


def test_a_slot_due_exactly_now_is_already_past() -> None:
    due = utc(2026, 6, 3, 16, 30)
    slot = next_slot([WED], time(18, 0), HALF_HOUR, BERLIN, due)
    assert slot == Slot(session_date=date(2026, 6, 10), due_utc=due + timedelta(days=7))


def test_a_slot_due_a_microsecond_from_now_is_next() -> None:
    due = utc(2026, 6, 3, 16, 30)
    slot = next_slot([WED], time(18, 0), HALF_HOUR, BERLIN, due - timedelta(microseconds=1))
    assert slot.due_utc == due


def test_after_may_be_given_in_any_time_zone() -> None:
    after = datetime(2026, 6, 3, 12, 29, tzinfo=ZoneInfo("Asia/Tokyo"))  # 03:29 UTC
    slot = next_slot([WED], time(5, 0), HALF_HOUR, BERLIN, after)
    assert slot.due_utc == utc(2026, 6, 3, 3, 30)


def test_next_slot_on_the_spring_forward_day_is_due_at_the_end_of_the_gap() -> None:
    after = utc(2026, 3, 28, 12, 0)
    slot = next_slot([SUN], time(1, 45), HALF_HOUR, BERLIN, after)
    assert slot == Slot(session_date=date(2026, 3, 29), due_utc=utc(2026, 3, 29, 1, 0))


def test_slot_times_follow_the_clock_change_in_new_york() -> None:
    after = utc(2026, 10, 28, 0, 0)
    slots = upcoming_slots([WED], time(18, 0), HALF_HOUR, NEW_YORK, after, 2)
    assert [s.due_utc for s in slots] == [utc(2026, 10, 28, 22, 30), utc(2026, 11, 4, 23, 30)]


def test_upcoming_slots_are_in_time_order_across_days() -> None:
    after = utc(2026, 6, 1, 0, 0)  # Monday
    slots = upcoming_slots([FRI, TUE], time(18, 0), HALF_HOUR, BERLIN, after, 4)
    assert [s.session_date for s in slots] == [
        date(2026, 6, 2),
        date(2026, 6, 5),
        date(2026, 6, 9),
        date(2026, 6, 12),
    ]


def test_week_slots_give_each_session_day_once() -> None:
    after = utc(2026, 6, 3, 16, 30)  # exactly the Wednesday reminder
    slots = week_slots([MON, WED, FRI], time(18, 0), HALF_HOUR, BERLIN, after)
    assert [s.session_date for s in slots] == [
        date(2026, 6, 5),
        date(2026, 6, 8),
        date(2026, 6, 10),
    ]
    assert all(after < s.due_utc <= after + timedelta(days=7) for s in slots)


def test_no_session_days_is_refused() -> None:
    with pytest.raises(ValueError, match="no session days"):
        next_slot([], time(18, 0), HALF_HOUR, BERLIN, utc(2026, 6, 1))


def test_a_naive_after_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_slot([MON], time(18, 0), HALF_HOUR, BERLIN, datetime(2026, 6, 1))  # noqa: DTZ001


ZONES = st.sampled_from(
    [BERLIN, NEW_YORK, LORD_HOWE, ZoneInfo("Asia/Kolkata"), ZoneInfo("America/Sao_Paulo")]
)


@settings(max_examples=200, deadline=None)
@given(
    days=st.sets(st.integers(0, 6), min_size=1),
    run_end=st.times(),
    offset_minutes=st.integers(0, 180),
    tz=ZONES,
    after=st.datetimes(
        min_value=datetime(2025, 1, 1),  # noqa: DTZ001
        max_value=datetime(2028, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
)
def test_next_slot_is_the_first_session_reminder_strictly_after(
    days: set[int],
    run_end: time,
    offset_minutes: int,
    tz: ZoneInfo,
    after: datetime,
) -> None:
    offset = timedelta(minutes=offset_minutes)
    slot = next_slot(sorted(days), run_end, offset, tz, after)
    assert slot.due_utc > after
    assert slot.due_utc.tzinfo is UTC
    assert slot.session_date.weekday() in days
    assert slot.due_utc - after <= timedelta(days=7, hours=1)
    following = upcoming_slots(sorted(days), run_end, offset, tz, after, 3)
    assert following[0] == slot
    assert all(a.due_utc < b.due_utc for a, b in pairwise(following))
    around = upcoming_slots(sorted(days), run_end, offset, tz, after - timedelta(days=8), 21)
    assert next(s for s in around if s.due_utc > after) == slot
    assert all(s.due_utc <= after for s in around[: around.index(slot)])


# --- booking the next session around the sessions already held, and this week's moves ---

def routine(*days: int, moves: tuple[Move, ...] = ()) -> Routine:
    return Routine(tuple(days), time(18, 0), HALF_HOUR, BERLIN, moves)


MONDAY = date(2026, 11, 23)


def on(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


def test_a_date_that_had_a_session_is_never_planned_again() -> None:
    after = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # Tuesday, before the 18:30 reminder
    slot = next_session(routine(TUE, THU), after, Booked(taken=frozenset({on(1)})))
    assert slot.session_date == on(3)


def test_the_day_after_a_held_session_is_skipped_unless_both_are_usual_days() -> None:
    after = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    held = Booked(frozenset({on(1)}), frozenset({on(1)}))  # a session on Tuesday
    assert next_session(routine(WED, SAT), after, held).session_date == on(5)
    assert next_session(routine(TUE, WED), after, held).session_date == on(2)


def test_a_usual_day_next_to_a_moved_run_gives_way_to_it() -> None:
    after = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    moved = routine(WED, SAT, moves=(Move(on(5), on(3)),))  # Saturday's run on Thursday
    slots = sessions_ahead(moved, after, Booked(), 3)
    assert [s.session_date for s in slots] == [on(3), on(9), on(12)]  # Wed gives way to Thu


def test_a_move_takes_the_nearest_session_of_the_coming_week() -> None:
    move = choose_move(routine(TUE, FRI), Booked(), MONDAY, on(3))
    assert move == Move(on(4), on(3))
    with pytest.raises(MoveRefused, match="already"):
        choose_move(routine(TUE, FRI), Booked(), MONDAY, on(1))
    with pytest.raises(MoveRefused, match="too_close"):  # Monday had a session
        choose_move(routine(WED, FRI), Booked(frozenset({on(0)}), frozenset({on(0)})), MONDAY,
                    on(1))


@given(days=st.frozensets(st.integers(0, 6), min_size=2, max_size=4),
       held=st.frozensets(st.integers(-3, 10), max_size=4), hour=st.integers(0, 23))
def test_the_next_session_is_a_free_session_date(
    days: frozenset[int], held: frozenset[int], hour: int,
) -> None:
    after = datetime(2026, 11, 23, hour, 0, tzinfo=UTC)
    dates = frozenset(on(d) for d in held)
    slot = next_session(routine(*sorted(days)), after, Booked(dates, dates))
    assert slot.session_date.weekday() in days
    assert slot.session_date not in dates
    assert slot.due_utc > after
