"""A coach machine beside the rules: random runners (kit, exercise, what they do, gaps)
through `decide`, with the gates checked after every session."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coach.equipment import BODYWEIGHT, GYM, Equipment, Kind
from coach.exercises import CATALOGUE, Exercise
from coach.loading import BREAK_DAYS, big
from coach.progression import Change, Context, Outcome, Target, decide, initial_target
from coach.variants import rung

KITS = (BODYWEIGHT, GYM, Equipment(Kind.WEIGHTS, (8.0, 16.0, 24.0), "kettlebells"),
        Equipment(Kind.WEIGHTS, tuple(float(w) for w in range(4, 22, 2)), "dumbbells"))
START = date(2026, 3, 2)

gaps = st.one_of(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4),
                 st.integers(BREAK_DAYS, 60))
sessions = st.lists(st.tuples(gaps, st.lists(st.integers(3, 9), min_size=4, max_size=4)),
                    min_size=10, max_size=60)


@dataclass
class Runner:
    exercise: Exercise
    kit: Equipment
    target: Target = field(default_factory=initial_target)
    history: list[Outcome] = field(default_factory=list)
    highs: dict[str, float] = field(default_factory=dict)  # per variant, the load reached
    steps: list[date] = field(default_factory=list)

    def come_back(self, day: date, days: int) -> None:
        before = self.target
        decision = decide(self.exercise, before, (), None, Context(self.kit, days_away=days))
        assert decision.target.load_kg <= before.load_kg
        assert rung(self.exercise.id, decision.target.variant) <= rung(
            self.exercise.id, before.variant)
        self.target = decision.target

    def train(self, day: date, reps: tuple[int, ...]) -> None:
        before = self.target
        context = Context(self.kit, history=tuple(self.history[-6:]), today=day)
        decision = decide(self.exercise, before, reps, None, context)
        self.history.append(Outcome(before, reps, before.load_kg, day=day))
        self.check(day, before, decision.target, decision.change)
        self.target = decision.target

    def check(self, day: date, before: Target, after: Target, change: Change) -> None:
        assert after.load_kg == 0 or self.kit.kind is Kind.GYM or (
            after.load_kg in self.kit.weights_kg)
        if after.load_kg > before.load_kg and big(before.load_kg, after.load_kg, "kg"):
            assert after.reps == 5
        harder = rung(self.exercise.id, after.variant) > rung(self.exercise.id,
                                                              before.variant)
        if harder:
            assert after.load_kg <= 0.7 * before.load_kg + 1e-6
        high = self.highs.get(after.variant, 0.0)
        if harder or (after.load_kg > high + 1e-6 and after.variant == before.variant):
            assert not self.steps or (day - self.steps[-1]).days >= 7, (change, self.steps)
            self.steps.append(day)
        self.highs[after.variant] = max(high, after.load_kg)


@given(st.sampled_from(CATALOGUE), st.sampled_from(KITS), sessions)
def test_the_gates_hold_after_every_session(exercise: Exercise, kit: Equipment,
                                            plan: list[tuple[int, list[int]]]) -> None:
    runner, day = Runner(exercise, kit), START
    for gap, reps in plan:
        day += timedelta(days=gap)
        if gap >= BREAK_DAYS:
            runner.come_back(day, gap)
        runner.train(day, tuple(reps[:runner.target.sets]))
