"""URLs from the settings, read defensively: their shape, their driver and a masked form.

A URL is split by hand (scheme, `//`, userinfo up to the last `@` of the authority, host,
path) rather than trusted to `urlsplit`, which cuts a password at its first `/`, `?` or `#`
and then reports the rest of the password as a host name. Whatever a URL looks like, the
masked form shows no userinfo and no query value, and `password_parts` names every piece of
a password that an error message could echo.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote

SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
LEADING_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*")
KNOWN_SCHEMES = {"postgres", "postgresql", "sqlite", "redis", "rediss", "unix"}
SECRET_QUERY_KEYS = ("pass", "pwd", "secret", "token", "key")
RESERVED = "@:/?#"
MIN_PART = 4  # shorter pieces of a password are too common to redact on their own
# postgres:// and postgresql:// (Heroku, Render, libpq style) mean coachbot's async driver.
DRIVERS = {"postgres": "postgresql+asyncpg", "postgresql": "postgresql+asyncpg",
           "sqlite": "sqlite+aiosqlite"}
ENCODE_ADVICE = ("percent-encode it (@ is %40, : is %3A, / is %2F, ? is %3F, # is %23), "
                 "e.g. python -c \"import urllib.parse; print(urllib.parse.quote('p@ss', ''))\"")


@dataclass(frozen=True)
class Parts:
    """A URL taken apart without interpretation; `host` may still carry a port."""

    scheme: str
    userinfo: str | None
    host: str
    rest: str  # path, query and fragment


def split(url: str) -> Parts | None:
    """The URL's parts, or None when it has no `scheme://`."""
    found = SCHEME.match(url)
    if not found:
        return None
    tail = url[found.end():]
    # The authority ends at the first '/', '?' or '#' after the last '@' (if any '@'); a
    # URL whose authority is empty (sqlite:////srv/a@b/x.db) has no userinfo at all.
    at = -1 if tail.startswith("/") else tail.rfind("@")
    after = at + 1
    ends = [i for i in (tail.find(c, after) for c in "/?#") if i >= 0]
    end = min(ends) if ends else len(tail)
    userinfo = tail[:at] if at >= 0 else None
    return Parts(found.group(1), userinfo, tail[after:end], tail[end:])


def password(url: str) -> str | None:
    """The password as written in the URL (still percent-encoded), if there is one."""
    parts = split(url)
    if parts is None or parts.userinfo is None or ":" not in parts.userinfo:
        return None
    return parts.userinfo.split(":", 1)[1]


def shape_problem(url: str, name: str, example: str) -> str | None:
    """Why `url` cannot be read as a URL (without echoing any of it), or None."""
    parts = split(url)
    if parts is None:
        return f"{name} is not a URL: it needs scheme://, e.g. {example}"
    if parts.userinfo is not None and (
            "@" in parts.userinfo or parts.userinfo.count(":") > 1 or "/" in parts.userinfo
            or "?" in parts.userinfo or "#" in parts.userinfo):
        return f"the user name or password in {name} has a reserved character: {ENCODE_ADVICE}"
    return None


def with_driver(url: str) -> str:
    """postgres:// and postgresql:// become postgresql+asyncpg://, sqlite:// aiosqlite."""
    found = SCHEME.match(url)
    if found and found.group(1).lower() in DRIVERS:
        return DRIVERS[found.group(1).lower()] + url[found.end(1):]
    return url


def masked(url: str) -> str:
    """The URL fit for a log line: no user or password, query values replaced by '***'.

    A URL that does not split shows its leading word only, and only when that is a scheme
    coachbot knows (the text could be a pasted password).
    """
    parts = split(url)
    if parts is None:
        word = LEADING_WORD.match(url)
        known = word is not None and word.group(0).split("+")[0].lower() in KNOWN_SCHEMES
        return f"{word.group(0) if word and known else ''}<URL hidden: it does not parse>"
    if parts.userinfo is not None and shape_problem(url, "", "") is not None:
        return f"{parts.scheme}://<hidden: the userinfo does not parse>"
    path, _, query = parts.rest.partition("?")
    path = path.partition("#")[0]
    pairs = parse_qsl(query.partition("#")[0], keep_blank_values=True)
    shown = "&".join(f"{key}=***" for key, _ in pairs)
    return f"{parts.scheme}://{parts.host}{path}" + (f"?{shown}" if shown else "")


def password_parts(url: str) -> list[str]:
    """Every piece of a password in `url` an error could echo: the userinfo's password (as
    written and decoded), its pieces between reserved characters, and secret query values."""
    found: list[str] = []
    parts = split(url)
    if parts is not None and parts.userinfo is not None and ":" in parts.userinfo:
        secret = parts.userinfo.partition(":")[2]
        found += [secret, unquote(secret), *re.split(f"[{re.escape(RESERVED)}]", secret)]
        # A driver's reading of an unencoded '@': the text after one '@' as the host.
        pieces = parts.userinfo.split("@")
        found += ["@".join(pieces[i:]) for i in range(1, len(pieces))]
    query = url.partition("?")[2]
    found += [value for key, value in parse_qsl(query, keep_blank_values=True)
              if any(word in key.lower() for word in SECRET_QUERY_KEYS)]
    body = url.partition(":")[2]
    if parts is None and "@" in body:  # not a URL: the text between ':' and the last '@'
        secret = body[:body.rfind("@")]
        found += [secret, unquote(secret), *re.split(f"[{re.escape(RESERVED)}]", secret)]
    return sorted({value for value in found if len(value) >= MIN_PART}, key=len, reverse=True)
