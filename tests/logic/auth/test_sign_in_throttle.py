"""Sign-in throttling (growing delays, no lockout), failed sign-in rows, passwords and single sign-on by
subject: the logic, on SQLite and PostgreSQL, with an injected clock (nothing sleeps)."""

from __future__ import annotations

import datetime as dt

import pytest

from logic.auth import accounts, audit, passwords, throttle
from logic.settings import ClinicSettings
from logic.storage import Storage, open_storage

UTC = dt.UTC
T0 = dt.datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
ATTACKER, ADMIN_DESK = "203.0.113.66", "198.51.100.7"
ADMIN_PASSWORD = "violet ferry lantern 42"


class Clock:
    def __init__(self, now: dt.datetime = T0):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def past(self, until: dt.datetime | None) -> None:
        """Wait (on this clock) until `until` has passed."""
        if until is not None and until >= self.now:
            self.now = until + dt.timedelta(milliseconds=1)


def trail(storage: Storage) -> list[audit.Entry]:
    return list(reversed(audit.entries(storage.engine, limit=10_000)))


def test_policy_delays_grow_and_stop_at_their_caps() -> None:
    pair, source, account = (throttle.POLICIES[k] for k in ("pair", "source", "account"))
    assert [pair.delay(n).total_seconds() for n in range(1, 8)] == [0, 0, 0, 1, 2, 4, 8]
    assert pair.delay(100) == source.delay(100) == dt.timedelta(minutes=15)
    assert source.delay(10) == dt.timedelta(0) < source.delay(11)
    assert max(account.delay(n) for n in range(200)) == throttle.ACCOUNT_BOUND == dt.timedelta(seconds=30)


