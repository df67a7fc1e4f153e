"""Kilograms or pounds: loads are stored in kg and shown in the runner's unit."""

import re

import i18n
from i18n import _

KG_PER_LB = 0.45359237
UNITS = ("kg", "lb")


def to_kg(value: float, unit: str) -> float:
    """A typed load in the runner's unit, in kg (exact to the gram for pounds)."""
    return round(value * KG_PER_LB, 3) if unit == "lb" else round(value, 2)


def show_load(kg: float, unit: str = "kg") -> str:
    """'body weight', '12 kg', '12.5 kg', '35 lb' (in Russian '12,5 кг')."""
    if kg <= 0:
        return _("body weight")
    if unit == "lb":
        return _("{load} lb").format(load=i18n.number(round(kg / KG_PER_LB * 2) / 2, 1))
    return _("{load} kg").format(load=i18n.number(kg, 2))


def parse_unit(text: str) -> str | None:
    """'kg', 'kilos', 'lbs', 'pounds' to 'kg' or 'lb'; None for anything else."""
    word = text.strip().lower().rstrip(".s")
    if word in ("kg", "kilo", "kilogram"):
        return "kg"
    if word in ("lb", "pound"):
        return "lb"
    return None


def read_load(text: str, unit: str) -> float | None:
    """'16', '16kg', '35 lb', 'bw', '0' as kg (a bare number in the runner's unit); None if
    it isn't a load."""
    s = text.strip().lower().replace(",", ".")
    if s in ("bw", "bodyweight", "body weight", "0"):
        return 0.0
    match = re.fullmatch(r"([0-9]{1,4}(?:\.[0-9]{1,3})?) ?([a-z]*)", s)
    if match is None:
        return None
    given = parse_unit(match[2]) if match[2] else unit
    if given is None:
        return None
    return to_kg(float(match[1]), given)
