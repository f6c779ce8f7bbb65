"""Follow-up links: what a client's link carries into the self-check, and the link itself.

A follow-up link (`/follow-up?t=TOKEN`) is handed to the client on the aftercare sheet. It is bound to
one saved session (logic/storage/follow_ups.py stores only the token's hash). Opening it starts the
ordinary self-check with what the clinic already knows filled in: the treatment, whether the neck was
treated, and the hours since the treatment, counted from now. Nothing else of the record reaches the
page: no name, no contact, no condition.

Pure functions; the storage and the pages call them.
"""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import urlencode

from .models import Treatment

UTC = dt.UTC
FOLLOW_UP_PATH = "follow-up"
TOKEN_PARAM = "t"
TOKEN_BYTES = 32  # 256 random bits (the issue asks for at least 128)
# A token as secrets.token_urlsafe(TOKEN_BYTES) writes it: 43 characters of the URL-safe alphabet.
TOKEN_LENGTH = 43
TOKEN_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
CLIENT = "client"
THERAPIST = "therapist"
# Who writes the client's report to the audit trail (no name: the link does not say who holds it).
LINK_ACTOR = "client (follow-up link)"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def well_formed(token: str | None) -> bool:
    """Whether `token` could be one of ours (checked before any database read)."""
    return token is not None and len(token) == TOKEN_LENGTH and set(token) <= TOKEN_ALPHABET


def link(base_url: str, token: str) -> str:
    """The short link printed on the aftercare sheet and in its QR code."""
    return f"{base_url.rstrip('/')}/{FOLLOW_UP_PATH}?{urlencode({TOKEN_PARAM: token})}"


def treated_at(date: dt.date, saved_at: dt.datetime, tz: dt.tzinfo | None = None) -> dt.datetime:
    """When the treatment happened, as well as the record tells it.

    A session holds its date, not its hour. Saved on the treatment's own day, its saving time is taken
    (the session is entered at or after the treatment). Otherwise the start of that day in the clinic's
    time zone: more hours since treatment rather than fewer, which is the safer side (E2's two days are
    reached sooner, and F2's "right after" explains less)."""
    local = saved_at.astimezone(tz)
    if local.date() == date:
        return saved_at.astimezone(UTC)
    return dt.datetime.combine(date, dt.time(0, 0), tzinfo=local.tzinfo).astimezone(UTC)


def hours_since(treated: dt.datetime, now: dt.datetime) -> float:
    """Hours from the treatment to now, one decimal, never negative."""
    return round(max((now - treated).total_seconds(), 0.0) / 3600, 1)


def prefill(
    treatment: Treatment | str, neck_treatment: bool, treated: dt.datetime, now: dt.datetime
) -> dict[str, object]:
    """The self-check's answers the session already gives (the questions the walk then skips)."""
    return {
        "treatment": Treatment(treatment).value,
        "neck_treatment": bool(neck_treatment),
        "hours_since_treatment": hours_since(treated, now),
    }
