"""An onboarding question expires an hour after it was asked, not a second sooner."""

from datetime import UTC, datetime, timedelta

from coach.draft import DRAFT_TTL, Draft

ASKED = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # Europe's spring-forward night


def test_a_draft_is_fresh_up_to_the_ttl_and_expired_after_it() -> None:
    draft = Draft(asked_at=ASKED)
    assert timedelta(hours=1) == DRAFT_TTL
    assert not draft.expired(ASKED)
    assert not draft.expired(ASKED + DRAFT_TTL)
    assert draft.expired(ASKED + DRAFT_TTL + timedelta(microseconds=1))


def test_a_draft_whose_question_was_never_asked_does_not_expire() -> None:
    assert not Draft().expired(ASKED + timedelta(days=365))
