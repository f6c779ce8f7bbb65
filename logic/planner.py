"""The session planner: clinic defaults, adjusted by rules that each cite the source.

A rule is data: a named condition on the plan request, an effect, statement IDs and a text in both
languages. Every rule may only make a session shorter, gentler or less frequent (the model refuses
anything else), and effects combine by adding steps and taking the tightest cap, so adding a risk
factor can never give a longer, firmer or more frequent session.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .disclosures import disclosures_not_reviewed
from .models import (
    Experience,
    Language,
    Level,
    PastSession,
    Plan,
    PlanFlag,
    PlanReason,
    PlanRequest,
    Text,
    TriggerPointCount,
    TriggerPointSeverity,
)
from .progress import no_progress, relief_fades
from .settings import ClinicSettings, get_settings
from .texts import vocabulary


def recovering_from_reaction(history: list[PastSession]) -> bool:
    """A session before the latest one caused a negative reaction (or worse), so plans were made gentler."""
    return any(
        s.reaction_level is not None and s.reaction_level.rank >= Level.contact_therapist.rank for s in history[:-1]
    )


def last_reaction_at_least(level: Level) -> Callable[[PlanRequest, ClinicSettings], bool]:
    def holds(request: PlanRequest, settings: ClinicSettings) -> bool:
        last = request.history[-1].reaction_level if request.history else None
        return last is not None and last.rank >= level.rank

    return holds


# Named conditions on a plan request. Unknown trigger points count as the riskier answer.
CONDITIONS: dict[str, Callable[[PlanRequest, ClinicSettings], bool]] = {
    "elderly": lambda r, s: r.client.age >= s.elderly_age,
    "new_to_massage": lambda r, s: r.client.massage_experience in (Experience.first_time, Experience.long_ago),
    "many_trigger_points": lambda r, s: r.client.trigger_points in (TriggerPointCount.many, TriggerPointCount.unknown),
    "severe_trigger_points": lambda r, s: (
        r.client.trigger_point_severity in (TriggerPointSeverity.severe, TriggerPointSeverity.unknown)
    ),
    "long_standing": lambda r, s: r.client.condition_months >= s.long_condition_months,
    "stressors": lambda r, s: r.client.stressors,
    "bad_experience": lambda r, s: r.client.bad_experience_before,
    "fainting_tendency": lambda r, s: r.client.known_fainting_tendency,
    "disclosures_not_reviewed": lambda r, s: disclosures_not_reviewed(
        r.client.disclosed_conditions, r.client.conditions_reviewed
    ),
    "last_healing_crisis": lambda r, s: bool(r.history) and r.history[-1].reaction_level == Level.healing_crisis,
    "last_negative_reaction": last_reaction_at_least(Level.contact_therapist),
    "last_needed_doctor": last_reaction_at_least(Level.doctor_today),
    "no_progress": lambda r, s: no_progress(r.history) and not relief_fades(r.history),
    "relief_fades": lambda r, s: relief_fades(r.history),
    "recovering_from_reaction": lambda r, s: recovering_from_reaction(r.history),
}


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    when: Literal[tuple(CONDITIONS)]  # type: ignore[valid-type]
    # Steps are counted in the clinic's step sizes; only gentler directions are allowed.
    duration_steps: int = Field(0, le=0)
    pressure_steps: int = Field(0, le=0)
    interval_steps: int = Field(0, ge=0)
    pressure_cap: str | None = None  # a clinic setting that caps the pressure
    no_firmer_than_last: bool = False  # pressure at most the last session's
    # Duration and pressure one step below the last session's (never above it, even below the clinic's
    # minimum), the interval one step above the last gap (even beyond the clinic's maximum).
    gentler_than_last: bool = False
    # At most one step longer and firmer than the last session, the interval at most one step shorter
    # than the last gap: a gentler plan returns toward the clinic's defaults step by step (G5).
    one_step_from_last: bool = False
    flag: PlanFlag | None = None
    settings_used: tuple[str, ...] = ()  # clinic defaults the rule's condition or text relies on
    statement_ids: list[str] = Field(min_length=1)
    text: Text


RULES: list[Rule] = [
    Rule(
        id="elderly",
        when="elderly",
        pressure_steps=-1,
        pressure_cap="elderly_max_pressure",
        settings_used=("elderly_age", "elderly_max_pressure"),
        statement_ids=["D5", "C1"],
        text=Text(
            da="Ældre frarådes særlig kraftig massage pga. risikoen for rhabdomyolyse: mindre tryk, højst {elderly_max_pressure}.",
            en="Elderly people are advised against especially strong massage (rhabdomyolysis risk): less pressure, at most {elderly_max_pressure}.",
        ),
    ),
    Rule(
        id="new_to_massage",
        when="new_to_massage",
        duration_steps=-1,
        pressure_steps=-1,
        flag=PlanFlag.expectation_talk,
        statement_ids=["B3", "D2", "G3"],
        text=Text(
            da="Ny klient eller længe siden sidst: ømheden kan føles stærkere, og forventningerne skal afstemmes. Kortere og mildere.",
            en="New to massage or a long time since: soreness can stand out more, and expectations must be aligned. Shorter and milder.",
        ),
    ),
    Rule(
        id="many_trigger_points",
        when="many_trigger_points",
        pressure_steps=-1,
        statement_ids=["C2", "C4"],
        text=Text(
            da="Mange (eller ukendt antal) triggerpunkter gør mere ømhed sandsynlig: mindre tryk.",
            en="Many (or an unknown number of) trigger points make more soreness likely: less pressure.",
        ),
    ),
    Rule(
        id="severe_trigger_points",
        when="severe_trigger_points",
        pressure_steps=-1,
        statement_ids=["C4", "C5"],
        text=Text(
            da="Svære (eller ukendt sværhedsgrad) triggerpunkter: jo kraftigere symptomer, jo større risiko for eftervirkninger. Mindre tryk.",
            en="Severe (or unknown severity of) trigger points: the stronger the symptoms, the greater the risk of after-effects. Less pressure.",
        ),
    ),
    Rule(
        id="long_standing",
        when="long_standing",
        duration_steps=-1,
        pressure_steps=-1,
        settings_used=("long_condition_months",),
        statement_ids=["D4", "C5"],
        text=Text(
            da="Langvarig tilstand (mindst {long_condition_months:g} måneder): flere mildere og kortere behandlinger i træk er mere realistisk end én kraftig.",
            en="Long-standing condition (at least {long_condition_months:g} months): several milder, shorter treatments in a row are more realistic than one strong one.",
        ),
    ),
    Rule(
        id="stressors",
        when="stressors",
        pressure_steps=-1,
        statement_ids=["B3"],
        text=Text(
            da="Stressorer påvirker smertetærsklen, så ømheden kan føles stærkere: mindre tryk.",
            en="Stressors affect the pain threshold, so soreness can stand out more: less pressure.",
        ),
    ),
    Rule(
        id="bad_experience",
        when="bad_experience",
        duration_steps=-1,
        pressure_steps=-1,
        interval_steps=1,
        flag=PlanFlag.expectation_talk,
        statement_ids=["G5", "G3", "G4"],
        text=Text(
            da="Tidligere dårlig oplevelse: en kortere behandling, mindre tryk og færre behandlinger i perioden gør en god oplevelse mere sandsynlig.",
            en="An earlier bad experience: a shorter treatment, less pressure and fewer treatments in the period make a positive experience more likely.",
        ),
    ),
    Rule(
        id="fainting_tendency",
        when="fainting_tendency",
        pressure_steps=-1,
        statement_ids=["F2"],
        text=Text(
            da="Kendt tendens til besvimelse, en kraftig reaktion på kraftig massage og triggerpunktbehandling: mindre tryk.",
            en="A known fainting tendency, a strong reaction to strong massage and trigger-point therapy: less pressure.",
        ),
    ),
    Rule(
        id="disclosures_not_reviewed",
        when="disclosures_not_reviewed",
        flag=PlanFlag.review_disclosures,
        statement_ids=["A1"],
        text=Text(
            da="Oplyste sygdomme er ikke gennemgået endnu; det er måske den vigtigste forebyggelse af negative reaktioner.",
            en="Disclosed conditions have not been reviewed yet; that is possibly the most important measure against negative reactions.",
        ),
    ),
    Rule(
        id="last_healing_crisis",
        # A worse last reaction is covered by the stricter rule below (one step gentler than last).
        when="last_healing_crisis",
        no_firmer_than_last=True,
        statement_ids=["B5", "C3", "C5"],
        text=Text(
            da="Sidste behandling gav en helingskrise: ikke kraftigere end sidst.",
            en="The last treatment caused a healing crisis: no firmer than last time.",
        ),
    ),
    Rule(
        id="last_negative_reaction",
        when="last_negative_reaction",
        interval_steps=1,
        gentler_than_last=True,
        statement_ids=["G5", "E1", "E2"],
        text=Text(
            da="Sidste behandling gav en negativ reaktion: kortere, mindre tryk og længere tid imellem end sidst.",
            en="The last treatment caused a negative reaction: shorter, less pressure and a longer interval than last time.",
        ),
    ),
    Rule(
        id="last_needed_doctor",
        when="last_needed_doctor",
        pressure_steps=-1,
        flag=PlanFlag.medical_clearance_required,
        statement_ids=["F1", "F2", "F3"],
        text=Text(
            da="Sidste reaktion krævede læge: behandl først efter lægelig afklaring, og endnu mildere.",
            en="The last reaction needed a doctor: treat only after medical clearance, and milder still.",
        ),
    ),
    Rule(
        id="recovering_from_reaction",
        # G5: after a gentler plan, a positive experience is rebuilt gradually, not in one jump back.
        when="recovering_from_reaction",
        one_step_from_last=True,
        statement_ids=["G5"],
        text=Text(
            da="Efter en tidligere negativ reaktion: højst ét trin længere og kraftigere end sidst, på vej tilbage mod klinikkens standard.",
            en="After an earlier negative reaction: at most one step longer and firmer than last time, on the way back to the clinic's defaults.",
        ),
    ),
    Rule(
        id="no_progress",
        when="no_progress",
        flag=PlanFlag.consider_alternatives,
        statement_ids=["H2", "X6", "E2", "H1"],
        text=Text(
            da="Mindst tre behandlinger uden klinisk vigtig bedring (mindst 2 point eller 30 %): smerten før seneste behandling ({latest_before}) og lige efter den ({latest_after}) mod {first} før den første. Overvej andre muligheder.",
            en="Three or more treatments without a clinically important improvement (2 points or 30 %): pain before the latest treatment ({latest_before}) and right after it ({latest_after}) against {first} before the first. Consider other options.",
        ),
    ),
    Rule(
        id="relief_fades",
        when="relief_fades",
        flag=PlanFlag.consider_alternatives,
        statement_ids=["H2", "X6", "E2"],
        text=Text(
            da="Lindringen varer ikke: smerten før seneste behandling ({latest_before}) er tilbage ved niveauet før den første ({first}), selv om den var {latest_after} lige efter. At falde tilbage til det oprindelige niveau er ingen nettobedring: overvej andre muligheder.",
            en="The relief does not last: the pain before the latest treatment ({latest_before}) is back at its level before the first ({first}), though it was {latest_after} right after. Falling back to the original level is no net improvement: consider other options.",
        ),
    ),
]

BASE_TEXT = Text(
    da="Udgangspunkt: klinikkens standard for {treatment} ({duration} min, tryk {pressure}, hver {interval}. dag). Klinikkens politik, ikke evidens; ikke alt skal løses i én behandling.",
    en="Starting point: the clinic's default for {treatment} ({duration} min, pressure {pressure}, every {interval} days). Clinic policy, not evidence; not everything is meant to be solved in one treatment.",
)


def flag_statements(result: Plan, flag: PlanFlag) -> list[str]:
    """The statements behind a flag: those of the rules in this plan that raised it."""
    raised_by = {rule.id for rule in RULES if rule.flag == flag}
    ids: list[str] = []
    for reason in result.reasons:
        if reason.rule in raised_by:
            ids += [sid for sid in reason.statement_ids if sid not in ids]
    return ids


def suggestion_date(history: Sequence[PastSession], suggestion: Plan, today: dt.date | None = None) -> dt.date:
    """When the suggested session falls: the last session's date plus the plan's interval (or today's
    date plus the interval when there is no earlier session). The plan view, its calendar event and the
    sessions chart all take the date from here."""
    base = history[-1].date if history else (today or dt.date.today())
    return base + dt.timedelta(days=suggestion.interval_days)


def _last_gap_days(history: list[PastSession]) -> int | None:
    return (history[-1].date - history[-2].date).days if len(history) >= 2 else None


def _step_below(last: float, step: float, minimum: float) -> float:
    """One step below the last session, not below the clinic's minimum unless the last was below it."""
    return max(last - step, min(last, minimum))


