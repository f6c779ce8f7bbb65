"""Follow-up links (logic/storage/follow_ups.py): tokens, the report bound, consent-then-store, the list.

Attack cases count the rows: a wrong, expired or revoked token, one past its bound, a held-back
source: nothing is stored, and the refusal names no client."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter

import pytest
from sqlalchemy import func, select

from logic import follow_up
from logic.models import Level
from logic.reaction import assessment_for, walk
from logic.storage import ConsentRequired, NotFound
from logic.storage import follow_ups as fu
from logic.storage.schema import AuditEntry, FollowUpToken, ReactionCheck
from logic.texts import translate
from tests.logic.storage import storage_helpers as h

UTC = dt.UTC
NOW = dt.datetime(2026, 9, 3, 12, 0, tzinfo=UTC)
SOURCE = "198.51.100.7"


def saved_client(storage, **client):
    record = storage.create_client(h.client(**client))
    storage.set_risk_profile(record.id, h.profile())
    session = storage.add_session(record.id, h.session(day=1))
    return record, session


def answers_and_assessment(storage, prefill):
    answers = dict(h.report()) | prefill
    return answers, assessment_for(walk(answers, storage.settings), "en", storage.settings)


def count(storage, table) -> int:
    with storage.read() as s:
        return s.scalar(select(func.count()).select_from(table))


def audit_actions(storage) -> Counter:
    with storage.read() as s:
        return Counter(s.scalars(select(AuditEntry.action)))


def test_a_token_is_random_long_and_stored_only_as_its_hash(storage) -> None:
    client, session = saved_client(storage)
    tokens = [fu.create_link(storage, client.id, session.id, now=NOW)[0] for _ in range(20)]
    assert len(set(tokens)) == 20
    for token in tokens:
        assert follow_up.well_formed(token) and re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
        assert len(token) * math.log2(64) >= 256 - 6  # 43 characters of 64 symbols: 256 random bits
    with storage.read() as s:
        stored = s.scalars(select(FollowUpToken.token_hash)).all()
    assert set(stored) == {fu.token_hash(t) for t in tokens}
    # The token itself is in no column of any table (nor in the audit trail).
    with storage.engine.connect() as conn:
        dump = "\n".join(
            str(row)
            for table in ("follow_up_tokens", "audit_log")
            for row in conn.exec_driver_sql(f"SELECT * FROM {table}")
        )
    assert not any(token in dump for token in tokens)


def test_a_valid_link_gives_the_session_and_nothing_personal(storage) -> None:
    client, session = saved_client(storage, name="Birgitte Sørensen")
    token, link = fu.create_link(storage, client.id, now=NOW)
    assert link.session_id == session.id and link.expires_at == NOW + dt.timedelta(days=storage.settings.follow_up_days)
    opened = fu.resolve(storage, token, now=NOW, tz=UTC)
    assert opened is not None
    assert opened.treatment.value == session.treatment.value and opened.session_date == session.date
    assert opened.reports_left == storage.settings.follow_up_max_reports
    assert "Birgitte" not in repr(opened) and "client_id" not in repr(opened)
    # The session was saved on another day than its date: hours count from that day's start.
    assert opened.treated_at == dt.datetime.combine(session.date, dt.time(0), tzinfo=UTC)
    prefill = opened.prefill(NOW)
    assert prefill["hours_since_treatment"] == (NOW - opened.treated_at).total_seconds() / 3600
    assert prefill["treatment"] == "trigger_point_therapy" and prefill["neck_treatment"] is False


def test_treatment_time_is_the_saving_time_on_the_same_day() -> None:
    saved = dt.datetime(2026, 9, 2, 14, 30, tzinfo=UTC)
    assert follow_up.treated_at(dt.date(2026, 9, 2), saved, UTC) == saved
    assert follow_up.treated_at(dt.date(2026, 9, 1), saved, UTC) == dt.datetime(2026, 9, 1, tzinfo=UTC)
    assert follow_up.hours_since(saved, saved - dt.timedelta(hours=1)) == 0.0


def test_links_need_consent_and_a_session_of_the_client(storage) -> None:
    no_consent = storage.create_client(h.client(consent_health_data=False))
    with pytest.raises(ConsentRequired):
        fu.create_link(storage, no_consent.id)
    client, _ = saved_client(storage)
    _other, other_session = saved_client(storage, name="Carl Berg")
    with pytest.raises(NotFound):
        fu.create_link(storage, client.id, other_session.id)
    assert count(storage, FollowUpToken) == 0


def test_consented_report_is_stored_as_client_reported_and_audited(storage) -> None:
    client, session = saved_client(storage)
    token, _ = fu.create_link(storage, client.id, now=NOW)
    opened = fu.resolve(storage, token, now=NOW)
    answers, assessment = answers_and_assessment(storage, opened.prefill(NOW))
    stored = fu.submit(storage, token, SOURCE, answers, assessment, now=NOW)
    assert stored.source == "client" and stored.session_id == session.id and stored.level == assessment.level
    assert stored.seen_at is None
    checks = storage.list_checks(client.id)
    assert [c.source for c in checks] == ["client"]
    actions = audit_actions(storage)
    assert actions[fu.REPORT_SENT] == 1 and actions["record_check"] == 1 and actions[fu.LINK_CREATE] == 1
    with storage.read() as s:
        actors = set(s.scalars(select(AuditEntry.actor).where(AuditEntry.action.in_([fu.REPORT_SENT, "record_check"]))))
        details = " ".join(s.scalars(select(AuditEntry.detail)))
    assert actors == {follow_up.LINK_ACTOR}
    assert assessment.level.value not in details  # no health data in the trail
    # The planner's history reads the session's level from every check, the client's included.
    storage.set_risk_profile(client.id, h.profile())
    request = storage.plan_request_for(client.id, "trigger_point_therapy")
    assert request.history[-1].reaction_level == assessment.level


@pytest.mark.parametrize("case", ["wrong", "malformed", "expired", "revoked", "past_bound", "no_token"])
def test_refused_links_store_nothing(storage, case: str) -> None:
    client, _ = saved_client(storage, name="Dorthe Kjær")
    token, link = fu.create_link(storage, client.id, now=NOW)
    answers, assessment = answers_and_assessment(storage, fu.resolve(storage, token, now=NOW).prefill(NOW))
    when = NOW
    used = token
    if case == "wrong":
        used = follow_up.new_token()
    elif case == "malformed":
        used = token[:-1] + "!"
    elif case == "no_token":
        used = None
    elif case == "expired":
        when = link.expires_at
    elif case == "revoked":
        assert fu.revoke_link(storage, client.id, link.id)
        assert not fu.revoke_link(storage, client.id, link.id)
    elif case == "past_bound":
        for _ in range(link.max_reports):
            fu.submit(storage, token, f"10.0.0.{_}", answers, assessment, now=NOW)
    before = count(storage, ReactionCheck)
    assert fu.resolve(storage, used, now=when) is None
    with pytest.raises(fu.LinkRefused) as refused:
        fu.submit(storage, used, SOURCE, answers, assessment, now=when)
    assert count(storage, ReactionCheck) == before
    assert "Dorthe" not in str(refused.value) and "Nothing was sent" in translate(refused.value.code, "en")
    with storage.read() as s:
        uses = s.scalar(select(FollowUpToken.reports).where(FollowUpToken.id == link.id))
    assert uses == (link.max_reports if case == "past_bound" else 0)


def test_sends_from_one_source_are_held_back(storage) -> None:
    client, _ = saved_client(storage)
    storage.settings = storage.settings.model_copy(update={"follow_up_max_reports": 20})
    token, _ = fu.create_link(storage, client.id, now=NOW)
    answers, assessment = answers_and_assessment(storage, fu.resolve(storage, token, now=NOW).prefill(NOW))
    free = fu.throttle.POLICIES["followup"].free
    for _ in range(free + 1):
        fu.submit(storage, token, SOURCE, answers, assessment, now=NOW)
    assert fu.held_back(storage, SOURCE, now=NOW)
    before = count(storage, ReactionCheck)
    with pytest.raises(fu.LinkRefused) as refused:
        fu.submit(storage, token, SOURCE, answers, assessment, now=NOW)
    assert refused.value.held_back and count(storage, ReactionCheck) == before
    # Another source is not held back by this one.
    fu.submit(storage, token, "203.0.113.9", answers, assessment, now=NOW)
    assert count(storage, ReactionCheck) == before + 1


def test_follow_up_list_most_urgent_first_and_marking_seen_is_audited(storage) -> None:
    first, _ = saved_client(storage, name="Erik Lund")
    second, _ = saved_client(storage, name="Frida Holm")
    tokens = {c.id: fu.create_link(storage, c.id, now=NOW)[0] for c in (first, second)}
    prefill = fu.resolve(storage, tokens[first.id], now=NOW).prefill(NOW)
    mild, mild_assessment = answers_and_assessment(storage, prefill)
    fu.submit(storage, tokens[first.id], SOURCE, mild, mild_assessment, now=NOW)
    urgent = dict(mild, red_flags=dict(mild["red_flags"], chest_pain_or_breathlessness=True))
    urgent_assessment = assessment_for(walk(urgent, storage.settings), "en", storage.settings)
    assert urgent_assessment.level == Level.emergency
    fu.submit(storage, tokens[second.id], SOURCE, urgent, urgent_assessment, now=NOW + dt.timedelta(minutes=5))
    storage.record_check(first.id, h.check())  # the therapist's own check is not on the list
    listed = fu.unseen_reports(storage)
    assert [(r.client_name, r.level) for r in listed] == [
        ("Frida Holm", Level.emergency),
        ("Erik Lund", mild_assessment.level),
    ]
    fu.record_list_view(storage, listed)
    assert fu.mark_seen(storage, listed[0].check_id)
    assert not fu.mark_seen(storage, listed[0].check_id)
    assert [r.client_name for r in fu.unseen_reports(storage)] == ["Erik Lund"]
    seen = [c for c in storage.list_checks(second.id) if c.source == "client"]
    assert seen[0].seen_at is not None
    actions = audit_actions(storage)
    assert actions[fu.REPORT_SEEN] == 1 and actions[fu.REPORTS_VIEW] == 2


def test_erasing_the_client_erases_their_links_and_language(storage) -> None:
    from logic.auth import privacy
    from logic.storage.schema import ClientLanguage

    client, _ = saved_client(storage)
    fu.create_link(storage, client.id, now=NOW)
    assert fu.preferred_language(storage, client.id) is None
    fu.set_preferred_language(storage, client.id, "en")
    fu.set_preferred_language(storage, client.id, "en")  # unchanged: no second audit row
    assert fu.preferred_language(storage, client.id) == "en"
    assert audit_actions(storage)[fu.LANGUAGE_SET] == 1
    with pytest.raises(ValueError):
        fu.set_preferred_language(storage, client.id, "de")
    privacy.erase_client(storage, client.id)
    assert count(storage, FollowUpToken) == 0 and count(storage, ClientLanguage) == 0


def test_the_bound_holds_when_reports_arrive_at_once(storage) -> None:
    from concurrent.futures import ThreadPoolExecutor

    client, _ = saved_client(storage)
    storage.settings = storage.settings.model_copy(update={"follow_up_max_reports": 2})
    token, _link = fu.create_link(storage, client.id, now=NOW)
    answers, assessment = answers_and_assessment(storage, fu.resolve(storage, token, now=NOW).prefill(NOW))

    def send(n: int) -> str:
        try:
            fu.submit(storage, token, f"192.0.2.{n}", answers, assessment, now=NOW)
            return "stored"
        except fu.LinkRefused:
            return "refused"

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = Counter(pool.map(send, range(6)))
    assert outcomes == {"stored": 2, "refused": 4}
    assert count(storage, ReactionCheck) == 2
    assert fu.links_of(storage, client.id)[0].reports == 2


def test_answers_the_models_refuse_use_up_nothing(storage) -> None:
    from pydantic import ValidationError

    client, _ = saved_client(storage)
    token, _link = fu.create_link(storage, client.id, now=NOW)
    _, assessment = answers_and_assessment(storage, fu.resolve(storage, token, now=NOW).prefill(NOW))
    with pytest.raises(ValidationError):
        fu.submit(storage, token, SOURCE, {"not_a_question": 1}, assessment, now=NOW)
    assert count(storage, ReactionCheck) == 0 and fu.links_of(storage, client.id)[0].reports == 0