def test_sources() -> None:
    assert throttle.source_of(None) == throttle.source_of("") == "local"
    assert throttle.source_of("203.0.113.5") == "203.0.113.5"
    assert throttle.source_of("::ffff:203.0.113.5") == "203.0.113.5"
    # One IPv6 client commonly holds a whole /64: its addresses count as one source.
    assert throttle.source_of("2001:db8:1:2::17") == throttle.source_of("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"


def test_twenty_wrong_passwords_do_not_stop_the_admin_elsewhere(storage: Storage) -> None:
    """A stranger trying the admin's name 20 times, waiting out every delay so that all 20 count, holds
    the admin back from another source by at most throttle.ACCOUNT_BOUND; the stranger is held back."""
    accounts.create_user(storage, "boss", ADMIN_PASSWORD, "admin")
    clock = Clock()
    outcome = None
    for attempt in range(20):
        clock.past(outcome.retry_after if attempt else None)
        outcome = accounts.sign_in(storage, "boss", f"guess number {attempt}", ATTACKER, clock)
        assert not outcome.ok and outcome.reason == "invalid"
    assert clock.now - T0 > dt.timedelta(hours=1)  # 20 counted guesses cost the stranger hours, not seconds
    # Right after the stranger's 20th failure: the stranger's next try is held back for long ...
    again = accounts.sign_in(storage, "boss", ADMIN_PASSWORD, ATTACKER, clock)
    assert again.reason == "throttled" and again.retry_after - clock.now >= dt.timedelta(minutes=15)
    # ... while the admin at another desk waits at most the account's bound, then signs in.
    at_the_desk = accounts.sign_in(storage, "boss", ADMIN_PASSWORD, ADMIN_DESK, clock)
    if not at_the_desk.ok:
        assert at_the_desk.reason == "throttled"
        assert at_the_desk.retry_after - clock.now <= throttle.ACCOUNT_BOUND
        clock.past(at_the_desk.retry_after)
        at_the_desk = accounts.sign_in(storage, "boss", ADMIN_PASSWORD, ADMIN_DESK, clock)
    assert at_the_desk.ok and at_the_desk.user.role == "admin"


def test_twenty_quick_wrong_passwords_do_not_delay_the_admin_at_all(storage: Storage) -> None:
    """Without waiting, only the first few of a stranger's guesses are even checked; the admin elsewhere
    signs in at once."""
    accounts.create_user(storage, "boss", ADMIN_PASSWORD, "admin")
    clock = Clock()
    reasons = [accounts.sign_in(storage, "boss", f"guess {i}", ATTACKER, clock).reason for i in range(20)]
    assert reasons[:4] == ["invalid"] * 4 and set(reasons[4:]) == {"throttled"}
    assert accounts.sign_in(storage, "boss", ADMIN_PASSWORD, ADMIN_DESK, clock).ok
    # Held back attempts were not checked: not even the right password gets through from the stranger.
    assert accounts.sign_in(storage, "boss", ADMIN_PASSWORD, ATTACKER, clock).reason == "throttled"


def test_one_password_against_twenty_accounts_is_slowed(storage: Storage) -> None:
    for i in range(20):
        accounts.create_user(storage, f"therapist{i}", f"orchid canal {i} mirror", "therapist")
    clock = Clock()
    outcomes = [accounts.sign_in(storage, f"therapist{i}", "Summer2026!", ATTACKER, clock) for i in range(20)]
    assert [o.reason for o in outcomes[:10]] == ["invalid"] * 10
    assert {o.reason for o in outcomes[11:]} == {"throttled"}  # held back from the 11th account on
    # Waiting out each delay, the spray over 20 accounts costs the source 1 + 2 + ... + 256 s, and the
    # 21st name waits 512 s more.
    clock = Clock(T0 + dt.timedelta(days=2))
    start = clock.now
    wait = None
    for i in range(20):
        clock.past(wait)
        outcome = accounts.sign_in(storage, f"therapist{i}", "Winter2026!", ATTACKER, clock)
        assert outcome.reason == "invalid"
        wait = outcome.retry_after
    assert clock.now - start >= dt.timedelta(seconds=511)
    assert outcome.retry_after - clock.now == dt.timedelta(seconds=512)
    # Names that are no account are held back as well.
    assert accounts.sign_in(storage, "nobody-at-all", "x", ATTACKER, clock).reason == "throttled"
    # Another source is not affected.
    assert accounts.sign_in(storage, "therapist3", "orchid canal 3 mirror", ADMIN_DESK, clock).ok


def test_delays_hold_across_replicas_and_an_admin_can_unlock(
    database_url: str, settings: ClinicSettings, storage: Storage
) -> None:
    """Two Storage objects on one database (two replicas) count the same failures."""
    accounts.create_user(storage, "kim", "harbour piano 77 tulip", "therapist")
    clock = Clock()
    with open_storage(database_url, settings) as other:
        for i in range(4):
            accounts.sign_in(storage if i % 2 else other, "kim", "wrong", ATTACKER, clock)
        assert accounts.sign_in(other, "kim", "harbour piano 77 tulip", ATTACKER, clock).reason == "throttled"
        assert accounts.sign_in(storage, "kim", "harbour piano 77 tulip", ATTACKER, clock).reason == "throttled"
    assert accounts.list_users(storage, clock.now)[0].throttled_until is not None
    accounts.update_user(storage, "kim", unlock=True)
    assert accounts.list_users(storage, clock.now)[0].throttled_until is None
    assert accounts.sign_in(storage, "kim", "harbour piano 77 tulip", ATTACKER, clock).ok


def test_failures_are_forgotten_after_a_quiet_hour(storage: Storage) -> None:
    accounts.create_user(storage, "bo", "meadow kettle 31 sparrow", "therapist")
    clock = Clock()
    for round in range(6):  # four failures, then two quiet hours: every round starts afresh
        for minute in range(4):
            clock.now = T0 + dt.timedelta(hours=2 * round, minutes=minute)
            outcome = accounts.sign_in(storage, "bo", "wrong", ATTACKER, clock)
            assert outcome.reason == "invalid" and (outcome.retry_after is not None) == (minute == 3)
    clock.now += dt.timedelta(minutes=1)
    assert accounts.sign_in(storage, "bo", "meadow kettle 31 sparrow", ATTACKER, clock).ok


def test_failed_sign_in_rows_keep_no_typed_name_and_are_bounded(storage: Storage) -> None:
    accounts.create_user(storage, "anna", "pepper glacier 8 violin", "therapist")
    clock = Clock()
    typed = "my secret password"  # typed into the name field by mistake
    for i in range(12):
        clock.now = T0 + dt.timedelta(seconds=i * 2000)  # past every delay: each one is counted
        accounts.sign_in(storage, typed if i % 2 else f"{typed} {i}", "anything", ATTACKER, clock)
    rows = [e for e in trail(storage) if e.action == audit.SIGN_IN_FAILED]
    everything = repr([(e.actor, e.detail) for e in trail(storage)])
    assert "secret" not in everything
    assert {e.actor for e in rows} == {"anonymous"}
    # 12 failures over 6.7 hours: at most one row per source per 15-minute window, with the count.
    assert len(rows) == 12  # 2000 s apart: each in a window of its own
    clock = Clock(T0 + dt.timedelta(days=3))
    for i in range(30):  # thirty quick ones: one row, the rest counted and reported by the next row
        accounts.sign_in(storage, f"{typed} {i}", "anything", "192.0.2.9", clock)
        clock.now += dt.timedelta(seconds=1)
    rows = [e for e in trail(storage) if e.action == audit.SIGN_IN_FAILED and e.detail.get("source") == "192.0.2.9"]
    assert len(rows) == 1 and rows[0].detail["failures"] == 1
    clock.now += throttle.UNKNOWN_NAME_LOG_WINDOW + dt.timedelta(minutes=60)
    accounts.sign_in(storage, "nobody", "anything", "192.0.2.9", clock)
    rows = [e for e in trail(storage) if e.action == audit.SIGN_IN_FAILED and e.detail.get("source") == "192.0.2.9"]
    assert len(rows) == 2 and rows[1].detail["failures"] > 1
    # A wrong password for an existing account is recorded under its name, without the password.
    accounts.sign_in(storage, "anna", "not her password", "192.0.2.10", clock)
    last = trail(storage)[-1]
    assert (last.actor, last.detail["reason"], last.detail["source"]) == ("anna", "wrong password", "192.0.2.10")
    assert "not her password" not in repr(last.detail)


# --- passwords ---


@pytest.mark.parametrize(
    "weak, code",
    [("12345678", "too_short"), ("password", "too_short"), (" " * 8, "too_short"), (" " * 14, "too_short"),
     ("password1234", "weak"), ("qwertyuiop123", "weak"), ("aaaaaaaaaaaaaaaa", "weak"), ("boss12345678", "weak"),
     ("reaktionsguide1", "weak"), ("x" * 129, "too_long")],
)  # fmt: skip
def test_weak_passwords_are_refused(weak: str, code: str) -> None:
    assert passwords.weakness(weak, ["boss"])[0] == code


def test_a_refused_password_creates_and_changes_nothing(storage: Storage) -> None:
    with pytest.raises(accounts.PasswordPolicyError) as refused:
        accounts.create_user(storage, "boss", "password1234", "admin")
    assert refused.value.code == "weak" and "too easy to guess" in str(refused.value)
    assert accounts.count_users(storage) == 0
    accounts.create_user(storage, "boss", "violet ferry lantern 42", "admin")
    with pytest.raises(accounts.PasswordPolicyError):
        accounts.update_user(storage, "boss", password="boss12345678")
    assert accounts.sign_in(storage, "boss", "violet ferry lantern 42").ok


def test_policy_accepts_long_unguessable_passwords() -> None:
    assert passwords.weakness("correct horse battery staple") is None
    assert passwords.weakness("violet ferry lantern 42") is None
    assert passwords.weakness("anna.berg@clinic.dk 2026", ["anna", "anna.berg@clinic.dk"]) == ("weak", {})


def test_change_and_reset(storage: Storage) -> None:
    accounts.create_user(storage, "anna", "pepper glacier 8 violin", "therapist")
    clock = Clock()
    with pytest.raises(accounts.PasswordPolicyError):
        accounts.change_password(storage, "anna", "pepper glacier 8 violin", "password123", clock=clock)
    with pytest.raises(accounts.PasswordPolicyError) as same:
        accounts.change_password(storage, "anna", "pepper glacier 8 violin", "pepper glacier 8 violin", clock=clock)
    assert same.value.code == "same"
    wrong_old = accounts.change_password(storage, "anna", "wrong old one", "sunlit harbor 5 quill", clock=clock)
    assert wrong_old.reason == "invalid"
    assert accounts.change_password(storage, "anna", "pepper glacier 8 violin", "sunlit harbor 5 quill", clock=clock).ok
    assert not accounts.sign_in(storage, "anna", "pepper glacier 8 violin", clock=clock).ok
    assert accounts.sign_in(storage, "anna", "sunlit harbor 5 quill", clock=clock).ok

    temporary = accounts.reset_password(storage, "anna")
    assert accounts.get_user(storage, "anna").must_change_password
    assert not accounts.sign_in(storage, "anna", "sunlit harbor 5 quill", clock=clock).ok
    held = accounts.sign_in(storage, "anna", temporary, clock=clock)
    assert not held.ok and held.reason == "change_password" and held.user.username == "anna"
    assert accounts.change_password(storage, "anna", temporary, "copper willow 19 canyon", clock=clock).ok
    assert not accounts.get_user(storage, "anna").must_change_password
    last = trail(storage)[-2:]
    assert [(e.actor, e.action) for e in last] == [("anna", audit.USER_CHANGE), ("anna", audit.SIGN_IN_OK)]
    assert accounts.sign_in(storage, "anna", "copper willow 19 canyon", clock=clock).ok
    written = repr([(e.actor, e.detail) for e in trail(storage)])
    assert not any(secret in written for secret in (temporary, "pepper", "sunlit", "copper", "password123"))


# --- single sign-on ---

ISSUER = "https://idp.clinic.example"


def test_sso_needs_verified_email_then_maps_by_subject(storage: Storage) -> None:
    accounts.create_user(storage, "lene", None, "admin", email="Lene@Clinic.dk")
    # email_verified absent or false: nobody, and the account stays unbound.
    for verified in (None, False):
        assert not accounts.sign_in_sso(storage, "lene@clinic.dk", verified=verified, issuer=ISSUER, subject="s-1").ok
    assert not accounts.sign_in_sso(storage, "someone@else.dk", verified=True, issuer=ISSUER, subject="s-9").ok
    first = accounts.sign_in_sso(storage, "lene@clinic.dk", verified=True, issuer=ISSUER, subject="s-1")
    assert first.ok and first.user.username == "lene"
    # The provider's e-mail changes: the subject still maps to lene (verified or not).
    later = accounts.sign_in_sso(storage, "lene.berg@new.example", verified=None, issuer=ISSUER, subject="s-1")
    assert later.ok and later.user.username == "lene"
    # Another subject that shows lene's e-mail does not take the account over; nor does another issuer.
    assert not accounts.sign_in_sso(storage, "lene@clinic.dk", verified=True, issuer=ISSUER, subject="s-2").ok
    assert not accounts.sign_in_sso(storage, "lene@clinic.dk", verified=True, issuer="https://evil", subject="s-1").ok
    assert not accounts.sign_in(storage, "lene", "").ok  # no password: single sign-on only
    refusals = [e.detail["reason"] for e in trail(storage) if e.action == audit.SIGN_IN_FAILED and "method" in e.detail]
    assert refusals[:2] == ["e-mail not verified", "e-mail not verified"]


def test_sso_refuses_a_disabled_account(storage: Storage) -> None:
    accounts.create_user(storage, "boss", "violet ferry lantern 42", "admin")
    accounts.create_user(storage, "lene", None, "therapist", email="lene@clinic.dk")
    assert accounts.sign_in_sso(storage, "lene@clinic.dk", verified=True, issuer=ISSUER, subject="s-1").ok
    with audit.acting_as("boss"):
        accounts.update_user(storage, "lene", active=False)
    assert not accounts.sign_in_sso(storage, "lene@clinic.dk", verified=True, issuer=ISSUER, subject="s-1").ok
