"""The Strava secrets' two uses, both keyed by STRAVA_TOKEN_KEY: connect states and tokens.

- A connect state is `<payload>.<mac>`: the runner's user and chat ids, when it expires and
  a random nonce, signed with HMAC-SHA256. Checking it proves coachbot made it for that
  chat and that it has not expired; the nonce is stored when used, so it works once.
- Tokens are encrypted with AES-GCM (a fresh 96-bit nonce each time) before they are
  stored; a row read with another key fails to decrypt instead of yielding garbage.

The two keys are derived from the one setting with HMAC, so neither use can stand in for
the other.
"""

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

STATE_TTL = timedelta(minutes=30)


class BadState(ValueError):
    """A connect state that coachbot did not make, was altered, or has expired."""


class BadToken(ValueError):
    """A stored token that does not decrypt with this key."""


@dataclass(frozen=True)
class State:
    user_id: int
    chat_id: int
    expires_at: datetime
    nonce: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Keys:
    """Signs and checks connect states; encrypts and decrypts tokens."""

    def __init__(self, secret: str) -> None:
        if len(secret) < 16:
            raise ValueError("STRAVA_TOKEN_KEY must be at least 16 characters")
        root = secret.encode()
        self._mac = hmac.new(root, b"coachbot strava state", hashlib.sha256).digest()
        self._aead = AESGCM(hmac.new(root, b"coachbot strava tokens", hashlib.sha256).digest())

    def sign(self, user_id: int, chat_id: int, now: datetime) -> str:
        """A fresh state for this chat, good for STATE_TTL."""
        expires = int((now + STATE_TTL).timestamp())
        payload = _b64(f"{user_id}:{chat_id}:{expires}:{_b64(os.urandom(16))}".encode())
        return f"{payload}.{self._sign(payload)}"

    def check(self, state: str, now: datetime) -> State:
        """The state's contents; BadState if forged, altered, malformed or expired."""
        payload, dot, mac = state.partition(".")
        if not dot or not hmac.compare_digest(mac, self._sign(payload)):
            raise BadState("signature")
        try:
            user, chat, expires, nonce = _unb64(payload).decode().split(":")
            parsed = State(int(user), int(chat), datetime.fromtimestamp(int(expires), UTC),
                           nonce)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadState("shape") from exc
        if parsed.expires_at <= now:
            raise BadState("expired")
        return parsed

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._mac, payload.encode(), hashlib.sha256).digest())

    def encrypt(self, token: str) -> str:
        nonce = os.urandom(12)
        return _b64(nonce + self._aead.encrypt(nonce, token.encode(), b"strava"))

    def decrypt(self, stored: str) -> str:
        try:
            raw = _unb64(stored)
            plain: bytes = self._aead.decrypt(raw[:12], raw[12:], b"strava")
            return plain.decode()
        except (InvalidTag, ValueError) as exc:
            raise BadToken("token does not decrypt with STRAVA_TOKEN_KEY") from exc
