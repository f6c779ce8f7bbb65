"""logic.services: what the record page and the demo data share (assess and record a check, plan for a
client), and the rules the storage no longer holds itself (badges, the planner's input, the language
of an assessment the storage makes)."""

from __future__ import annotations

import pytest

from logic.badges import Badge, badges, is_elderly
from logic.models import Level, ReactionReport, Treatment
from logic.planner import plan
from logic.reaction import assess
from logic.services.checks import assess_and_record
from logic.services.planning import plan_for_client
from logic.storage import ConsentRequired, NotFound, ProfileMissing, Storage
from tests.logic.storage import storage_helpers as h


def test_assess_and_record_stores_the_assessment_in_the_language_asked_for(storage: Storage) -> None:
    client = storage.create_client(h.client(), h.profile())
    session = storage.add_session(client.id, h.session())
    report = ReactionReport.model_validate(h.report())

    done = assess_and_record(storage, client.id, report, "en", regions_now=["neck_back"], session_id=session.id)

    assert done.assessment == assess(report, "en", storage.settings)
    assert done.record.level is done.assessment.level and done.record.session_id == session.id
    assert done.record.reasons == done.assessment.reasons
    assert done.record.regions_now == ["neck_back"]
    assert storage.get_client(client.id).latest_level is done.assessment.level
    assert assess(report, "da", storage.settings).reasons != done.assessment.reasons  # English, not Danish


def test_assess_and_record_stores_nothing_without_consent_or_for_another_clients_session(storage: Storage) -> None:
    report = ReactionReport.model_validate(h.report())
    refused = storage.create_client(h.client(consent_health_data=False))
    other = storage.create_client(h.client(name="Bo Berg"))
    foreign = storage.add_session(other.id, h.session())
    mine = storage.create_client(h.client(name="Ida Holm"))
    before = storage.count_rows()
    with pytest.raises(ConsentRequired):
        assess_and_record(storage, refused.id, report, "da")
    with pytest.raises(NotFound):
        assess_and_record(storage, mine.id, report, "da", session_id=foreign.id)
    assert storage.count_rows() == before


def test_a_check_the_storage_assesses_itself_is_worded_in_the_language_given(storage: Storage) -> None:
    client = storage.create_client(h.client())
    report = ReactionReport.model_validate(h.report())
    english = storage.record_check(client.id, h.check(), lang="en")
    danish = storage.record_check(client.id, h.check())
    assert english.reasons == assess(report, "en", storage.settings).reasons
    assert danish.reasons == assess(report, "da", storage.settings).reasons
    with_session = storage.add_session(client.id, h.session(), check=h.check(), lang="en")
    (stored,) = storage.list_checks(client.id, with_session.id)
    assert stored.reasons == english.reasons


def test_plan_for_client_plans_from_the_record_and_its_history(storage: Storage) -> None:
    client = storage.create_client(h.client(birth_year=1950), h.profile(disclosed_conditions=["diabetes"]))
    for day in (1, 8, 15):
        storage.add_session(client.id, h.session(day=day), check=h.check())

    planned = plan_for_client(storage, client.id, "deep_massage", "en")

    request = planned.request
    assert request == storage.plan_request_for(client.id, Treatment.deep_massage)
    assert request.client.age == storage.get_client(client.id).age
    assert request.client.disclosed_conditions == ["diabetes"] and request.client.conditions_reviewed is False
    assert [s.date for s in request.history] == [s.date for s in storage.list_sessions(client.id)]
    assert all(s.reaction_level is Level.expected for s in request.history)
    assert request.planned_treatment is Treatment.deep_massage
    assert planned.plan == plan(request, "en", storage.settings)


def test_plan_for_client_needs_a_profile_and_a_client(storage: Storage) -> None:
    client = storage.create_client(h.client())
    with pytest.raises(ProfileMissing):
        plan_for_client(storage, client.id, "deep_massage", "da")
    with pytest.raises(NotFound):
        plan_for_client(storage, client.id + 1000, "deep_massage", "da")


def test_badges_hold_in_their_order_and_the_elderly_age_is_reached_on_the_year() -> None:
    assert badges(True, True, True, True) == list(Badge)
    assert badges(False, True, False, True) == [Badge.fainting_tendency, Badge.no_progress]
    assert badges(False, False, False, False) == []
    assert is_elderly(65, 65) and not is_elderly(64, 65)
