"""Kilograms or pounds: loads are stored in kg and shown in the runner's unit."""

KG_PER_LB = 0.45359237
UNITS = ("kg", "lb")


def to_kg(value: float, unit: str) -> float:
    """A typed load in the runner's unit, in kg (exact to the gram for pounds)."""
    return round(value * KG_PER_LB, 3) if unit == "lb" else round(value, 2)


def show_load(kg: float, unit: str = "kg") -> str:
    """'body weight', '12 kg', '12.5 kg', '35 lb'."""
    if kg <= 0:
        return "body weight"
    if unit == "lb":
        return f"{round(kg / KG_PER_LB * 2) / 2:g} lb"
    return f"{round(kg, 2):g} kg"


def parse_unit(text: str) -> str | None:
    """'kg', 'kilos', 'lbs', 'pounds' to 'kg' or 'lb'; None for anything else."""
    word = text.strip().lower().rstrip(".s")
    if word in ("kg", "kilo", "kilogram"):
        return "kg"
    if word in ("lb", "pound"):
        return "lb"
    return None
