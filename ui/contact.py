"""How clients reach the clinic: its phone and e-mail as links that dial and write, and its opening
hours, all from the settings (shown on the public pages, the result card and the follow-up page)."""

from __future__ import annotations

import re
from urllib.parse import quote

import streamlit as st

from logic.models import Language
from logic.settings import ClinicSettings

from .i18n import translate
from .user_text import esc


def tel_link(phone: str) -> str:
    """A markdown link that dials the number on a phone."""
    digits = re.sub(r"[^0-9+]", "", phone)
    return f"[{phone}](tel:{digits})"


def mailto_link(email: str) -> str:
    return f"[{esc(email)}](mailto:{quote(email, safe='@.+-_')})"


def clinic_contact(settings: ClinicSettings, lang: Language, key: str = "clinic-contact") -> None:
    """The clinic's phone and e-mail as links that dial and write, with its opening hours (settings)."""
    lines = []
    if settings.clinic_phone:
        lines.append(translate("followup.contact.phone", lang, phone=tel_link(settings.clinic_phone)))
    if settings.clinic_email:
        lines.append(translate("followup.contact.email", lang, email=mailto_link(settings.clinic_email)))
    if settings.clinic_opening_hours:
        lines.append(translate("followup.contact.hours", lang, hours=esc(settings.clinic_opening_hours)))
    with st.container(key=key):
        st.markdown(f"**{translate('followup.contact.title', lang, clinic=esc(settings.clinic_name))}**")
        st.markdown("  \n".join(lines) if lines else translate("followup.contact.none", lang))
