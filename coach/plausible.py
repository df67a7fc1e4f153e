"""Is a reading believable for this exercise? If not, the readings worth asking about.

A reading is asked about, never stored, when the set count differs from the target's
("8x3" against 3 sets), when it is a lone number, when a set has more reps than anyone does
at a 5-8 target (on a one-leg exercise most likely both legs counted), when one number more
than the sets may be the load ("8 8 7 12"), when the load is beyond what the exercise takes
or far from both the day's target load and the last one, or when the unit is in doubt.
The readings offered come likeliest first (`oddity`: fewest departures from the target) and
always include the literal one when it is storable, first or second.
"""

from dataclasses import dataclass, replace

from coach.exercises import by_id
from coach.progression import Target
from coach.sets import ReportKind, SetsReport
from coach.units import KG_PER_LB, show_load, to_kg
from i18n import _, pgettext

MAX_PLAUSIBLE_KG = 60.0  # two 30 kg dumbbells; a goblet squat at 160 kg is a typo
FAR_FACTOR = 2.0
FAR_KG = 6.0
FIRST_HEAVY_KG = 40.0
PLAUSIBLE_REPS = 12  # a set beyond this at a 5-8 target is a typo or both legs counted
BOTH_LEGS_FROM = 5  # sets of 10+ on a one-leg lift may be two legs of 5+


@dataclass(frozen=True)
class Typed:
    """How the numbers were written, which decides the other readings worth offering."""

    lone: bool = False  # one number, no "1x8" or "1 set"
    sets_by_reps: tuple[int, int] | None = None  # "8x3" as (8, 3)
    bare_last: int | None = None  # "8 8 7 kg": the 7 may be a rep, not the load
    unit_given: bool = True
    plain: bool = False  # only numbers, one per set ("8 8 7 12": the 12 may be the load)
    each_hand: bool = False  # "8kg in each hand": 8, or both counted (16)?


def alternatives(exercise_id: str, report: SetsReport, typed: Typed, target: Target,
                 last_load: float | None, unit: str,
                 owned: tuple[float, ...] = ()) -> tuple[SetsReport, ...] | None:
    """None when the reading is believable; else the readings to offer, likeliest first
    (empty when none of them is believable). `owned`: the loads the runner's kit has."""
    unilateral = by_id(exercise_id).unilateral
    known = _Loads(_known_loads(owned, target, last_load), bool(owned), unit)
    reps = _rep_options(report, typed, target, unilateral, known)
    loads = _load_options(exercise_id, report, typed, target, last_load, unit)
    if reps is None and loads is None:
        return None
    out: list[SetsReport] = []
    for option in reps or [report]:
        for load in [option.load_kg] if loads is None else loads:
            candidate = replace(option, load_kg=load)
            if candidate not in out:
                out.append(candidate)
    ranked = sorted(out, key=lambda o: oddity(o, target))
    return _literal_in_top_two(ranked, report)[:3]


def oddity(report: SetsReport, target: Target) -> int:
    """How far a reading departs from what the target makes likely: a set count other than
    the target's, and sets beyond what anyone does at a 5-8 target (fewer is likelier)."""
    if report.kind is not ReportKind.SETS:
        return 0
    return (len(report.reps) != target.sets) + (max(_counts(report)) > PLAUSIBLE_REPS)


def _counts(report: SetsReport) -> tuple[int, ...]:
    return report.reps + (report.left or ()) + (report.right or ())


def _literal_in_top_two(ranked: list[SetsReport], literal: SetsReport) -> tuple[SetsReport, ...]:
    """The literal reading never falls below second place: it is what the runner typed."""
    if literal in ranked[2:]:
        ranked.remove(literal)
        ranked.insert(1, literal)
    return tuple(ranked)


def _known_loads(owned: tuple[float, ...], target: Target,
                 last_load: float | None) -> frozenset[float]:
    return frozenset(x for x in (*owned, target.load_kg, last_load or 0.0) if x > 0)


@dataclass(frozen=True)
class _Loads:
    """The loads a trailing number may be: those known (kit, target, last), whether the kit
    is a set of fixed weights (then only those exist), and the runner's unit."""

    known: frozenset[float]
    fixed: bool
    unit: str


def _rep_options(report: SetsReport, typed: Typed, target: Target, unilateral: bool,
                 known: _Loads) -> list[SetsReport] | None:
    if report.kind is not ReportKind.SETS:
        return None
    counts = _counts(report)
    if len(report.reps) == target.sets and not typed.lone and max(counts) <= PLAUSIBLE_REPS:
        return None
    options: list[SetsReport] = []
    if unilateral and max(counts) > PLAUSIBLE_REPS and min(counts) >= 2 * BOTH_LEGS_FROM:
        # "16 16 16" on a one-leg lift: most likely both legs counted
        options.append(_halved(_times(report, target.sets) if typed.lone else report))
    if typed.lone:
        options.append(_times(report, target.sets))
    if (last := _trailing_load(report, typed, target, known)) is not None:
        options.append(SetsReport(ReportKind.SETS, report.reps[:-1], load_kg=last))
    if typed.sets_by_reps is not None:
        sets, reps = typed.sets_by_reps
        if reps == target.sets and 1 <= sets <= 50:
            options.append(SetsReport(ReportKind.SETS, (sets,) * reps, load_kg=report.load_kg))
    if typed.bare_last is not None and len(report.reps) + 1 == target.sets:
        grown = (*report.reps, typed.bare_last)
        options.append(SetsReport(ReportKind.SETS, grown, load_kg=None))
    options.append(report)
    return options


