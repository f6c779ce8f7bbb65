"""Clinic settings (admin): name, emergency number, region and its out-of-hours line, reaction-check
thresholds, planner defaults, idle time, retention.

Stored as overrides in the database, validated by ClinicSettings, each change audited."""

from __future__ import annotations

from ui.auth import require_role

require_role("admin")

import streamlit as st
from pydantic import ValidationError

from logic.auth import clinic_settings
from logic.errors import explain
from logic.settings import CLINIC_NAME_MAX, PHONE_MAX, REGION_NAMES, Region, get_settings
from ui.state import current_language, t
from ui.storage import forget_settings, storage

st.title(t("auth.settings.title"))
st.caption(t("settings.policy"))
lang = current_language()
current = clinic_settings.effective(storage(), get_settings())
values = current.model_dump(mode="json")
# Fields with a widget of their own; every other editable field is a number.
OWN_WIDGET = {"clinic_name", "emergency_phone", "region", "out_of_hours_phones", "plan_starts"}


def label(key: str, **values: object) -> str:
    return t(f"settings.field.{key}", **values)


def _named(problem: str) -> str:
    """A validation line with the field's label in the user's language instead of its key."""
    field, _, message = problem.partition(": ")
    top, _, region = field.partition(".")
    if top == "out_of_hours_phones" and region in {r.value for r in Region}:
        return f"{label(top, region=REGION_NAMES[Region(region)](lang))}: {message}"
    if top in clinic_settings.EDITABLE and top not in ("plan_starts", "out_of_hours_phones"):  # nested: as is
        return f"{label(top)}: {message}"
    return problem


with st.form("clinic_settings"):
    changes: dict[str, object] = {}
    # The texts' bounds (logic/settings.py) also limit what the browser lets one type; the model checks
    # them again on save, for whatever reaches the server.
    changes["clinic_name"] = st.text_input(
        label("clinic_name"), values["clinic_name"], max_chars=CLINIC_NAME_MAX, key="setting.clinic_name",
        help=t("auth.settings.clinic_name_help", max=CLINIC_NAME_MAX),
    )  # fmt: skip
    changes["emergency_phone"] = st.text_input(
        label("emergency_phone"), values["emergency_phone"], max_chars=PHONE_MAX, key="setting.emergency_phone",
        help=t("auth.settings.phone_help"),
    )  # fmt: skip
    regions = [r.value for r in Region]
    changes["region"] = st.selectbox(
        label("region"),
        regions,
        index=regions.index(values["region"]),
        format_func=lambda r: REGION_NAMES[Region(r)](lang),
        key="setting.region",
    )
    changes["out_of_hours_phones"] = {
        region: st.text_input(
            label("out_of_hours_phones", region=REGION_NAMES[Region(region)](lang)),
            values["out_of_hours_phones"][region],
            max_chars=PHONE_MAX,
            key=f"setting.out_of_hours_phones.{region}",
            help=t("auth.settings.phone_help"),
        )
        for region in regions
    }
    for key in clinic_settings.EDITABLE:
        if key in OWN_WIDGET:
            continue
        value = values[key]
        changes[key] = st.number_input(
            label(key), value=value, step=1 if isinstance(value, int) else 0.5, key=f"setting.{key}"
        )
    for treatment, start in values["plan_starts"].items():
        st.caption(label("plan_starts", treatment=t(f"planner.treatment.{treatment}")))
        cols = st.columns(3)
        for col, field in zip(cols, ("duration_min", "pressure", "interval_days"), strict=True):
            start[field] = col.number_input(
                label(f"plan_starts.{field}"), value=start[field], step=1, key=f"setting.{treatment}.{field}"
            )
    changes["plan_starts"] = values["plan_starts"]
    if st.form_submit_button(t("auth.settings.save"), type="primary"):
        try:
            clinic_settings.save(storage(), get_settings(), changes)
            forget_settings()
            st.success(t("auth.settings.saved"))
        except ValidationError as error:
            for line in explain(error, lang):
                st.error(_named(line))
