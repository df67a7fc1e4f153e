"""Left/right news: nothing for one session, told once when a gap persists, followed up."""

from coach.sides import gap_news, persistent_side

GAP = ((8, 8, 8), (6, 6, 6))
EVEN = ((8, 8, 8), (8, 8, 8))


def test_three_gaps_in_the_last_four_sessions_persist_on_that_side() -> None:
    assert persistent_side([GAP, EVEN, GAP, GAP]) == "right"
    assert persistent_side([GAP, GAP, EVEN, EVEN]) is None


def test_news_comes_only_when_the_pattern_starts_or_ends() -> None:
    assert gap_news([GAP], GAP) == ""
    assert "trailed" in gap_news([GAP, GAP], GAP)
    assert gap_news([GAP, GAP, GAP], GAP) == ""
    assert "caught up" in gap_news([GAP, GAP, GAP, EVEN], EVEN)


def test_without_per_leg_reps_today_there_is_no_news() -> None:
    assert gap_news([GAP, GAP], None) == ""
