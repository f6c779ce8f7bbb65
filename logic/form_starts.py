"""What the record's forms start from: the session a check belongs to, and the latest plan or session.

A form pre-filled from an older record than the newest is worse than an empty one (a therapist who
saves a 40-minute session must not see the next session offered from a plan made before it), so each
start names the record it came from and takes it only when nothing newer exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .storage.records import PlanRecord, SessionRecord


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def hours_since_session(session: SessionRecord, now: dt.datetime | None = None) -> float | None:
    """Whole hours since the session, when its time is known: a session recorded on its own date was
    recorded at its end, so its saving time is the treatment's time. A session entered on a later day
    has only a date, and the hours are left for the therapist (None)."""
    now = _aware(now or dt.datetime.now(dt.UTC))
    saved = _aware(session.created_at)
    if saved.astimezone().date() != session.date:  # the server's local date, as the record shows dates
        return None
    hours = (now - saved).total_seconds() / 3600
    return float(max(0, int(hours)))


def latest_plan_after(plans: Sequence[PlanRecord], sessions: Sequence[SessionRecord]) -> PlanRecord | None:
    """The newest plan, if it was made after the newest session was saved (a plan for the next session);
    None when a session was saved after it (that plan was for a session already given)."""
    if not plans:
        return None
    plan = max(plans, key=lambda p: _aware(p.created_at))
    if sessions and _aware(plan.created_at) < max(_aware(s.created_at) for s in sessions):
        return None
    return plan


def next_session_start(
    sessions: Sequence[SessionRecord], plans: Sequence[PlanRecord], original_regions: Sequence[str], today: dt.date
) -> dict[str, Any]:
    """A new session's form: the plan made after the last session, else the last session, else empty."""
    start: dict[str, Any] = {"date": today, "regions": list(original_regions)}
    if sessions:
        last = sessions[-1]
        start.update(
            treatment=last.treatment, neck_treatment=last.neck_treatment, duration_min=last.duration_min,
            pressure=last.pressure, regions=list(last.regions) or start["regions"],
        )  # fmt: skip
    plan = latest_plan_after(plans, sessions)
    if plan is not None:
        start.update(
            treatment=plan.request.planned_treatment, duration_min=float(plan.chosen_duration_min),
            pressure=float(plan.chosen_pressure),
        )  # fmt: skip
    return start
