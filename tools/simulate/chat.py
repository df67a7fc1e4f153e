"""One simulated runner's services, and chat text read the way the bot reads it.

`say` hands the text to `services.messages.take_text`, the bot's one call for a typed
message that replies to nothing: a race, how the legs feel or pain, this week's runs, else a
rep report, read in the bot's order and acted on in one transaction.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.exercises import by_id
from coach.progression import Target
from coach.races import Race
from coach.readiness import Fine
from coach.reasons import load_text, reason_line
from services.messages import Answered, LegsTalk, MessageOutcome, RaceTalk, WeekTalked, take_text
from services.runtime import Units
from services.talk import Corrected, NotCorrected, QuestionAnswered

USER = 1
TZ = "UTC"


@dataclass(frozen=True)
class World:
    """One simulation's database, clock and reminder offset; its use cases run in `units`."""

    factory: async_sessionmaker[AsyncSession]
    clock: FakeClock
    offset: timedelta  # how long before the run's end a reminder goes out

    def now(self) -> datetime:
        return self.clock.now()

    @property
    def units(self) -> Units:
        """Transactions on the simulation's database: `async with world.units() as uow`."""
        return Units(self.factory)


async def say(world: World, text: str, why: dict[str, str] | None = None) -> str:
    """Send chat text as the runner, through the bot's own `take_text` (one transaction, the
    bot's order of readings); returns what it was read as (for the run's notes).
    `why`: each exercise's reason on the next card, updated for the targets an area fine
    again brings back (so the reason quotes the numbers the card will show)."""
    taken = await world.units.run(take_text, world.now(), world.offset, USER, USER, text,
                                  None, None)
    if isinstance(taken, LegsTalk) and taken.back is not None and why is not None:
        for exercise_id, target in taken.back.gentle:
            why[exercise_id] = gentle_reason(exercise_id, target, taken.back.unit)
    return read_as(taken)


def read_as(taken: MessageOutcome) -> str:
    """What a message was taken as, in a few words."""
    if isinstance(taken, RaceTalk):
        if not isinstance(taken.told, Race):
            return "race without a usable date"
        if taken.too_many:
            return "race refused: too many races ahead"
        return f"race: {taken.told.distance.value} on {taken.told.race_date.isoformat()}"
    if isinstance(taken, LegsTalk):
        told = taken.told
        area = None if told.area is None else told.area.id
        if isinstance(told, Fine):
            return f"fine again: {area or 'everything'}"
        asked = taken.heard is not None and taken.heard.ask_area
        return f"legs: {told.level.value}{f' ({area})' if area else ''}" + (
            ", asked where" if asked else "")
    if isinstance(taken, WeekTalked):
        return f"week talk: {type(taken.outcome).__name__}"
    if isinstance(taken, Answered):
        return "an answer to a setup question"
    if isinstance(taken, Corrected):
        return "a correction, stored"
    if isinstance(taken, NotCorrected):
        return "a correction, nothing changed"
    if isinstance(taken, QuestionAnswered):
        return "a question, answered"
    return "a report, stored" if taken.stored else "a report, not understood"


def gentle_reason(exercise_id: str, target: Target, unit: str) -> str:
    """The reason line of an exercise back after pain, with the numbers the card shows."""
    at = load_text(target.load_kg, unit)
    return reason_line(f"{by_id(exercise_id).name}: {target.sets}×{target.reps} @ {at}",
                       f"back after pain: fives at {at}, no heavier than before it, then "
                       "building up gradually")
