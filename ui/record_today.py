"""The record's summary for today, above its tabs: the last session, the latest reaction check, the
next session as planned after it (never a plan older than the last session, logic/form_starts.py), and
the original pain with any disclosed conditions. One row on a laptop, stacked on a phone.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from logic.form_starts import latest_plan_after
from logic.models import Language
from logic.storage import CheckRecord, ClientRecord, PlanRecord, SessionRecord

from .records import level_label, region_names, treatment_name
from .state import t
from .user_text import esc


def _box(title: str, value: str, caption: str = "") -> None:
    with st.container(border=True, height="stretch"):
        st.caption(title)
        st.markdown(value)
        if caption:
            st.caption(caption)


def today_summary(
    client: ClientRecord,
    sessions: Sequence[SessionRecord],
    checks: Sequence[CheckRecord],
    plans: Sequence[PlanRecord],
    lang: Language,
) -> None:
    none = t("staff.today.none")
    with st.container(key="record-today"):
        last_column, check_column, next_column, pain_column = st.columns(4)
    with last_column:
        if sessions:
            last = sessions[-1]
            value = t(
                "staff.today.last_session.value", date=last.date.isoformat(), treatment=treatment_name(last.treatment, lang),
                duration=f"{last.duration_min:g}", pressure=f"{last.pressure:g}", before=last.pain_before,
                after=last.pain_after,
            )  # fmt: skip
        else:
            value = none
        _box(t("staff.today.last_session"), value)
    with check_column:
        latest = max(checks, key=lambda c: c.checked_at) if checks else None
        _box(
            t("staff.today.latest_check"),
            level_label(latest.level, lang) if latest else none,
            latest.checked_at.astimezone().strftime("%Y-%m-%d %H:%M") if latest else "",
        )
    with next_column:
        plan = latest_plan_after(plans, sessions)
        if plan is not None:
            value = t(
                "staff.today.next.value", treatment=treatment_name(plan.request.planned_treatment, lang),
                duration=plan.chosen_duration_min, pressure=plan.chosen_pressure, interval=plan.chosen_interval_days,
            )  # fmt: skip
        else:
            value = t("staff.today.no_plan")
        _box(t("staff.today.next"), value)
    with pain_column:
        disclosed = client.profile.disclosed_conditions if client.profile else []
        _box(
            t("staff.today.original"),
            region_names(client.original_pain_regions, lang) if client.original_pain_regions else none,
            f"{t('staff.today.disclosed')}: {esc(', '.join(disclosed))}" if disclosed else "",
        )
