"""Stored text and numbers -> the frozen values they mean, through small caches: a batch of
cards reads thousands of rows made of a few hundred distinct lists, masks and kits."""

from functools import lru_cache

from coach.views import mask_to_days

days_of = lru_cache(maxsize=128)(mask_to_days)  # a week's mask has 128 values


@lru_cache(maxsize=4096)
def parsed_ints(text: str) -> tuple[int, ...]:
    """The numbers of a stored list ("8 8 7")."""
    return tuple(int(part) for part in text.split())


@lru_cache(maxsize=1024)
def weights_of(text: str | None) -> tuple[float, ...]:
    """The loads of a stored list ("8 12 16"); none for None."""
    return tuple(float(w) for w in (text or "").split())
