"""Clinic settings (admin): name, emergency number, region and its out-of-hours line, reaction-check
thresholds, planner defaults, idle time, retention.

Stored as overrides in the database, validated by ClinicSettings, each change audited."""

from __future__ import annotations

from ui.auth import require_role  # noqa: I001

require_role("admin")

import re  # noqa: E402

import streamlit as st  # noqa: E402
from pydantic import ValidationError  # noqa: E402

from logic.auth import clinic_settings  # noqa: E402
from logic.errors import explain  # noqa: E402
from logic.phone_rules import plausible_danish  # noqa: E402
from logic.settings import CLINIC_NAME_MAX, PHONE_MAX, PHONE_PATTERN, REGION_NAMES, Region, get_settings  # noqa: E402
from ui.state import current_language, t  # noqa: E402
from ui.storage import forget_settings, storage  # noqa: E402
from ui.user_text import esc  # noqa: E402

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


def phone_values(changes: dict) -> dict[str, str]:
    """The form's phone numbers by name (`emergency_phone`, `out_of_hours_phones.<region>`)."""
    phones = {"emergency_phone": str(changes["emergency_phone"])}
    phones |= {f"out_of_hours_phones.{r}": str(p) for r, p in changes["out_of_hours_phones"].items()}
    return phones


def saved_phone(name: str) -> str:
    top, _, region = name.partition(".")
    return values[top][region] if region else values[top]


def unconfirmed_phones(changes: dict) -> dict[str, str]:
    """Changed numbers that are not plausibly Danish and whose confirmation box for that very number is
    not ticked. (A number the settings refuse anyway is left to their own message.)"""
    return {
        name: phone for name, phone in phone_values(changes).items()
        if phone != saved_phone(name) and re.match(PHONE_PATTERN, phone) and not plausible_danish(phone)
        and not st.session_state.get(confirm_key(name, phone))
    }  # fmt: skip


def confirm_key(name: str, phone: str) -> str:
    return f"setting.confirm.{name}.{phone}"


def confirm_phone(name: str, field_label: str) -> None:
    """Beside a number refused as implausible: the warning, and a box to confirm that very number."""
    phone = (st.session_state.get(PENDING) or {}).get(name)
    if phone is None:
        return
    st.warning(t("staff.phone.implausible", label=field_label, phone=esc(phone)), icon=":material/warning:")
    st.checkbox(t("staff.phone.confirm", phone=esc(phone)), key=confirm_key(name, phone))


PENDING = "settings.pending_phones"  # implausible numbers waiting for the admin's confirmation
REFUSED = "settings.phone_refused"  # a save was just refused for them: say so once, above the form
if st.session_state.pop(REFUSED, False):
    st.error(t("staff.phone.not_saved"), icon=":material/error:")

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
    confirm_phone("emergency_phone", label("emergency_phone"))
    regions = [r.value for r in Region]
    changes["region"] = st.selectbox(
        label("region"),
        regions,
        index=regions.index(values["region"]),
        format_func=lambda r: REGION_NAMES[Region(r)](lang),
        key="setting.region",
    )
    changes["out_of_hours_phones"] = {}
    for region in regions:
        region_label = label("out_of_hours_phones", region=REGION_NAMES[Region(region)](lang))
        changes["out_of_hours_phones"][region] = st.text_input(
            region_label,
            values["out_of_hours_phones"][region],
            max_chars=PHONE_MAX,
            key=f"setting.out_of_hours_phones.{region}",
            help=t("auth.settings.phone_help"),
        )
        confirm_phone(f"out_of_hours_phones.{region}", region_label)
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
        for col, field in zip(cols, ("duration_min", "pressure", "interval_days")):
            start[field] = col.number_input(
                label(f"plan_starts.{field}"), value=start[field], step=1, key=f"setting.{treatment}.{field}"
            )
    changes["plan_starts"] = values["plan_starts"]
    if st.form_submit_button(t("auth.settings.save"), type="primary"):
        unconfirmed = unconfirmed_phones(changes)
        if unconfirmed:  # asked beside each number on the next run; nothing is saved until confirmed
            st.session_state[PENDING] = unconfirmed
            st.session_state[REFUSED] = True
            st.rerun()
        st.session_state.pop(PENDING, None)
        try:
            clinic_settings.save(storage(), get_settings(), changes)
            forget_settings()
            st.success(t("auth.settings.saved"))
        except ValidationError as error:
            for line in explain(error, lang):
                st.error(_named(line))
