"""Single sign-on end to end: the clinic's OpenID Connect provider (a small one on 127.0.0.1, see
oidc_provider.py) configured in secrets, `st.login` from the sign-in page, and the provider's e-mail
mapped to the clinic's account and role."""

from __future__ import annotations

import secrets
from pathlib import Path

from browser_support import run_streamlit, screenshot
from oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider
from pgcluster import free_port
from playwright.sync_api import Page, expect

from logic.auth import accounts, audit
from logic.settings import ClinicSettings
from logic.storage import open_storage

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


def settled(page: Page) -> None:
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1, timeout=TIMEOUT)


def test_single_sign_on_maps_the_providers_email_to_the_account(tmp_path: Path, laptop_page: Page) -> None:
    page = laptop_page
    data_dir = tmp_path / "data"
    port = free_port()
    with running_provider(EMAIL) as provider:
        env = {"STREAMLIT_SECRETS_FILES": str(secrets_file(tmp_path, port, provider.issuer))}
        with run_streamlit(data_dir, env, port=port) as base_url:
            with open_storage(settings=ClinicSettings(data_dir=data_dir)) as store:
                accounts.create_user(store, "anna", None, "therapist", EMAIL)  # single sign-on only
                page.goto(base_url)  # (a deep link as the server's very first visit would meet Streamlit's
                settled(page)        # page-not-found notice, from its pages/ folder router)
                page.get_by_role("link", name="Sign in").click()
                settled(page)
                page.get_by_role("button", name="Sign in with the clinic's account").click()
                # The provider signs in at once and sends the browser back; the app maps the e-mail.
                expect(page.get_by_text("Signed in as anna")).to_be_visible(timeout=TIMEOUT)
                expect(page.get_by_role("link", name="Clients")).to_be_visible()
                assert provider.tokens_issued == 1
                screenshot(page, "sso-signed-in")

                # A reload starts a new Streamlit session; the provider's sign-in cookie still holds.
                page.reload()
                expect(page.get_by_role("link", name="Clients")).to_be_visible(timeout=TIMEOUT)

                entries = [e for e in audit.entries(store._engine, limit=100) if e.action == audit.SIGN_IN_OK]
                assert [(e.actor, e.detail) for e in entries] == [("anna", {"method": "oidc"})] * 2
