"""One typed message, one transaction: what it is, and what it does.

`take_text` is the whole way of a runner's text: one read of what deciding needs (the
runner, the session a report would go into, the onboarding draft, the targets:
`storage.messages`), then the first reading that fits, acted on in the same transaction:
1. an answer to the open onboarding or /settings question (a draft is waiting);
2. a race ("half marathon on 13 December") or how the legs feel ("achilles is sore"; pain
   halfway through a session is left to the report, which says "stop there");
3. this week's runs ("ran hard today", "hard run moved to Thursday");
4. a correction of a stored line ("actually 8 8 7", "wait, last set was 6") or a question
   about the session ("how long should I rest?"): `services.talk`, replies too;
5. otherwise a rep report (`services.reports.report_in`).
A reply to a card or a question is otherwise always a report. The unit of work the bot passes
(`services.runtime.Units`) marks the update handled in the same commit, so a typed report
costs the inbox's store and this one transaction.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.races import Race, RaceTold, read_race
from coach.readiness import Fine, Told, read_readiness
from coach.session_life import SessionClosed
from coach.steps import Ask, Ignored, Shown, Typed, Unclear
from coach.stored import Arrival
from coach.talk import read_correction
from coach.views import Profile, SessionView
from coach.week_talk import WeekTalk, read_week_talk
from services.onboarding import Saved, answer_draft
from services.plan import Moved, local_date
from services.races import Races, TooManyRaces, add_race_for
from services.readiness import Back, Heard, fine_in, tell_in
from services.reports import NotYours, ReportOutcome, report_in
from services.schedule import PlanOverview, overview
from services.sessions import start_now
from services.settings import Refused, Today, week_talk_in
from services.talk import Corrected, NotCorrected, QuestionAnswered, correct_in, question_in
from services.uow import UnitOfWork


@dataclass(frozen=True)
class Answered:
    """An answer to the open onboarding or /settings question, and what it led to."""

    outcome: Ask | Shown | Unclear | Ignored | Saved


@dataclass(frozen=True)
class RaceTalk:
    """A race told in chat: stored (`races`), or why not (too many, no plan, no date)."""

    told: RaceTold
    races: Races | None = None
    too_many: bool = False
    not_set_up: bool = False


@dataclass(frozen=True)
class LegsTalk:
    """How the legs feel (`heard`), or an area fine again (`back`)."""

    told: Told | Fine
    heard: Heard | None = None
    back: Back | None = None


@dataclass(frozen=True)
class TodayOpened:
    """The hard run is today: today's session is open (`view`), the plan after it."""

    view: SessionView
    overview: PlanOverview


@dataclass(frozen=True)
class DoneToday:
    """The hard run is today, but today had its session already."""

    overview: PlanOverview


@dataclass(frozen=True)
class NotSetUp:
    """Week talk from a runner without a plan."""


WeekOutcome = Moved | Refused | TodayOpened | DoneToday | NotSetUp


@dataclass(frozen=True)
class WeekTalked:
    outcome: WeekOutcome


MessageOutcome = (Answered | RaceTalk | LegsTalk | WeekTalked | Corrected | NotCorrected
                  | QuestionAnswered | ReportOutcome)


async def take_text(uow: UnitOfWork, now: datetime, offset: timedelta, user_id: int,
                    chat_id: int, text: str, message_id: int | None,
                    reply_to: int | None) -> MessageOutcome:
    """A typed message, classified and acted on in the caller's one transaction (see the
    module)."""
    arrival = await uow.messages.arrival(user_id, reply_to)
    talk = None if reply_to is not None else await _talk(uow, now, offset, arrival,
                                                          chat_id, text)
    if talk is not None:
        return talk
    correction = read_correction(text)
    if correction is not None:
        fixed = await correct_in(uow, now, arrival, correction, message_id)
        if fixed is not None:
            return fixed
        text = correction.body  # names an exercise not logged yet: a report of it
    asked = await question_in(uow, arrival, text)
    if asked is not None:
        return asked
    return await report_in(uow, now, user_id, arrival.profile, arrival.session, text,
                           message_id, arrival.targets)


async def _talk(uow: UnitOfWork, now: datetime, offset: timedelta, arrival: Arrival,
                chat_id: int, text: str) -> MessageOutcome | None:
    """Anything but a report: an answer, a race, the legs, the week (None: a report)."""
    profile, draft = arrival.profile, arrival.draft
    if profile is not None and draft is not None and draft.expired(now):
        await uow.drafts.delete(profile.user_id)
    elif profile is not None and draft is not None:
        return Answered(await answer_draft(uow, now, profile.user_id, chat_id, draft,
                                           None, Typed(text), text, offset=offset))
    ready = profile if profile is not None and profile.onboarded and profile.tz else None
    told = read_race(text, local_date(now, ready.tz if ready and ready.tz else "UTC"))
    if told is not None:
        return await _race(uow, now, offset, ready, told)
    legs = None if ready is None else read_readiness(text)
    if ready is not None and legs is not None and not await _mid_session(uow, arrival):
        return await _legs(uow, now, ready, legs)
    week = read_week_talk(text)
    return None if week is None else WeekTalked(await _week(uow, now, offset, profile, week))


async def _race(uow: UnitOfWork, now: datetime, offset: timedelta, profile: Profile | None,
                told: RaceTold) -> RaceTalk:
    if profile is None:
        return RaceTalk(told, not_set_up=True)
    if not isinstance(told, Race):
        return RaceTalk(told)
    try:
        return RaceTalk(told, await add_race_for(uow, now, profile, told, offset))
    except TooManyRaces:
        return RaceTalk(told, too_many=True)


async def _mid_session(uow: UnitOfWork, arrival: Arrival) -> bool:
    """A session is open and something is logged in it already."""
    session = arrival.session
    return session is not None and bool(await uow.entries.for_session(session.id))


async def _legs(uow: UnitOfWork, now: datetime, profile: Profile,
                legs: Told | Fine) -> LegsTalk:
    if isinstance(legs, Fine):
        area = None if legs.area is None else legs.area.id
        return LegsTalk(legs, back=await fine_in(uow, profile, area, now))
    return LegsTalk(legs, heard=await tell_in(uow, profile, legs, now))


async def _week(uow: UnitOfWork, now: datetime, offset: timedelta, profile: Profile | None,
                talk: WeekTalk) -> WeekOutcome:
    """Move this week's session, or open today's when the hard run is today."""
    if profile is None or not profile.onboarded:
        return NotSetUp()
    moved = await week_talk_in(uow, now, profile, talk, offset)
    if not isinstance(moved, Today):
        return moved
    try:
        view = await start_now(uow, now, profile.user_id, offset)
    except NotYours:
        return NotSetUp()
    except SessionClosed:
        return DoneToday(await overview(uow, profile, now, offset))
    return TodayOpened(view, await overview(uow, view.profile, now, offset))
