"""Plan a client's next session from their record: the planner's input from the stored profile and
sessions (Storage.plan_request_for, logic.plan_input), and the engine's plan for it."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Language, Plan, PlanRequest, Treatment
from ..planner import plan
from ..settings import ClinicSettings
from ..storage import Storage


@dataclass(frozen=True)
class ClientPlan:
    request: PlanRequest  # what the plan was made from, saved with it
    plan: Plan


def plan_for_client(
    storage: Storage,
    client_id: int,
    planned_treatment: Treatment | str,
    lang: Language,
    settings: ClinicSettings | None = None,
) -> ClientPlan:
    """The plan for the client's next session of `planned_treatment`, in `lang`, under `settings`
    (default: the storage's). Raises ProfileMissing when the record has no risk profile yet, NotFound
    for an unknown client."""
    request = storage.plan_request_for(client_id, planned_treatment)
    return ClientPlan(request, plan(request, lang, settings or storage.settings))
