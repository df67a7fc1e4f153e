"""The memory of which message shows a chat's live card or step question."""

from bot.keyboards import Kind, LiveKeyboards


def test_a_newer_message_of_a_kind_returns_the_one_it_replaces() -> None:
    keyboards = LiveKeyboards()
    assert keyboards.replace(1, Kind.CARD, 10, session_id=5) is None
    assert keyboards.replace(1, Kind.STEP, 11, session_id=5) is None  # kinds are apart
    assert keyboards.replace(2, Kind.CARD, 12, session_id=6) is None  # chats are apart
    assert keyboards.replace(1, Kind.CARD, 13, session_id=7) == 10
    assert keyboards.replace(1, Kind.CARD, 13, session_id=7) is None  # the same one again
    assert keyboards.replace(1, Kind.STEP, None) == 11  # nothing shown now
    assert keyboards.replace(1, Kind.STEP, 14) is None


def test_a_closed_session_gives_back_only_its_own_message() -> None:
    keyboards = LiveKeyboards()
    keyboards.replace(1, Kind.CARD, 10, session_id=5)
    assert keyboards.closed(1, Kind.CARD, 4) is None  # an older session: not this card
    assert keyboards.closed(1, Kind.CARD, 5) == 10
    assert keyboards.closed(1, Kind.CARD, 5) is None  # forgotten once given back


def test_the_least_recently_shown_chats_are_forgotten_first() -> None:
    keyboards = LiveKeyboards(size=2)
    keyboards.replace(1, Kind.CARD, 10)
    keyboards.replace(2, Kind.CARD, 20)
    keyboards.replace(3, Kind.CARD, 30)
    assert keyboards.replace(1, Kind.CARD, 11) is None  # chat 1 was forgotten
    assert keyboards.replace(3, Kind.CARD, 31) == 30