def plan(request: PlanRequest, lang: Language = "en", settings: ClinicSettings | None = None) -> Plan:
    """The next session: the clinic's defaults, adjusted by every rule that holds.

    Steps add up, caps take the tightest. The clinic's limits (minimum length and pressure, maximum
    interval) are applied next; last of all the limits taken from the last session (`hard_*`), which
    win even over the clinic's limits: after a negative reaction the next session is never longer nor
    firmer than the one that went wrong, and the interval stays longer than the last gap (G5).
    """
    s = settings or get_settings()
    start = s.plan_starts[request.planned_treatment]
    history = request.history
    last = history[-1] if history else None
    last_gap = _last_gap_days(history)
    duration, pressure, interval = float(start.duration_min), float(start.pressure), float(start.interval_days)
    pressure_caps: list[float] = [10]
    duration_caps: list[float] = [start.duration_min]
    hard_duration_caps: list[float] = []
    hard_pressure_caps: list[float] = []
    hard_interval_floors: list[float] = []
    reasons = [
        PlanReason(
            rule="clinic_defaults",
            statement_ids=["H1"],
            clinic_defaults=[f"plan_starts.{request.planned_treatment.value}"],
            text=BASE_TEXT(lang).format(
                treatment=vocabulary.in_sentence(request.planned_treatment, lang),
                duration=start.duration_min,
                pressure=start.pressure,
                interval=start.interval_days,
            ),
        )
    ]
    flags: list[PlanFlag] = []
    for rule in RULES:
        if not CONDITIONS[rule.when](request, s):
            continue
        duration += rule.duration_steps * s.duration_step_min
        pressure += rule.pressure_steps * s.pressure_step
        interval += rule.interval_steps * s.interval_step_days
        if rule.pressure_cap:
            pressure_caps.append(getattr(s, rule.pressure_cap))
        if last and rule.no_firmer_than_last:
            hard_pressure_caps.append(last.pressure)
        if last and rule.gentler_than_last:
            hard_duration_caps.append(_step_below(last.duration_min, s.duration_step_min, s.min_duration_min))
            hard_pressure_caps.append(_step_below(last.pressure, s.pressure_step, s.min_pressure))
            if last_gap is not None:
                hard_interval_floors.append(last_gap + max(s.interval_step_days, 1))
        if last and rule.one_step_from_last:
            hard_duration_caps.append(last.duration_min + s.duration_step_min)
            hard_pressure_caps.append(last.pressure + s.pressure_step)
            if last_gap is not None:
                hard_interval_floors.append(last_gap - s.interval_step_days)
        if rule.flag and rule.flag not in flags:
            flags.append(rule.flag)
        reasons.append(
            PlanReason(
                rule=rule.id,
                statement_ids=list(rule.statement_ids),
                clinic_defaults=list(rule.settings_used),
                text=rule.text(lang).format(
                    elderly_max_pressure=s.elderly_max_pressure,
                    long_condition_months=s.long_condition_months,
                    first=history[0].pain_before if history else "",
                    latest_before=last.pain_before if last else "",
                    latest_after=last.pain_after if last else "",
                ),
            )
        )
    duration = max(min([duration, *duration_caps]), s.min_duration_min)
    pressure = max(min([pressure, *pressure_caps]), s.min_pressure)
    interval = min(interval, s.max_interval_days)
    return Plan(
        duration_min=_capped(duration, hard_duration_caps),
        pressure=_capped(pressure, hard_pressure_caps),
        interval_days=_floored(interval, hard_interval_floors),
        reasons=reasons,
        flags=flags,
    )


def _capped(value: float, caps: list[float]) -> int:
    """Rounded, but never above a cap (a cap rounds down)."""
    result = round(value)
    return min([result, *(math.floor(cap) for cap in caps)])


def _floored(value: float, floors: list[float]) -> int:
    """Rounded, but never below a floor (a floor rounds up)."""
    result = round(value)
    return max([result, *(math.ceil(floor) for floor in floors)])
