"""Clinic settings (admin): name, phone numbers, planner defaults, idle time, retention.

Stored as overrides in the database, validated by ClinicSettings, each change audited."""

from __future__ import annotations

from ui.auth import require_role  # noqa: I001

require_role("admin")

import streamlit as st  # noqa: E402
from pydantic import ValidationError  # noqa: E402

from logic.auth import clinic_settings  # noqa: E402
from logic.errors import explain  # noqa: E402
from logic.settings import CLINIC_NAME_MAX, PHONE_MAX, get_settings  # noqa: E402
from ui.state import current_language, t  # noqa: E402
from ui.storage import forget_settings, storage  # noqa: E402

TEXT_LABELS = ("auth.settings.clinic_name", "auth.settings.emergency_phone", "auth.settings.doctor_phone")
st.title(t("auth.settings.title"))
current = clinic_settings.effective(storage(), get_settings())
values = current.model_dump(mode="json")
with st.form("clinic_settings"):
    changes: dict[str, object] = {}
    # The texts' bounds (logic/settings.py) also limit what the browser lets one type; the model checks
    # them again on save, for whatever reaches the server.
    changes["clinic_name"] = st.text_input(
        t("auth.settings.clinic_name"), values["clinic_name"], max_chars=CLINIC_NAME_MAX, key="settings_clinic_name",
        help=t("auth.settings.clinic_name_help", max=CLINIC_NAME_MAX),
    )  # fmt: skip
    for phone in ("emergency_phone", "doctor_phone"):
        changes[phone] = st.text_input(
            t(f"auth.settings.{phone}"), values[phone], max_chars=PHONE_MAX, key=f"settings_{phone}",
            help=t("auth.settings.phone_help"),
        )  # fmt: skip
    for key in clinic_settings.EDITABLE:
        if key in changes or key == "plan_starts":
            continue
        value = values[key]
        changes[key] = st.number_input(key, value=value, step=1 if isinstance(value, int) else 0.5)
    for treatment, start in values["plan_starts"].items():
        st.caption(treatment)
        cols = st.columns(3)
        for col, field in zip(cols, ("duration_min", "pressure", "interval_days")):
            start[field] = col.number_input(f"{treatment}.{field}", value=start[field], step=1)
    changes["plan_starts"] = values["plan_starts"]
    if st.form_submit_button(t("auth.settings.save"), type="primary"):
        try:
            clinic_settings.save(storage(), get_settings(), changes)
            forget_settings()
            st.success(t("auth.settings.saved"))
        except ValidationError as error:
            for line in explain(error, current_language()):
                field, _, problem = line.partition(": ")
                label = f"auth.settings.{field}"
                st.error(f"{t(label)}: {problem}" if label in TEXT_LABELS else line)