def _trailing_load(report: SetsReport, typed: Typed, target: Target,
                   loads: _Loads) -> float | None:
    """"8 8 7 12" at three sets: the 12 is the load when the runner owns it, or when it is
    no believable set (beyond 12, or without fixed weights a jump over the sets before)."""
    if not typed.plain or report.load_kg is not None or len(report.reps) != target.sets + 1:
        return None
    number, before = report.reps[-1], report.reps[:-1]
    last = to_kg(number, loads.unit)
    owned = any(abs(last - k) < 0.01 for k in loads.known)
    no_set = number > PLAUSIBLE_REPS or (not loads.fixed and number > max(before) + 2)
    return last if (owned or no_set) and last <= MAX_PLAUSIBLE_KG else None


def _halved(report: SetsReport) -> SetsReport:
    """Each count halved (the weaker leg of an odd count): reps per leg, not both legs."""
    def half(values: tuple[int, ...] | None) -> tuple[int, ...] | None:
        return None if values is None else tuple(max(1, v // 2) for v in values)
    return SetsReport(ReportKind.SETS, half(report.reps) or (), half(report.left),
                      half(report.right), report.load_kg)


def _times(report: SetsReport, sets: int) -> SetsReport:
    left = None if report.left is None else report.left * sets
    right = None if report.right is None else report.right * sets
    return SetsReport(ReportKind.SETS, report.reps * sets, left, right, report.load_kg)


def _load_options(exercise_id: str, report: SetsReport, typed: Typed, target: Target,
                  last_load: float | None, unit: str) -> list[float | None] | None:
    load = report.load_kg
    if typed.each_hand and load:  # both counted, as "2x8kg" is, or the one weight typed
        return [2 * load, load] if 2 * load <= MAX_PLAUSIBLE_KG else [load]
    if load is None or (load <= MAX_PLAUSIBLE_KG and _near(load, target.load_kg)):
        return None  # no load, or about the day's own (a lighter day's may be far from last)
    reference = last_load if last_load else target.load_kg
    other = _other_unit(load, unit) if not typed.unit_given else None
    if load > MAX_PLAUSIBLE_KG:
        tenth = round(load / 10, 2)
        return [x for x in (tenth if load <= 10 * MAX_PLAUSIBLE_KG else None, other)
                if x is not None and 0 < x <= MAX_PLAUSIBLE_KG]
    if load == 0:
        return [0.0, reference] if reference > 0 else None
    if reference <= 0:
        return [load, *([other] if other else [])] if load > FIRST_HEAVY_KG else None
    far = max(load, reference) / min(load, reference) > FAR_FACTOR
    if far and abs(load - reference) >= FAR_KG:
        nearer = [x for x in (other, reference) if x is not None and x <= MAX_PLAUSIBLE_KG]
        return [load, *nearer]
    return None


def _near(load: float, reference: float) -> bool:
    if load == reference:
        return True
    if min(load, reference) <= 0:
        return False
    return max(load, reference) / min(load, reference) <= FAR_FACTOR or abs(
        load - reference) < FAR_KG


def _other_unit(load: float, unit: str) -> float | None:
    """The same number read in the other unit."""
    if unit == "lb":
        value = load / KG_PER_LB
        return round(value, 2)
    return round(load * KG_PER_LB, 3)


def label(exercise_id: str, report: SetsReport, unit: str) -> str:
    """A short button label: 'Goblet squat 3×8 @ 16 kg?' (the exercise's short name)."""
    name = by_id(exercise_id).short
    if report.kind is ReportKind.AS_PLANNED:
        body = _("as planned")
    elif report.kind is ReportKind.SKIPPED:
        body = _("skipped")
    elif report.left is not None and report.right is not None:
        body = _("L {left} R {right}").format(left=_ints(report.left), right=_ints(report.right))
    elif len(set(report.reps)) == 1:
        body = f"{len(report.reps)}×{report.reps[0]}"
    else:
        body = _ints(report.reps)
    if by_id(exercise_id).unilateral and report.kind is ReportKind.SETS and report.left is None:
        body = _("{reps} per leg").format(reps=body)
    if report.load_kg is not None:
        at = pgettext("typed load", "bw") if report.load_kg == 0 else show_load(report.load_kg,
                                                                                unit)
        body += f" @ {at}"
    return f"{name} {body}?"


def _ints(values: tuple[int, ...]) -> str:
    return " ".join(str(v) for v in values)
