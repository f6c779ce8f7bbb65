"""Single sign-on end to end: the clinic's OpenID Connect provider (a small one on 127.0.0.1, see
oidc_provider.py) configured in secrets, `st.login` from the sign-in page, the provider's verified e-mail
mapped to the clinic's account and role the first time, its stable subject after that."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from logic.auth import accounts, audit
from logic.settings import ClinicSettings
from logic.storage import open_storage
from tests.browser.browser_support import LAPTOP_VIEWPORT, run_streamlit, screenshot, settled
from tests.browser.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider
from tests.pgcluster import free_port

TIMEOUT = 30_000
EMAIL = "anna@clinic.example"


def secrets_file(folder: Path, port: int, issuer: str) -> Path:
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(24)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
    )
    return path


@contextmanager
def clinic_with_sso(
    tmp_path: Path, provider_email: str, verified: bool | None = True
) -> Iterator[tuple[str, object, Provider]]:
    """A provider and an app server configured for it, with the single sign-on account `anna` (EMAIL)."""
    data_dir = tmp_path / "data"
    port = free_port()
    with running_provider(provider_email, verified) as provider:
        env = {"STREAMLIT_SECRETS_FILES": str(secrets_file(tmp_path, port, provider.issuer))}
        with (
            run_streamlit(data_dir, env, port=port) as base_url,
            open_storage(settings=ClinicSettings(data_dir=data_dir)) as store,
        ):
            accounts.create_user(store, "anna", None, "therapist", EMAIL)  # single sign-on only
            yield base_url, store, provider


def sign_in_with_sso(page: Page, base_url: str) -> None:
    page.goto(base_url)  # (a deep link as the server's very first visit would meet Streamlit's
    settled(page)  # page-not-found notice, from its pages/ folder router)
    page.get_by_role("link", name="Sign in").click()
    settled(page)
    page.get_by_role("button", name="Sign in with the clinic's account").click()


def test_single_sign_on_maps_the_providers_email_to_the_account(tmp_path: Path, laptop_page: Page) -> None:
    page = laptop_page
    with clinic_with_sso(tmp_path, EMAIL) as (base_url, store, _):
        sign_in_with_sso(page, base_url)
        # The provider signs in at once and sends the browser back; the app maps the e-mail.
        expect(page.get_by_text("Signed in as anna")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_role("link", name="Clients")).to_be_visible()
        screenshot(page, "sso-signed-in")

        # A reload keeps the app's own session (its cookie): no second sign-in at the provider.
        page.reload()
        expect(page.get_by_role("link", name="Clients")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("Signed in as anna")).to_be_visible(timeout=TIMEOUT)

        entries = [e for e in audit.entries(store.engine, limit=100) if e.action == audit.SIGN_IN_OK]
        assert [(e.actor, e.detail) for e in entries] == [("anna", {"method": "oidc"})]

        # Signing out leaves the provider's sign-in too: the start page does not sign anna in again.
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("link", name="Sign in")).to_be_visible(timeout=TIMEOUT)
        settled(page)
        expect(page.get_by_text("Signed in as anna")).to_have_count(0)


@pytest.mark.parametrize(
    ("provider_email", "verified", "reason"),
    [("someone@else.example", True, "no account"), (EMAIL, False, "e-mail not verified"),
     (EMAIL, None, "e-mail not verified")],  # None: the provider does not say; not trusted either
)  # fmt: skip
def test_single_sign_on_without_a_usable_account_is_refused(
    tmp_path: Path, laptop_page: Page, provider_email: str, verified: bool | None, reason: str
) -> None:
    page = laptop_page
    with clinic_with_sso(tmp_path, provider_email, verified) as (base_url, store, _):
        sign_in_with_sso(page, base_url)
        refusal = page.get_by_text("gives no access here")
        expect(refusal).to_be_visible(timeout=TIMEOUT)
        # The provider's e-mail is shown as text (a word joiner after "@" keeps it from becoming a link).
        assert refusal.inner_text().replace("\u2060", "").startswith(f"The clinic account {provider_email} ")
        expect(page.get_by_role("link", name="Clients")).to_have_count(0)
        leave = page.get_by_role("button", name="Sign out of the clinic account")
        expect(leave).to_be_visible()
        screenshot(page, f"sso-refused-{reason.split()[0]}-{verified}")
        failed = [e.detail for e in audit.entries(store.engine, limit=100) if e.action == audit.SIGN_IN_FAILED]
        assert failed == [{"method": "oidc", "reason": reason}]
        # Leaving the provider's sign-in clears the message, and the sign-in page offers single sign-on again.
        leave.click()
        expect(page.get_by_text("gives no access here")).to_have_count(0, timeout=TIMEOUT)
        settled(page)
        page.get_by_role("link", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign in with the clinic's account")).to_be_visible(timeout=TIMEOUT)


def test_after_the_first_sign_in_the_subject_maps_the_account_whatever_the_email(
    tmp_path: Path, browser: Browser
) -> None:
    """The first sign-in binds the provider's subject to the account its verified e-mail matched; later
    the provider's e-mail changes (and is not even marked verified), and the subject still maps to anna."""
    with clinic_with_sso(tmp_path, EMAIL) as (base_url, store, provider):
        for email, verified in ((EMAIL, True), ("anna.berg@new-domain.example", None)):
            provider.email, provider.verified = email, verified
            context = browser.new_context(viewport=LAPTOP_VIEWPORT)  # another browser: no cookies
            try:
                page = context.new_page()
                sign_in_with_sso(page, base_url)
                expect(page.get_by_text("Signed in as anna")).to_be_visible(timeout=TIMEOUT)
                expect(page.get_by_role("link", name="Clients")).to_be_visible()
            finally:
                context.close()
        entries = [e for e in audit.entries(store.engine, limit=100) if e.action == audit.SIGN_IN_OK]
        assert [(e.actor, e.detail) for e in entries] == [("anna", {"method": "oidc"})] * 2
        # Another subject that shows anna's e-mail as verified does not get her account.
        provider.email, provider.verified, provider.subject = EMAIL, True, "someone-else"
        context = browser.new_context(viewport=LAPTOP_VIEWPORT)
        try:
            page = context.new_page()
            sign_in_with_sso(page, base_url)
            expect(page.get_by_text("gives no access here")).to_be_visible(timeout=TIMEOUT)
        finally:
            context.close()
