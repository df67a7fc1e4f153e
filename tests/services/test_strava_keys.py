"""Connect states (signed, bound to the chat, expiring) and tokens encrypted at rest."""

from datetime import UTC, datetime, timedelta

import pytest

from services.strava_keys import STATE_TTL, BadState, BadToken, Keys

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
KEYS = Keys("a-test-key-of-some-length-0123456789")


def test_a_state_names_its_chat_and_expires() -> None:
    state = KEYS.check(KEYS.sign(7, 70, NOW), NOW + STATE_TTL - timedelta(seconds=1))
    assert (state.user_id, state.chat_id) == (7, 70)
    with pytest.raises(BadState):
        KEYS.check(KEYS.sign(7, 70, NOW), NOW + STATE_TTL)


def test_every_state_has_its_own_nonce() -> None:
    assert KEYS.check(KEYS.sign(7, 70, NOW), NOW).nonce != \
        KEYS.check(KEYS.sign(7, 70, NOW), NOW).nonce


@pytest.mark.parametrize("forge", [
    lambda s: s + "x", lambda s: "A" + s[1:], lambda s: s.split(".")[0],
    lambda s: "", lambda s: "a.b", lambda s: s.replace(".", ".."),
])
def test_an_altered_or_made_up_state_is_refused(forge: object) -> None:
    state = KEYS.sign(7, 70, NOW)
    with pytest.raises(BadState):
        KEYS.check(forge(state), NOW)  # type: ignore[operator]


def test_another_key_refuses_the_state() -> None:
    with pytest.raises(BadState):
        Keys("another-key-of-some-length-0123456").check(KEYS.sign(7, 70, NOW), NOW)


def test_tokens_round_trip_and_never_appear_in_what_is_stored() -> None:
    token = "abcdef0123456789abcdef0123456789abcdef01"
    stored = KEYS.encrypt(token)
    assert token not in stored
    assert stored != KEYS.encrypt(token)  # a fresh nonce each time
    assert KEYS.decrypt(stored) == token


def test_a_token_stored_with_another_key_does_not_decrypt() -> None:
    with pytest.raises(BadToken):
        Keys("another-key-of-some-length-0123456").decrypt(KEYS.encrypt("secret"))
    with pytest.raises(BadToken):
        KEYS.decrypt("not-a-token")


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError, match="STRAVA_TOKEN_KEY"):
        Keys("short")
