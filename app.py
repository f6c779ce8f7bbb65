"""Reaktionsguide's entry point: page setup, the emergency line, the language switch, navigation.

Run with `streamlit run app.py` (or `python3 dev.py start`). Every page runs inside this script, so the
emergency line and the not-a-diagnosis note are rendered at the top of every page before it.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from logic.settings import get_settings
from ui.state import current_language, t
from ui.widgets import emergency_banner, language_switch, shell_styles

ROOT = Path(__file__).resolve().parent
PUBLIC, THERAPIST = "public", "therapist"


def _page(path: str, title_key: str, icon: str, url_path: str, default: bool = False) -> st.Page | None:
    """A page of the app, or None while its file is not part of this deployment."""
    if not (ROOT / path).exists():
        return None
    visibility = "hidden" if default else "visible"
    return st.Page(path, title=t(title_key), icon=icon, url_path=url_path, default=default, visibility=visibility)


def pages_for(role: str) -> dict[str, list[st.Page]]:
    """The pages a visitor with this role may open, in sections: public pages for clients, therapist
    pages for the clinic's staff."""
    public = [
        # The self-check opens at the root URL (a hidden default page, since the default page's own
        # url_path is not served) and at /self-check, the link a clinic hands its clients.
        _page("pages/self_check.py", "app.nav.self_check", ":material/checklist:", "start", default=True),
        _page("pages/self_check.py", "app.nav.self_check", ":material/checklist:", "self-check"),
        _page("pages/decision_tree.py", "app.nav.decision_tree", ":material/account_tree:", "decision-tree"),
    ]
    sections = {t("app.section.public"): [p for p in public if p]}
    if role == THERAPIST:
        therapist = [
            _page("pages/consultation.py", "app.nav.consultation", ":material/stethoscope:", "consultation"),
            _page("pages/planner.py", "app.nav.planner", ":material/event_note:", "planner"),
            _page("pages/clients.py", "records.nav.clients", ":material/groups:", "clients"),
            _page("pages/client_record.py", "records.nav.record", ":material/folder_shared:", "client"),
        ]
        sections[t("app.section.therapist")] = [p for p in therapist if p]
    return {section: pages for section, pages in sections.items() if pages}


def visitor_role() -> str:
    """Everyone may use the therapist pages until sign-in arrives."""
    return THERAPIST


settings = get_settings()
lang = current_language()
st.set_page_config(page_title=settings.clinic_name, page_icon="🩺", layout="centered")

emergency_banner(settings, lang)
shell_styles()
with st.container(horizontal=True, vertical_alignment="center", horizontal_alignment="distribute"):
    st.markdown(f"**{settings.clinic_name}**", width="content")
    language_switch()
st.caption(t("app.not_diagnosis"))

navigation = st.navigation(pages_for(visitor_role()), position="sidebar")
navigation.run()
