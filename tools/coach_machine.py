"""The coach machine: random runner specs through `coachbot simulate` (the real services on a
throwaway database), with the coaching rules of issue 20 checked after every session.

`runners()` draws a spec: kit (none, a gym, coarse kettlebells, dumbbells; kg or lb), two to
four hard days, what the runner does per exercise, and events (pain told and fine again,
time away, effort answers, a race). `CoachRules.check(run)` walks the run session by
session and asserts, with the session's date in every message:

* at most one step (a load above the variant's best, or a harder variant) per exercise a
  week; an increase larger than max(2.5 kg / 5 lb, 10 %) only with the reps at five;
* a harder variant restarts at 70 % of the old load or less;
* never the same movement twice in a session;
* back after pain or a break, no heavier than before it;
* a lighter week (or a rest: a break, a race's weeks) at least every eight weeks of
  steady training, and something in each exercise's target changes within eight weeks;
* the taper: no loaded or full session in the last 5 days before a 5k or 10k (7 before a
  half or a marathon), nothing in the last 2 (3) days;
* no session over 45 minutes; a reason on every exercise done.

`tests/tools/test_coach_machine.py` runs a few specs in the fast tier;
`python -m bench.coach_machine` runs many (bench/results/coach_machine.json).
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import strategies as st

from coach.duration import LIMIT_MINUTES
from coach.exercises import EXERCISE_IDS
from coach.loading import BREAK_DAYS, RESTART_SHARE, big
from coach.period import monday
from coach.progression import MIN_REPS, Target
from coach.races import Distance
from coach.variants import rung
from tools.simulate import Row, Run
from tools.simulate.spec import Does, Event, Spec

START = date(2026, 1, 5)  # a Monday
STEADY_WEEKS = 8
HEAVY_ENDS = {Distance.FIVE_K: 5, Distance.TEN_K: 5, Distance.HALF: 7, Distance.MARATHON: 7}
QUIET = {Distance.FIVE_K: 2, Distance.TEN_K: 2, Distance.HALF: 3, Distance.MARATHON: 3}
RACE_WORDS = {Distance.FIVE_K: "5k race", Distance.TEN_K: "10k race",
              Distance.HALF: "half marathon", Distance.MARATHON: "marathon"}
KITS = {"kg": ("none", "gym", "8 16 24 kg kettlebells", "12 20 kg kettlebells",
               "dumbbells 5 10 15 20 kg"),
        "lb": ("none", "gym", "15 35 50 lb kettlebells", "10 20 30 40 lb dumbbells")}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MODES = ("top", "top", "target", "target+1", "stall")
PAIN = (("my achilles is sore", "achilles is fine now"),
        ("my knee hurts on lunges", "knee is fine now"),
        ("my hamstring hurts", "hamstring is fine now"))
EFFORTS = ("easy", "just right", "hard", "too hard")
RESTING = ("lighter week:", "in season", "race coming up", "race week", "welcome back")


@dataclass(frozen=True)
class Drawn:
    """A drawn spec and the races it tells (their dates and distances)."""

    spec: Spec
    races: tuple[tuple[date, Distance], ...] = ()


@st.composite
def runners(draw: st.DrawFn, weeks: int = 16) -> Drawn:
    """A random runner spec of `weeks` weeks."""
    unit = draw(st.sampled_from(("kg", "kg", "lb")))
    days = draw(st.lists(st.sampled_from(DAYS), min_size=2, max_size=4, unique=True))
    does = {exercise: Does(draw(st.sampled_from(MODES)))
            for exercise in draw(st.sets(st.sampled_from(EXERCISE_IDS), max_size=3))}
    events: list[Event] = []
    races: list[tuple[date, Distance]] = []
    if draw(st.booleans()):
        first, said = draw(st.integers(2, weeks - 2)), draw(st.sampled_from(PAIN))
        events.append(Event(first, say=said[0]))
        if draw(st.booleans()):
            events.append(Event(first, day=3, say=said[0]))  # told twice: swapped
        events.append(Event(min(weeks, first + draw(st.integers(1, 4))), say=said[1]))
    if draw(st.booleans()):
        events.append(Event(draw(st.integers(2, weeks)), away_days=draw(st.integers(5, 40))))
    for _ in range(draw(st.integers(0, 2))):
        events.append(Event(draw(st.integers(1, weeks)), effort=draw(st.sampled_from(EFFORTS))))
    if draw(st.booleans()):
        distance = draw(st.sampled_from(tuple(RACE_WORDS)))
        day = START + timedelta(days=draw(st.integers(14, 7 * weeks - 1)))
        events.append(Event(1, say=f"{RACE_WORDS[distance]} on {day.day} {day:%B}"))
        races.append((day, distance))
    kit = draw(st.sampled_from(KITS[unit]))
    spec = Spec(name="machine", start=START, hard_days=frozenset(DAYS.index(d) for d in days),
                equipment=kit, weeks=weeks, unit=unit, does={"*": Does("top"), **does},
                events=tuple(events), description=f"{kit}, {unit}")
    return Drawn(spec, tuple(races))


@dataclass
class _Exercise:
    """What the rules remember of one exercise across sessions."""

    usual: Target | None = None
    day: date | None = None  # its last session with a row
    done: date | None = None  # its last session done as planned (a target, no swap)
    before: float = 0.0  # its usual load when last done as planned
    away: bool = False  # left out or swapped since
    highs: dict[str, float] = field(default_factory=dict)  # per variant, the best load
    steps: list[date] = field(default_factory=list)
    changed: date | None = None  # the last change of its target (or a rest from it)


@dataclass
class CoachRules:
    """Checks a run session by session; counts what it checked."""

    unit: str
    races: Sequence[tuple[date, Distance]] = ()
    sessions: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    exercises: dict[str, _Exercise] = field(default_factory=lambda: defaultdict(_Exercise))
    rested: date | None = None  # the Monday of the last lighter or resting week
    last_day: date | None = None

    def check(self, run: Run) -> None:
        by_day: dict[date, list[Row]] = defaultdict(list)
        for row in run.rows:
            by_day[row.date].append(row)
        for day in sorted(by_day):
            self.session(day, by_day[day])

    def session(self, day: date, rows: list[Row]) -> None:
        self.sessions += 1
        where = f"{day:%a %d %b}"
        assert max(r.minutes for r in rows) <= LIMIT_MINUTES, where
        done = [r for r in rows if r.sets > 0]
        names = [r.variant for r in done]
        assert len(names) == len(set(names)), (where, names)
        assert all(r.reason for r in done), where
        self._taper(day, rows, where)
        self._weeks(day, rows, where)
        for row in rows:
            self._exercise(day, row, where)
        self.last_day = day

    def _taper(self, day: date, rows: list[Row], where: str) -> None:
        for race, distance in self.races:
            ahead = (race - day).days
            if 0 <= ahead <= QUIET[distance]:
                raise AssertionError(f"{where}: a session {ahead} days before the race")
            if 0 < ahead < HEAVY_ENDS[distance]:
                self.counts["taper sessions"] += 1
                heavy = [r for r in rows if r.load_kg > 0 or r.sets > 2]
                assert not heavy, (where, "heavy work in race week", heavy)

    def _weeks(self, day: date, rows: list[Row], where: str) -> None:
        """A lighter week, a break or a race's weeks at least every eight weeks."""
        week = monday(day)
        resting = any(any(word in r.reason for word in RESTING) or r.race is not None
                      for r in rows)
        if resting:
            self.counts["lighter or race weeks"] += 1
            self.rested = week
        elif self.rested is None or self.last_day is None:
            self.rested = week
        elif (day - self.last_day).days >= 7:  # a week without a session: a rest
            self.rested = monday(self.last_day) + timedelta(weeks=1)
        weeks = (week - self.rested).days // 7
        assert weeks <= STEADY_WEEKS, (where, f"{weeks} weeks without a lighter week")

    def _exercise(self, day: date, row: Row, where: str) -> None:
        me, new = self.exercises[row.exercise], row.usual
        if new is None:
            return
        real = row.sets > 0 and not row.swapped
        if not real:
            me.away, me.changed = True, day
            return
        returning = me.away or (me.day is not None and (day - me.day).days >= BREAK_DAYS)
        if returning and me.done is not None and me.usual is not None and (
                new.variant == me.usual.variant):
            self.counts["returns"] += 1
            assert row.load_kg <= me.before + 1e-6, (where, row.exercise, "heavier back",
                                                     me.before, row.load_kg)
        old = me.usual
        if old is not None:
            self._step(day, row.exercise, old, new, me, where)
        if old is None or new != old or returning:
            me.changed = day
        assert me.changed is not None
        if (day - me.changed).days > 7 * STEADY_WEEKS:
            raise AssertionError(f"{where}: {row.exercise} unchanged since {me.changed}")
        me.usual, me.day, me.done, me.before, me.away = new, day, day, new.load_kg, False

    def _step(self, day: date, exercise: str, old: Target, new: Target, me: _Exercise,
              where: str) -> None:
        harder = rung(exercise, new.variant) > rung(exercise, old.variant)
        if harder:
            self.counts["harder variants"] += 1
            assert new.load_kg <= RESTART_SHARE * old.load_kg + 1e-6, (
                where, exercise, "variant not lighter", old, new)
        same = new.variant == old.variant
        if same and new.load_kg > old.load_kg and big(old.load_kg, new.load_kg, self.unit):
            self.counts["big jumps"] += 1
            assert new.reps == MIN_REPS, (where, exercise, "big jump at", new)
        high = me.highs.get(new.variant, 0.0)
        decided = me.day or day  # the session that earned the step
        if harder or (same and new.load_kg > high + 1e-6):
            self.counts["steps"] += 1
            if me.steps:
                assert (decided - me.steps[-1]).days >= 7, (
                    where, exercise, "two steps a week", me.steps[-1], decided)
            me.steps.append(decided)
        me.highs[new.variant] = max(high, new.load_kg)
        if old.load_kg > 0:
            me.highs[old.variant] = max(me.highs.get(old.variant, 0.0), old.load_kg)
