"""The planner's input from what is recorded about a client: profile, this year's age, past sessions.

The stored profile and sessions carry the planner's field names (ClientProfile and PastSession), so
they are read by those names: a field the planner gains is then taken from the record, or its absence
fails validation, instead of being left out silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import ClientProfile, PastSession, PlanRequest, Treatment

_PROFILE_FIELDS = tuple(name for name in ClientProfile.model_fields if name != "age")
_SESSION_FIELDS = tuple(PastSession.model_fields)


def plan_request(age: int, profile: Any, history: Iterable[Any], planned_treatment: Treatment | str) -> PlanRequest:
    """A PlanRequest for a client of `age` with the risk `profile`, after the sessions of `history`
    (oldest first, each with its reaction level), for a session of `planned_treatment`."""
    return PlanRequest.model_validate(
        {
            "client": {"age": age, **{name: getattr(profile, name) for name in _PROFILE_FIELDS}},
            "history": [{name: getattr(session, name) for name in _SESSION_FIELDS} for session in history],
            "planned_treatment": Treatment(planned_treatment),
        }
    )
