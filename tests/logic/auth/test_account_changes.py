"""An admin changes accounts: role and active flag, each change audited; nobody disables themself."""

from __future__ import annotations

import pytest

from logic.auth import accounts, audit
from logic.storage import Storage
from logic.texts import translate


def changes(storage: Storage) -> list[tuple[str, dict]]:
    rows = reversed(audit.entries(storage.engine, limit=1000))
    return [(e.actor, e.detail) for e in rows if e.action == audit.USER_CHANGE]


def test_role_and_active_changes_are_audited(storage: Storage) -> None:
    accounts.create_user(storage, "boss", "long enough 1", "admin")
    accounts.create_user(storage, "anna", "long enough 2", "therapist")
    with audit.acting_as("boss"):
        assert accounts.update_user(storage, "anna", role="admin").role == "admin"
        assert accounts.update_user(storage, "Anna ", active=False).active is False
        accounts.update_user(storage, "anna", active=False)  # no change: nothing audited
    assert not accounts.sign_in(storage, "anna", "long enough 2").ok  # a disabled account cannot sign in
    with audit.acting_as("boss"):
        accounts.update_user(storage, "anna", active=True)
    assert accounts.sign_in(storage, "anna", "long enough 2").ok
    assert changes(storage) == [
        ("boss", {"user": "anna", "role": "admin"}),
        ("boss", {"user": "anna", "active": False}),
        ("boss", {"user": "anna", "active": True}),
    ]


def test_nobody_disables_their_own_account(storage: Storage) -> None:
    accounts.create_user(storage, "boss", "long enough 1", "admin")
    with audit.acting_as("boss"), pytest.raises(accounts.AccountError, match="your own account"):
        accounts.update_user(storage, " BOSS", active=False)
    assert accounts.get_user(storage, "boss").active
    assert changes(storage) == []
    # Another admin (or the command line) may disable it, while another admin remains.
    accounts.create_user(storage, "deputy", "long enough 2", "admin")
    with audit.acting_as("cli"):
        assert accounts.update_user(storage, "boss", active=False).active is False


def test_the_last_active_admin_is_neither_demoted_nor_disabled(storage: Storage) -> None:
    accounts.create_user(storage, "boss", "long enough 1", "admin")
    accounts.create_user(storage, "deputy", "long enough 2", "admin")
    accounts.create_user(storage, "anna", "long enough 3", "therapist")
    with audit.acting_as("deputy"):
        accounts.update_user(storage, "boss", active=False)  # one active admin left: deputy
    for actor, change in [("deputy", {"role": "therapist"}), ("cli", {"active": False})]:
        with audit.acting_as(actor), pytest.raises(accounts.LastAdminError):
            accounts.update_user(storage, "deputy", **change)
    assert (accounts.get_user(storage, "deputy").role, accounts.get_user(storage, "deputy").active) == ("admin", True)
    # A disabled admin does not count; once another account is an active admin, deputy may step down.
    with audit.acting_as("deputy"):
        accounts.update_user(storage, "anna", role="admin")
        assert accounts.update_user(storage, "deputy", role="therapist").role == "therapist"
    assert changes(storage) == [
        ("deputy", {"user": "boss", "active": False}),
        ("deputy", {"user": "anna", "role": "admin"}),
        ("deputy", {"user": "deputy", "role": "therapist"}),
    ]


@pytest.mark.parametrize(
    ("email", "code"),
    [
        ("anna\u202e@klinik.dk", "email_character"),  # would show the address in another order
        ("anna\x00@klinik.dk", "email_character"),
        ("anna\u2028@klinik.dk", "email_character"),
        ("\u200b\u200b", "email_invalid"),  # invisible only
        ("anna at klinik.dk", "email_invalid"),
        ("anna@klinik@dk", "email_invalid"),
        ("a" * 250 + "@k.dk", "email_too_long"),
    ],
)
def test_a_new_accounts_email_follows_the_text_rules(storage: Storage, email: str, code: str) -> None:
    with pytest.raises(accounts.AccountError) as refused:
        accounts.create_user(storage, "anna", None, "therapist", email)
    assert refused.value.code == code
    # The command line's English is the catalogue's, with the same values the app fills in.
    assert str(refused.value) == translate(f"auth.refused.{code}", "en", **refused.value.values)
    assert accounts.get_user(storage, "anna") is None


def test_a_new_accounts_email_is_stored_trimmed_and_in_lower_case(storage: Storage) -> None:
    assert accounts.create_user(storage, "anna", None, "therapist", "  Anna@Klinik.DK ").email == "anna@klinik.dk"
    with pytest.raises(accounts.AccountError) as taken:
        accounts.create_user(storage, "bo", None, "therapist", "ANNA@klinik.dk")
    assert (taken.value.code, taken.value.values) == ("email_taken", {"email": "anna@klinik.dk"})
    assert accounts.create_user(storage, "bo", "long enough 3", "therapist", "   ").email is None
