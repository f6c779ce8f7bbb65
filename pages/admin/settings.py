"""Clinic settings (admin): name, emergency number, region and its out-of-hours line, reaction-check
thresholds, planner defaults, idle time, retention.

Stored as overrides in the database, validated by ClinicSettings, each change audited."""

from __future__ import annotations

from ui.auth import require_role

require_role("admin")

import re

import streamlit as st
from pydantic import ValidationError

from logic.auth import clinic_settings
from logic.errors import explain
from logic.models import Treatment
from logic.phone_rules import plausible_danish
from logic.settings import CLINIC_NAME_MAX, EMAIL_MAX, OPENING_HOURS_MAX, PHONE_MAX, PHONE_PATTERN, Region, get_settings
from logic.texts.vocabulary import in_sentence, word
from ui.state import current_language, t
from ui.storage import forget_settings, storage
from ui.user_text import esc

st.title(t("auth.settings.title"))
st.caption(t("settings.policy"))
lang = current_language()
current = clinic_settings.effective(storage(), get_settings())
values = current.model_dump(mode="json")
# Fields with a widget of their own; every other editable field is a number.
OWN_WIDGET = {
    "clinic_name", "emergency_phone", "region", "out_of_hours_phones", "plan_starts", "clinic_phone", "clinic_email",
    "clinic_opening_hours",
}  # fmt: skip
START_FIELDS = ("duration_min", "pressure", "interval_days")


def label(key: str, **values: object) -> str:
    return t(f"settings.field.{key}", **values)


def hint(key: str, **values: object) -> str:
    return t(f"settings.help.{key}", **values)


def region_name(region: str) -> str:
    return word(Region(region), lang)


def treatment_name(treatment: str) -> str:
    return word(Treatment(treatment), lang)


def field_label(field: str) -> str | None:
    """A setting's label from its dotted name (`plan_starts.deep_massage.pressure`), or None if unknown."""
    top, _, rest = field.partition(".")
    if top == "out_of_hours_phones" and rest in {r.value for r in Region}:
        return label(top, region=region_name(rest))
    if top == "plan_starts":
        treatment, _, part = rest.partition(".")
        if treatment in {tr.value for tr in Treatment} and part in START_FIELDS:
            outer = label(top, treatment=in_sentence(Treatment(treatment), lang))
            return t("settings.field.nested", outer=outer, inner=label(f"plan_starts.{part}"))
        return None
    return label(top) if top in clinic_settings.EDITABLE and not rest else None


def _named(problem: str) -> str:
    """A validation line with the field's label in the user's language instead of its key."""
    field, _, message = problem.partition(": ")
    name = field_label(field)
    return f"{name}: {message}" if name else problem


def phone_values(changes: dict[str, object]) -> dict[str, str]:
    """The form's phone numbers by name (`emergency_phone`, `out_of_hours_phones.<region>`)."""
    phones = {"emergency_phone": str(changes["emergency_phone"])}
    out_of_hours = changes["out_of_hours_phones"]
    assert isinstance(out_of_hours, dict)
    phones |= {f"out_of_hours_phones.{r}": str(p) for r, p in out_of_hours.items()}
    return phones


def saved_phone(name: str) -> str:
    top, _, region = name.partition(".")
    return str(values[top][region] if region else values[top])


def unconfirmed_phones(changes: dict[str, object]) -> dict[str, str]:
    """Changed numbers that are not plausibly Danish and whose confirmation box for that very number is
    not ticked. (A number the settings refuse anyway is left to their own message.)"""
    return {
        name: phone for name, phone in phone_values(changes).items()
        if phone != saved_phone(name) and re.match(PHONE_PATTERN, phone) and not plausible_danish(phone)
        and not st.session_state.get(confirm_key(name, phone))
    }  # fmt: skip


def confirm_key(name: str, phone: str) -> str:
    return f"setting.confirm.{name}.{phone}"


def confirm_phone(name: str, shown_label: str) -> None:
    """Beside a number refused as implausible: the warning, and a box to confirm that very number."""
    phone = (st.session_state.get(PENDING) or {}).get(name)
    if phone is None:
        return
    st.warning(t("staff.phone.implausible", label=shown_label, phone=esc(phone)), icon=":material/warning:")
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
        help=hint("clinic_name", max=CLINIC_NAME_MAX),
    )  # fmt: skip
    changes["emergency_phone"] = st.text_input(
        label("emergency_phone"), values["emergency_phone"], max_chars=PHONE_MAX, key="setting.emergency_phone",
        help=hint("emergency_phone"),
    )  # fmt: skip
    confirm_phone("emergency_phone", label("emergency_phone"))
    # How clients reach the clinic: shown with every "contact your therapist" result and on the sheet.
    for key, bound in (
        ("clinic_phone", PHONE_MAX),
        ("clinic_email", EMAIL_MAX),
        ("clinic_opening_hours", OPENING_HOURS_MAX),
    ):
        changes[key] = st.text_input(
            label(key), values[key], max_chars=bound, key=f"setting.{key}", help=hint(key, max=bound)
        )  # fmt: skip
    regions = [r.value for r in Region]
    changes["region"] = st.selectbox(
        label("region"),
        regions,
        index=regions.index(values["region"]),
        format_func=region_name,
        key="setting.region",
        help=hint("region"),
    )
    out_of_hours: dict[str, str] = {}
    changes["out_of_hours_phones"] = out_of_hours
    for region in regions:
        region_label = label("out_of_hours_phones", region=region_name(region))
        out_of_hours[region] = st.text_input(
            region_label,
            values["out_of_hours_phones"][region],
            max_chars=PHONE_MAX,
            key=f"setting.out_of_hours_phones.{region}",
            help=hint("out_of_hours_phones"),
        )
        confirm_phone(f"out_of_hours_phones.{region}", region_label)
    for key in clinic_settings.EDITABLE:
        if key in OWN_WIDGET:
            continue
        value = values[key]
        changes[key] = st.number_input(
            label(key), value=value, step=1 if isinstance(value, int) else 0.5, key=f"setting.{key}", help=hint(key)
        )
    for treatment, start in values["plan_starts"].items():
        st.caption(label("plan_starts", treatment=in_sentence(Treatment(treatment), lang)), help=hint("plan_starts"))
        cols = st.columns(3)
        for col, field in zip(cols, START_FIELDS, strict=True):
            start[field] = col.number_input(
                label(f"plan_starts.{field}"), value=start[field], step=1, key=f"setting.{treatment}.{field}",
                help=hint(f"plan_starts.{field}"),
            )  # fmt: skip
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
