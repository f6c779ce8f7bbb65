"""Sign-in throttling: growing delays per account, per source and per (account, source), no lockout.

A lockout counted per account let any stranger lock out the admin with a few wrong passwords. Here a
failed sign-in is counted under up to three keys, each with its own policy (`POLICIES`):

- pair (this account from this source): 3 failures free, then 1 s, 2 s, 4 s ... up to 15 minutes. This
  is what stops one source guessing one account's password.
- source (every name tried from this source, existing or not): 10 free, then the same growth up to 15
  minutes. This slows one password tried against many accounts.
- account (this account from every source): 10 free, then 1 s, 2 s ... up to `ACCOUNT_BOUND` (30 s).
  It slows guessing spread over many sources, and it is the most anyone else's failures can delay the
  real user signing in from another source: that delay never exceeds ACCOUNT_BOUND.

While a key is held back (`blocked_until`), an attempt under it is refused before the password is
checked, and neither counts nor extends the delay. A key's failures are forgotten after a quiet
`forget_after`. A correct password clears the pair and account keys, never the source key (a guesser
with one account of their own could otherwise reset it). An admin's unlock clears the account's keys.

The source is the client's address as the server sees it (Streamlit's `st.context.ip_address`; behind
a reverse proxy on the same machine uvicorn takes it from X-Forwarded-For). IPv6 addresses count per
/64 network, since one client commonly holds a whole /64; a connection from the server itself
(no address) counts as the source "local".

Known limit: the pair key exists for accounts only (a name that is no account must leave no trace), so
from one source an existing name is held back after 4 failures and any other name after 11; someone
willing to spend those attempts learns whether a name exists.

The rows live in the database (table sign_in_throttle), changed in the same write transaction as the
sign-in's audit row, so every replica sharing the database sees the same counts.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..storage.schema import SignInThrottle

FIRST_DELAY = dt.timedelta(seconds=1)
ACCOUNT_BOUND = dt.timedelta(seconds=30)
# A source writes at most one trail row per window for names that are no account (with the count).
UNKNOWN_NAME_LOG_WINDOW = dt.timedelta(minutes=15)
# Rows quiet this long, and no longer holding anything back, are deleted.
KEEP = dt.timedelta(days=1)
LOCAL = "local"


@dataclass(frozen=True)
class Policy:
    free: int  # failures before the first delay
    cap: dt.timedelta  # the longest delay
    forget_after: dt.timedelta  # failures this long ago are forgotten

    def delay(self, failures: int) -> dt.timedelta:
        """The wait after the `failures`-th failure: none while free, then doubling up to the cap."""
        beyond = failures - self.free
        if beyond <= 0:
            return dt.timedelta(0)
        return min(self.cap, FIRST_DELAY * int(2 ** min(beyond - 1, 30)))


POLICIES = {
    "pair": Policy(free=3, cap=dt.timedelta(minutes=15), forget_after=dt.timedelta(hours=1)),
    "source": Policy(free=10, cap=dt.timedelta(minutes=15), forget_after=dt.timedelta(hours=1)),
    "account": Policy(free=10, cap=ACCOUNT_BOUND, forget_after=dt.timedelta(minutes=15)),
    # Reports sent (and unknown links opened) through the public follow-up page, per source
    # (logic/storage/follow_ups.py): a clinic's clients send a few; a script sending many is slowed.
    "followup": Policy(free=10, cap=dt.timedelta(minutes=15), forget_after=dt.timedelta(hours=1)),
}


def source_of(address: str | None) -> str:
    """The throttling source of a client address: the address, an IPv6 address's /64, or "local"."""
    text = (address or "").strip()
    if not text:
        return LOCAL
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return "other:" + text[:40]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def keys(user_id: int | None, source: str) -> list[str]:
    """The keys a failure counts under: the source's, and for an account also the account's and the pair's."""
    found = [f"source:{source}"]
    if user_id is not None:
        found += [f"account:{user_id}", f"pair:{user_id}:{source}"]
    return found


def _policy(key: str) -> Policy:
    return POLICIES[key.split(":", 1)[0]]


def _rows(session: Session, wanted: list[str], lock: bool) -> dict[str, SignInThrottle]:
    query = select(SignInThrottle).where(SignInThrottle.key.in_(wanted))
    if lock:
        query = query.with_for_update()
    return {row.key: row for row in session.scalars(query)}


def blocked_until(session: Session, wanted: list[str], now: dt.datetime, lock: bool = False) -> dt.datetime | None:
    """Until when an attempt under these keys is refused, or None when it may be checked now."""
    rows = _rows(session, wanted, lock).values()
    times = [row.blocked_until for row in rows if row.blocked_until and row.blocked_until > now]
    return max(times) if times else None


def _ensure(session: Session, wanted: list[str], now: dt.datetime) -> None:
    """Insert the keys' rows that do not exist yet; another replica inserting the same key at once is fine."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = [{"key": key, "failures": 0, "last_failure": now, "unlogged": 0} for key in wanted]
    session.execute(insert(SignInThrottle).values(values).on_conflict_do_nothing(index_elements=["key"]))


def record_failure(session: Session, wanted: list[str], now: dt.datetime) -> dt.datetime | None:
    """Count one failure under every key; returns until when the next attempt will be held back."""
    _ensure(session, wanted, now)
    for key, row in _rows(session, wanted, lock=True).items():
        policy = _policy(key)
        if row.failures and now - row.last_failure >= policy.forget_after:
            row.failures = 0
        row.failures += 1
        row.last_failure = now
        wait = policy.delay(row.failures)
        row.blocked_until = now + wait if wait else None
    session.execute(
        delete(SignInThrottle).where(
            SignInThrottle.last_failure < now - KEEP,
            or_(SignInThrottle.blocked_until.is_(None), SignInThrottle.blocked_until < now),
        )
    )
    return blocked_until(session, wanted, now)


def clear(session: Session, wanted: list[str]) -> None:
    """Forget these keys (after a correct password: the pair and the account, never the source)."""
    session.execute(delete(SignInThrottle).where(SignInThrottle.key.in_(wanted)))


def clear_account(session: Session, user_id: int) -> None:
    """An admin's unlock: the account's own key and its pairs with every source."""
    session.execute(
        delete(SignInThrottle).where(
            or_(SignInThrottle.key == f"account:{user_id}", SignInThrottle.key.like(f"pair:{user_id}:%"))
        )
    )


def account_blocked_until(session: Session, user_id: int, now: dt.datetime) -> dt.datetime | None:
    """The latest time until which the account is held back from any source (for the users page)."""
    rows = session.scalars(
        select(SignInThrottle.blocked_until).where(
            or_(SignInThrottle.key == f"account:{user_id}", SignInThrottle.key.like(f"pair:{user_id}:%")),
            SignInThrottle.blocked_until > now,
        )
    ).all()
    times = [at for at in rows if at is not None]  # the query keeps only rows blocked beyond now
    return max(times) if times else None


def unknown_name_to_log(session: Session, source: str, now: dt.datetime) -> int | None:
    """A failure with a name that is no account, from `source` (whose row record_failure has just
    locked): how many such failures to write to the trail now (this one and those held back since the
    last row), or None while this source's window since its last row is still open."""
    row = session.get(SignInThrottle, f"source:{source}")
    assert row is not None, "record_failure creates the source's row first"
    if row.logged_at is not None and now - row.logged_at < UNKNOWN_NAME_LOG_WINDOW:
        row.unlogged += 1
        return None
    count, row.unlogged, row.logged_at = row.unlogged + 1, 0, now
    return count
