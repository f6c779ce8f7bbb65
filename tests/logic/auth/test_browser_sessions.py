"""Browser sessions: a single-use hand-over, the cookie's secret checked on every run, idle and absolute
time-outs, and revocation of every session of an account at sign-out or when an admin disables it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from logic.auth import accounts, audit, browser_sessions
from logic.storage import Storage
from logic.storage.schema import BrowserSession

UTC = dt.UTC
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
IDLE = dt.timedelta(minutes=30)


def signed_in(storage: Storage, username: str = "anna", now: dt.datetime = T0) -> str:
    secret = browser_sessions.redeem_handover(storage, browser_sessions.start_handover(storage, username, now), now)
    assert secret is not None
    return secret


@pytest.fixture
def anna(storage: Storage) -> Storage:
    accounts.create_user(storage, "anna", "long enough 1", "therapist")
    return storage


def test_a_handover_token_is_good_once_and_only_for_a_minute(anna: Storage) -> None:
    token = browser_sessions.start_handover(anna, "anna", T0)
    assert browser_sessions.check(anna, token, IDLE, T0) is None  # a hand-over token is no session
    assert browser_sessions.redeem_handover(anna, token, T0 + dt.timedelta(seconds=61)) is None
    token = browser_sessions.start_handover(anna, "anna", T0)
    secret = browser_sessions.redeem_handover(anna, token, T0 + dt.timedelta(seconds=5))
    assert secret and secret != token and len(secret) >= 43  # 256 bits, URL-safe
    assert browser_sessions.redeem_handover(anna, token, T0 + dt.timedelta(seconds=6)) is None
    assert browser_sessions.redeem_handover(anna, "forged", T0) is None


def test_only_hashes_are_stored(anna: Storage) -> None:
    secret = signed_in(anna)
    with anna.read() as s:
        stored = s.scalars(select(BrowserSession.token_hash)).all()
    assert stored and secret not in stored and all(len(h) == 64 for h in stored)


def test_the_check_follows_idle_time_lifetime_and_the_account(anna: Storage) -> None:
    secret = signed_in(anna)
    found = browser_sessions.check(anna, secret, IDLE, T0 + dt.timedelta(minutes=10))
    assert found is not None and (found.username, found.role) == ("anna", "therapist")
    # Used at minute 10, so still valid at minute 35; idle from minute 10 to 41 it ends.
    assert browser_sessions.check(anna, secret, IDLE, T0 + dt.timedelta(minutes=35)) is not None
    assert browser_sessions.check(anna, secret, IDLE, T0 + dt.timedelta(minutes=66)) is None
    fresh = signed_in(anna)
    late = T0 + browser_sessions.MAX_LIFETIME + dt.timedelta(seconds=1)
    assert browser_sessions.check(anna, fresh, dt.timedelta(days=2), late) is None
    accounts.update_user(anna, "anna", role="admin")
    assert browser_sessions.check(anna, fresh, IDLE, T0).role == "admin"  # the role as it is now
    assert browser_sessions.check(anna, None, IDLE, T0) is None
    assert browser_sessions.check(anna, "", IDLE, T0) is None


def test_sign_out_revokes_every_session_of_the_account_only(anna: Storage) -> None:
    accounts.create_user(anna, "bo", "long enough 2", "therapist")
    tab_one, tab_two, other = signed_in(anna), signed_in(anna), signed_in(anna, "bo")
    assert browser_sessions.revoke_by_secret(anna, tab_one, T0) == "anna"
    assert browser_sessions.check(anna, tab_one, IDLE, T0) is None
    assert browser_sessions.check(anna, tab_two, IDLE, T0) is None
    assert browser_sessions.check(anna, other, IDLE, T0) is not None
    assert browser_sessions.revoke_by_secret(anna, "unknown", T0) is None


def test_disabling_an_account_ends_its_sessions_and_its_handovers(anna: Storage) -> None:
    accounts.create_user(anna, "boss", "long enough 3", "admin")
    secret = signed_in(anna)
    pending = browser_sessions.start_handover(anna, "anna", T0)
    with audit.acting_as("boss"):
        accounts.update_user(anna, "anna", active=False)
    assert browser_sessions.check(anna, secret, IDLE, T0) is None
    assert browser_sessions.redeem_handover(anna, pending, T0) is None
    with audit.acting_as("boss"):
        accounts.update_user(anna, "anna", active=True)
    assert browser_sessions.check(anna, secret, IDLE, T0) is None  # revoked stays revoked
    with pytest.raises(LookupError):
        browser_sessions.start_handover(anna, "nobody", T0)
