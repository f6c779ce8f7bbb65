"""Reaktionsguide's entry point: page setup, the emergency line, the language switch, navigation.

Served by `streamlit run server.py` (`python3 dev.py start`), which adds the session cookie's routes and
the security headers. Every page runs inside this script, so the emergency line and the not-a-diagnosis
note are rendered at the top of every page before it.
"""

from __future__ import annotations

import gc

import streamlit as st

# The garbage collector pauses while the shell is imported and the session's role and the settings are
# read. On a server's first run (unless server.py's warm-up at start got there first) that loads the
# engine, pydantic and SQLAlchemy and opens (and migrates) the database: objects that live as long as the
# process, which the collector would otherwise walk again and again while they load. They are then frozen once (ui/storage.py), so that the collection
# Streamlit runs after every script run skips them as well. On later runs all this takes microseconds.
collecting = gc.isenabled()
gc.disable()
try:
    from ui import navigation
    from ui.a11y import page_language
    from ui.auth import (
        ADMIN,
        ANONYMOUS,
        THERAPIST,
        allowed,
        app_settings,
        begin_run,
        idle_watch,
        notice,
        set_asked_page,
        sign_out_button,
        sso_refusal,
    )
    from ui.staff_styles import staff_styles
    from ui.state import current_language, t
    from ui.storage import freeze_startup_heap
    from ui.user_text import esc
    from ui.widgets import emergency_banner, language_switch, shell_styles

    role = begin_run()  # this session's role after the idle check: anonymous, therapist or admin
    settings = app_settings()
    freeze_startup_heap()
finally:
    if collecting:
        gc.enable()

# Pages by the role they need: (file, title key, icon, url path).
THERAPIST_PAGES = [
    ("pages/therapist/consultation.py", "app.nav.consultation", ":material/stethoscope:", "consultation"),
    ("pages/therapist/planner.py", "app.nav.planner", ":material/event_note:", "planner"),
    ("pages/therapist/clients.py", "records.nav.clients", ":material/groups:", "clients"),
    ("pages/therapist/follow_ups.py", "followup.nav", ":material/mark_email_unread:", "follow-ups"),
    ("pages/therapist/client_record.py", "records.nav.record", ":material/folder_shared:", "client"),
    ("pages/therapist/account.py", "auth.nav.account", ":material/key:", "account"),
]
ADMIN_PAGES = [
    ("pages/admin/users.py", "auth.nav.users", ":material/manage_accounts:", "admin-users"),
    ("pages/admin/settings.py", "auth.nav.settings", ":material/settings:", "admin-settings"),
    ("pages/admin/audit.py", "auth.nav.audit", ":material/policy:", "admin-audit"),
]
SIGN_IN = "pages/public/sign_in.py"
NEEDED_ROLE = {url: THERAPIST for *_, url in THERAPIST_PAGES} | {url: ADMIN for *_, url in ADMIN_PAGES}


def _page(path: str, title_key: str, icon: str, url_path: str, default: bool = False) -> st.Page:
    visibility = "hidden" if default else "visible"
    return navigation.page(
        path, title=t(title_key), icon=icon, url_path=url_path, default=default, visibility=visibility
    )


def pages_for(role: str) -> dict[str, list[st.Page]]:
    """The pages a visitor with this role may open, in sections: public pages for clients, therapist
    pages for the clinic's staff, admin pages for admins. A page the role may not use is not registered
    at all: its URL opens the sign-in page instead (hidden from the menu), which shows no client data."""
    public = [
        # The self-check opens at the root URL (a hidden default page, since the default page's own
        # url_path is not served) and at /self-check, the link a clinic hands its clients.
        _page("pages/public/self_check.py", "app.nav.self_check", ":material/checklist:", "start", default=True),
        _page("pages/public/self_check.py", "app.nav.self_check", ":material/checklist:", "self-check"),
        _page("pages/public/decision_tree.py", "app.nav.decision_tree", ":material/account_tree:", "decision-tree"),
        # The link on a client's aftercare sheet (not in the menu: it is only reached by its link).
        navigation.page(
            "pages/public/follow_up.py", title=t("app.nav.self_check"), url_path="follow-up", visibility="hidden"
        ),
    ]
    if role == ANONYMOUS:
        public.append(_page(SIGN_IN, "auth.nav.sign_in", ":material/login:", "sign-in"))
    else:  # the URL signed in at stays valid after the rerun that follows the sign-in
        public.append(_guard("sign-in"))
    sections = {t("app.section.public"): public}
    for needed, section, listed in ((THERAPIST, "app.section.therapist", THERAPIST_PAGES),
                                    (ADMIN, "auth.section.admin", ADMIN_PAGES)):  # fmt: skip
        if allowed(needed, role):
            sections[t(section)] = [_page(*spec) for spec in listed]
        else:  # the URL exists, but only as the sign-in page
            sections[t(section)] = [_guard(url) for _, _, _, url in listed]
    return sections


def _guard(url_path: str) -> st.Page:
    """The sign-in page at another page's URL, hidden from the menu."""
    return navigation.page(SIGN_IN, title=t("auth.nav.sign_in"), url_path=url_path, visibility="hidden")


lang = current_language()
chosen_page = st.navigation(pages_for(role), position="sidebar")
# The staff's pages use a laptop's width; the public ones keep a readable column. Set once, before anything
# is drawn: a second call later in the run does not hold on the reruns that widgets start.
staff_page = chosen_page.url_path in NEEDED_ROLE and allowed(NEEDED_ROLE[chosen_page.url_path], role)
# A Material icon, like the pages' own: an emoji here would load Streamlit's emoji catalogue on a cold start.
st.set_page_config(
    page_title=settings.clinic_name, page_icon=":material/stethoscope:", layout="wide" if staff_page else "centered"
)

emergency_banner(settings, lang)
shell_styles()
if staff_page:
    staff_styles()
page_language(lang)
with st.container(horizontal=True, vertical_alignment="center", horizontal_alignment="distribute"):
    st.markdown(f"**{esc(settings.clinic_name)}**", width="content")
    language_switch()
st.caption(t("app.not_diagnosis"))
sso_refusal()
notice()

# A protected page's URL shows the sign-in form to those who may not open it: a sign-in there goes on to it.
asked = chosen_page.url_path
set_asked_page(asked if asked in NEEDED_ROLE and not allowed(NEEDED_ROLE[asked], role) else None)
sign_out_button()
idle_watch()
chosen_page.run()
