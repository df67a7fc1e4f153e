"""What the runner trains with, and the loads it allows.

Three kinds: body weight only; a set of fixed weights (dumbbells or kettlebells: the loads
are exactly the ones owned); a gym (plates: any load in fine steps). Loads are stored in kg;
fixed weights are stored as their kg values, so "35 lb" stays one dumbbell. A load moves to
the next weight the runner actually has, never to one they don't.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from coach.russian import kit_words
from coach.units import to_kg


class Kind(StrEnum):
    """What kind of kit the runner has."""

    BODYWEIGHT = "bodyweight"
    WEIGHTS = "weights"  # dumbbells or kettlebells: only these loads exist
    GYM = "gym"  # plates and racks: any load in small steps


@dataclass(frozen=True)
class Equipment:
    """The runner's kit; `weights_kg` lists the loads owned (kind WEIGHTS), lightest first."""

    kind: Kind = Kind.GYM
    weights_kg: tuple[float, ...] = ()
    label: str = ""  # what the runner called it: "kettlebells", "dumbbells"

    def __post_init__(self) -> None:
        if self.kind is Kind.WEIGHTS and not self.weights_kg:
            raise ValueError("fixed weights need at least one load")
        if any(w <= 0 for w in self.weights_kg):
            raise ValueError(f"weights must be positive, got {self.weights_kg}")

    @property
    def loaded(self) -> bool:
        """Whether any load at all is available."""
        return self.kind is not Kind.BODYWEIGHT


BODYWEIGHT = Equipment(Kind.BODYWEIGHT)
GYM = Equipment(Kind.GYM)


def heavier(kit: Equipment, load_kg: float, step_kg: float, ceiling_kg: float) -> float | None:
    """The next load up the runner has, at most `ceiling_kg`; None if there is none."""
    if kit.kind is Kind.BODYWEIGHT:
        return None
    if kit.kind is Kind.GYM:
        up = round(load_kg + step_kg, 3)
        return up if up <= ceiling_kg + 1e-6 else None
    up_w = next((w for w in kit.weights_kg if w > load_kg + 1e-6), None)
    return up_w if up_w is not None and up_w <= ceiling_kg + 1e-6 else None


def lighter(kit: Equipment, load_kg: float, step_kg: float, floor_kg: float = 0.0) -> float:
    """The next load down the runner has; body weight (0) below the lightest owned, or in
    a gym at or below `floor_kg` (the exercise's first load)."""
    if kit.kind is Kind.BODYWEIGHT or load_kg <= 0:
        return 0.0
    if kit.kind is Kind.GYM:
        down = round(load_kg - step_kg, 3)
        return down if down > 0 and load_kg > floor_kg + 1e-6 else 0.0
    return max((w for w in kit.weights_kg if w < load_kg - 1e-6), default=0.0)


def first_load(kit: Equipment, wanted_kg: float, ceiling_kg: float) -> float | None:
    """The load to start with: the owned weight nearest `wanted_kg` (None: no load fits)."""
    if kit.kind is Kind.BODYWEIGHT:
        return None
    if kit.kind is Kind.GYM:
        return min(wanted_kg, ceiling_kg)
    fitting = [w for w in kit.weights_kg if w <= ceiling_kg + 1e-6]
    if not fitting:
        return None
    return min(fitting, key=lambda w: (abs(w - wanted_kg), w))


class EquipmentNotUnderstood(ValueError):
    """The text does not say what kit the runner has."""


_NONE_WORDS = ("none", "nothing", "no weights", "bodyweight", "body weight", "bw", "no")
_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)")
_STEP = re.compile(r"(?:in|by|every|step)\s*(\d+(?:\.\d+)?)\s*(?:s\b|'s\b|kg|lbs?)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def parse_equipment(text: str, unit: str = "kg") -> Equipment:
    """'gym', 'none', '8 12 16 24 kg kettlebells', 'dumbbells 5-25 lb in 5s'."""
    s = " ".join(kit_words(text.lower()).split())  # «гантели 8 12 16 кг», «зал» too
    if s in _NONE_WORDS or "body weight only" in s or "no equipment" in s:
        return BODYWEIGHT
    if "gym" in s or "barbell" in s or "plates" in s:
        return GYM
    given = "lb" if re.search(r"\d\s*(lb|lbs|pound)|\b(lb|lbs|pounds)\b", s) else (
        "kg" if re.search(r"kg|kilo", s) else unit)
    label = "kettlebells" if "kettle" in s or "kb" in s else "dumbbells"
    loads = _range_loads(s) or [float(n) for n in _NUMBER.findall(s)]
    if not loads or any(v <= 0 or v > 200 for v in loads):
        raise EquipmentNotUnderstood(text)
    weights = tuple(sorted({to_kg(v, given) for v in loads}))
    return Equipment(Kind.WEIGHTS, weights, label)


def _range_loads(s: str) -> list[float]:
    found = _RANGE.search(s)
    if found is None:
        return []
    low, high = float(found[1]), float(found[2])
    step_match = _STEP.search(s[found.end():])
    step = float(step_match[1]) if step_match else (2.5 if high - low <= 25 else 5.0)
    if step <= 0 or high < low or (high - low) / step > 60:
        raise EquipmentNotUnderstood(s)
    count = round((high - low) / step)
    return [round(low + i * step, 3) for i in range(count + 1)]


def encode(kit: Equipment) -> tuple[str, str]:
    """The kind and the loads as stored: ('weights', '8 12 16 24'), label kept apart."""
    return kit.kind.value, " ".join(f"{w:g}" for w in kit.weights_kg)


def decode(kind: str, weights: str, label: str = "") -> Equipment:
    """The inverse of `encode`."""
    loads = tuple(float(w) for w in weights.split())
    return Equipment(Kind(kind), loads, label)


def fit(kit: Equipment, load_kg: float) -> float:
    """A target load the runner can actually set up with this kit: the heaviest owned
    weight not above it (body weight below the lightest, or with no weights at all)."""
    if kit.kind is Kind.GYM or load_kg <= 0:
        return max(load_kg, 0.0)
    if kit.kind is Kind.BODYWEIGHT:
        return 0.0
    return max((w for w in kit.weights_kg if w <= load_kg + 1e-6), default=0.0)
