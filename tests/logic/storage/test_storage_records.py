"""Round trips, validation at the boundary, derived views (plan request, CSV) on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from logic.errors import explain
from logic.models import Level, PastSession, PlanFlag, PlanRequest, ReactionReport
from logic.planner import plan
from logic.progress import no_progress, no_progress_from
from logic.reaction import assess, assessment_for, walk
from logic.storage import (
    Badge,
    ConsentRequired,
    NotFound,
    ProfileMissing,
    Storage,
    search,
)
from logic.storage.records import current_year
from logic.texts import translate
from tests.logic.storage import storage_helpers as h


def test_client_round_trip(storage: Storage) -> None:
    created = storage.create_client(
        h.client(name="  Anne-Marie Kjær Hansen ", contact=""),
        profile=h.profile(disclosed_conditions=["diabetes", " ", "diabetes"], known_fainting_tendency=True),
        pain_regions=["left_shoulder_blade", "neck_back", "neck_back"],
    )
    got = storage.get_client(created.id)
    assert got == created
    assert got.name == "Anne-Marie Kjær Hansen"
    assert got.contact is None
    assert got.age == current_year() - 1970
    assert got.consent_date == dt.date.today()
    assert got.created_at.tzinfo is not None and got.created_at == got.updated_at
    assert got.profile is not None and got.profile.disclosed_conditions == ["diabetes"]
    assert got.original_pain_regions == ["neck_back", "left_shoulder_blade"]  # map order, each once
    assert set(got.badges) == {Badge.fainting_tendency, Badge.disclosures_not_reviewed}
    assert got.session_count == 0 and got.latest_level is None

    updated = storage.update_client(created.id, h.client(name="Anne Marie Lund", birth_year=1950))
    assert updated.name == "Anne Marie Lund" and updated.updated_at >= created.updated_at
    assert updated.profile == got.profile  # identity edits leave the risk profile alone
    assert Badge.elderly in updated.badges
    assert storage.search_clients("hansen").total == 0
    assert [c.id for c in storage.search_clients("lund").items] == [created.id]


def test_profile_review_and_pain_map(storage: Storage) -> None:
    client = storage.create_client(h.client())
    assert client.profile is None and client.badges == []
    with_profile = storage.set_risk_profile(client.id, h.profile(disclosed_conditions=["forhøjet blodtryk"]))
    assert with_profile.badges == [Badge.disclosures_not_reviewed]
    assert with_profile.profile.reviewed_at is None
    reviewed = storage.set_risk_profile(
        client.id, h.profile(disclosed_conditions=["forhøjet blodtryk"], conditions_reviewed=True)
    )
    assert reviewed.badges == []
    assert reviewed.profile.reviewed_at is not None
    again = storage.set_risk_profile(
        client.id, h.profile(disclosed_conditions=["forhøjet blodtryk"], conditions_reviewed=True)
    )
    assert again.profile.reviewed_at == reviewed.profile.reviewed_at  # still the time of the review
    when = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    pain = storage.set_original_pain(client.id, ["lower_back"], recorded_at=when)
    assert pain.original_pain_regions == ["lower_back"] and pain.original_pain_recorded_at == when


def test_sessions_checks_and_levels(storage: Storage) -> None:
    client = storage.create_client(h.client(), profile=h.profile(), pain_regions=["neck_back"])
    later = storage.add_session(client.id, h.session(day=10))
    earlier = storage.add_session(client.id, h.session(day=3, pain_before=8, note='Kvalme, "let" svimmel\nny linje'))
    assert [s.id for s in storage.list_sessions(client.id)] == [earlier.id, later.id]  # by date

    t0 = dt.datetime(2026, 9, 5, 10, tzinfo=dt.UTC)
    first = storage.record_check(client.id, h.check(session_id=earlier.id, checked_at=t0))
    assert first.level is Level.expected and first.report is not None
    assert first.level == assess(ReactionReport.model_validate(h.report())).level
    assert first.engine_version and first.path and first.reasons

    crisis = h.report(pain_now=8, symptoms={"soreness": "moderate"})
    second = storage.record_check(
        client.id, h.check(report=crisis, session_id=earlier.id, checked_at=t0 + dt.timedelta(hours=5))
    )
    assert second.level is Level.healing_crisis
    # An older check, entered late, does not become the latest level.
    storage.record_check(client.id, h.check(checked_at=t0 - dt.timedelta(days=1)))
    record = storage.get_client(client.id)
    assert record.latest_level is Level.healing_crisis and record.latest_check_at == t0 + dt.timedelta(hours=5)

    # The questionnaire stopped at the first question: answers and the assessment it reached.
    answers = {"red_flags": h.report(red_flags={"chest_pain_or_breathlessness": True})["red_flags"]}
    reached = assessment_for(walk(answers), "da")
    early = storage.record_check(
        client.id, {"answers": answers, "assessment": reached, "checked_at": t0 + dt.timedelta(days=1)}
    )
    assert early.report is None and early.answers == answers and early.level is Level.emergency
    assert storage.get_client(client.id).latest_level is Level.emergency

    sessions = storage.list_sessions(client.id)
    assert [s.reaction_level for s in sessions] == [Level.healing_crisis, None]
    assert [c.id for c in storage.list_checks(client.id, session_id=earlier.id)] == [first.id, second.id]
    assert len(storage.list_checks(client.id)) == 4
    assert sessions[0].note == 'Kvalme, "let" svimmel\nny linje'

    changed = storage.update_session(later.id, h.session(day=1, pain_after=2, regions=["lower_back"]))
    assert changed.regions == ["lower_back"] and changed.pain_after == 2
    assert [s.id for s in storage.list_sessions(client.id)] == [later.id, earlier.id]

    # A session and its check in one transaction.
    both = storage.add_session(client.id, h.session(day=20), check=h.check())
    assert both.reaction_level is Level.expected
    assert storage.list_checks(client.id, session_id=both.id)[0].session_id == both.id


def test_plan_request_is_what_the_planner_expects(storage: Storage) -> None:
    client = storage.create_client(
        h.client(birth_year=current_year() - 70),
        profile=h.profile(massage_experience="long_ago", disclosed_conditions=["diabetes"], stressors=True),
    )
    storage.add_session(client.id, h.session(day=1, pain_before=7, pain_after=6), check=h.check())
    storage.add_session(client.id, h.session(day=8, pain_before=7, pain_after=7, pressure=5.5))
    storage.add_session(
        client.id,
        h.session(day=15, pain_before=7, pain_after=6, treatment="deep_massage", duration_min=60),
        check=h.check(report=h.report(red_flags={"dark_urine": True})),
    )
    request = storage.plan_request_for(client.id, "trigger_point_therapy")
    expected = PlanRequest.model_validate(
        {
            "client": {
                "age": 70, "massage_experience": "long_ago", "condition_months": 8.0, "trigger_points": "many",
                "trigger_point_severity": "moderate", "stressors": True, "bad_experience_before": False,
                "known_fainting_tendency": False, "disclosed_conditions": ["diabetes"], "conditions_reviewed": False,
            },
            "history": [
                {"date": "2026-09-02", "treatment": "trigger_point_therapy", "duration_min": 45, "pressure": 6,
                 "pain_before": 7, "pain_after": 6, "reaction_level": "expected"},
                {"date": "2026-09-09", "treatment": "trigger_point_therapy", "duration_min": 45, "pressure": 5.5,
                 "pain_before": 7, "pain_after": 7, "reaction_level": None},
                {"date": "2026-09-16", "treatment": "deep_massage", "duration_min": 60, "pressure": 6,
                 "pain_before": 7, "pain_after": 6, "reaction_level": "doctor_today"},
            ],
            "planned_treatment": "trigger_point_therapy",
        }
    )  # fmt: skip
    assert request == expected
    suggestion = plan(request, "da", storage.settings)
    assert {PlanFlag.consider_alternatives, PlanFlag.review_disclosures, PlanFlag.medical_clearance_required} <= set(
        suggestion.flags
    )
    assert Badge.no_progress in storage.get_client(client.id).badges

    saved = storage.save_plan(
        client.id,
        {
            "request": request,
            "suggested": suggestion,
            "chosen_duration_min": suggestion.duration_min,
            "chosen_pressure": max(0, suggestion.pressure - 1),
            "chosen_interval_days": suggestion.interval_days,
            "accepted": False,
        },
    )
    [listed] = storage.list_plans(client.id)
    assert listed == saved and listed.request == request and listed.suggested == suggestion

    bare = storage.create_client(h.client(name="Uden Profil"))
    with pytest.raises(ProfileMissing):
        storage.plan_request_for(bare.id, "deep_massage")


def test_no_progress_badge_follows_the_planner(storage: Storage) -> None:
    client = storage.create_client(h.client(), profile=h.profile())
    pains = [(6, 6, 30), (6, 5, 2), (5, 5, 16), (7, 3, 9), (5, 5, 40)]  # (before, after, day) out of date order
    for before, after, day in pains:
        storage.add_session(client.id, h.session(day=day, pain_before=before, pain_after=after))
        history = storage.plan_request_for(client.id, "deep_massage").history
        assert (Badge.no_progress in storage.get_client(client.id).badges) == no_progress(history)
    assert Badge.no_progress in storage.get_client(client.id).badges  # before: 6 first, 5 latest (five sessions)
    first = storage.list_sessions(client.id)[0]
    storage.update_session(first.id, h.session(day=2, pain_before=9, pain_after=8))  # now 9 -> 5
    assert no_progress(storage.plan_request_for(client.id, "deep_massage").history) is False
    assert Badge.no_progress not in storage.get_client(client.id).badges


@given(
    st.lists(
        st.tuples(st.integers(0, 10), st.integers(0, 10)),
        max_size=6,
    )
)
def test_no_progress_from_equals_planner_rule(pains: list[tuple[int, int]]) -> None:
    history = [
        PastSession(date=dt.date(2026, 1, 1 + i), treatment="deep_massage", duration_min=45, pressure=5,
                    pain_before=b, pain_after=a)
        for i, (b, a) in enumerate(pains)
    ]  # fmt: skip
    first = pains[0][0] if pains else None
    latest_before = pains[-1][0] if pains else None  # H2 measures lasting change (E2)
    assert no_progress_from(len(pains), first, latest_before) == no_progress(history)


def test_history_csv_has_every_session_and_check(storage: Storage) -> None:
    client = storage.create_client(h.client(), profile=h.profile())
    s1 = storage.add_session(client.id, h.session(day=1, note='Note, med komma; og "citat"\nog linjeskift'))
    s2 = storage.add_session(client.id, h.session(day=2), check=h.check())
    s3 = storage.add_session(client.id, h.session(day=3))
    c2b = storage.record_check(client.id, h.check(session_id=s2.id))
    loose = storage.record_check(client.id, h.check())
    other = storage.create_client(h.client(name="Bo Jensen"), profile=h.profile())
    storage.add_session(other.id, h.session(day=1))

    rows = list(csv.DictReader(io.StringIO(storage.history_csv(client.id))))
    assert {r["session_id"] for r in rows if r["session_id"]} == {str(s.id) for s in (s1, s2, s3)}
    assert (
        {r["check_id"] for r in rows if r["check_id"]}
        == {str(c.id) for c in storage.list_checks(client.id)}
        >= {str(c2b.id), str(loose.id)}
    )
    assert next(r for r in rows if r["session_id"] == str(s1.id))["note"] == s1.note
    assert len(rows) == 5  # s1, s2 twice, s3, the check without a session
    semicolon = storage.history_csv(client.id, delimiter=";")
    assert semicolon.splitlines()[0].startswith("session_id;date;")


def test_delete_client_removes_everything(storage: Storage) -> None:
    client = storage.create_client(h.client(), profile=h.profile())
    storage.add_session(client.id, h.session(), check=h.check())
    keep = storage.create_client(h.client(name="Bo Jensen"))
    storage.delete_client(client.id)
    counts = storage.count_rows()
    assert counts["clients"] == 1 and counts["sessions"] == 0 and counts["checks"] == 0
    assert counts["client_name_prefixes"] == len("bojensen")  # b, bo; j, je, jen, jens, jense, jensen
    with pytest.raises(NotFound):
        storage.get_client(client.id)
    assert storage.get_client(keep.id).name == "Bo Jensen"


# --- invalid input changes nothing ---

INVALID_CALLS = {
    "empty name": lambda s, c: s.create_client(h.client(name="   ")),
    "birth year in the future": lambda s, c: s.create_client(h.client(birth_year=current_year() + 1)),
    "unknown client field": lambda s, c: s.create_client(h.client(nickname="Bo")),
    "consent as text": lambda s, c: s.create_client(h.client(consent_health_data="ja")),
    "profile with an unknown value": lambda s, c: s.set_risk_profile(c, h.profile(trigger_points="lots")),
    "pain map with an unknown region": lambda s, c: s.set_original_pain(c, ["neck_back", "elbow"]),
    "empty pain map": lambda s, c: s.set_original_pain(c, []),
    "pain 11": lambda s, c: s.add_session(c, h.session(pain_after=11)),
    "pressure 11": lambda s, c: s.add_session(c, h.session(pressure=11)),
    "unknown region treated": lambda s, c: s.add_session(c, h.session(regions=["tail"])),
    "unknown treatment": lambda s, c: s.add_session(c, h.session(treatment="cupping")),
    "no duration": lambda s, c: s.add_session(c, h.session(duration_min=0)),
    "valid session, invalid check": lambda s, c: s.add_session(c, h.session(), check=h.check(regions_now=["x"])),
    "check with its own session id": lambda s, c: s.add_session(c, h.session(), check=h.check(session_id=1)),
    "report with pain 11": lambda s, c: s.record_check(c, h.check(report=h.report(pain_now=11))),
    "report missing a red flag": lambda s, c: s.record_check(
        c, h.check(report={k: v for k, v in h.report().items() if k != "red_flags"} | {"red_flags": {}})
    ),
    "answers without an assessment": lambda s, c: s.record_check(c, {"answers": {"pain_now": 3}}),
    "report and answers": lambda s, c: s.record_check(c, h.check(answers={"pain_now": 3})),
    "unknown answer": lambda s, c: s.record_check(
        c, {"answers": {"mood": "fine"}, "assessment": assess(ReactionReport.model_validate(h.report()))}
    ),
    "plan without request or suggestion": lambda s, c: s.save_plan(c, {"request": {}, "suggested": {}}),
    "search with limit 0": lambda s, c: s.search_clients("an", limit=0),
    "search for an unknown badge": lambda s, c: s.search_clients(flags=["grumpy"]),
    "search for an unknown level": lambda s, c: s.search_clients(level=["expected", "fine"]),
}


def test_invalid_input_raises_and_changes_nothing(storage: Storage) -> None:
    """Every case in INVALID_CALLS (one database per backend, so the cases run in a loop)."""
    client = storage.create_client(h.client(), profile=h.profile())
    storage.add_session(client.id, h.session(), check=h.check())
    before = storage.count_rows()
    record = storage.get_client(client.id)
    for case, call in INVALID_CALLS.items():
        with pytest.raises(ValidationError) as error:
            call(storage, client.id)
        lines = explain(error.value, "da")
        assert lines and all(":" in line for line in lines), case
        assert storage.count_rows() == before, case
        assert storage.get_client(client.id) == record, case


def test_rules_beyond_the_shape_of_the_input(storage: Storage) -> None:
    no_consent = storage.create_client(h.client(consent_health_data=False))
    other = storage.create_client(h.client(name="Bo Jensen"), profile=h.profile())
    foreign = storage.add_session(other.id, h.session())
    before = storage.count_rows()
    with pytest.raises(ConsentRequired) as refused:
        storage.add_session(no_consent.id, h.session())
    assert "samtykke" in translate(refused.value.code, "da", **refused.value.values)
    with pytest.raises(ConsentRequired):
        storage.set_risk_profile(no_consent.id, h.profile())
    with pytest.raises(ConsentRequired):
        storage.create_client(h.client(consent_health_data=False), profile=h.profile())
    with pytest.raises(NotFound):
        storage.record_check(no_consent.id + 1000, h.check())
    third = storage.create_client(h.client(name="Tredje Person"), profile=h.profile())
    before = storage.count_rows()
    with pytest.raises(NotFound):  # a session of another client
        storage.record_check(third.id, h.check(session_id=foreign.id))
    with pytest.raises(NotFound):
        storage.update_session(foreign.id + 1000, h.session())
    assert storage.count_rows() == before


# --- the client list ---


@pytest.fixture
def clinic(storage: Storage) -> dict[str, int]:
    """Clients with known names, ages, levels and badges."""
    year = current_year()
    people = {
        "Anne Hansen": dict(birth_year=year - 70),
        "Hanne Sørensen": dict(birth_year=year - 40),
        "Hans Jørgensen": dict(birth_year=year - 66),
        "Bo Han": dict(birth_year=year - 30),
        "Ærlige Øster-Ålund": dict(birth_year=year - 50),
        "Mette Kristensen": dict(birth_year=year - 64),
    }
    ids = {
        name: storage.create_client(h.client(name=name, **extra), profile=h.profile()).id
        for name, extra in people.items()
    }
    storage.set_risk_profile(ids["Hanne Sørensen"], h.profile(known_fainting_tendency=True))
    storage.set_risk_profile(ids["Bo Han"], h.profile(disclosed_conditions=["astma"]))
    for day in (1, 8, 15):
        storage.add_session(ids["Hans Jørgensen"], h.session(day=day, pain_before=6, pain_after=6))
    storage.record_check(ids["Anne Hansen"], h.check(report=h.report(red_flags={"dark_urine": True})))
    storage.record_check(ids["Bo Han"], h.check(report=h.report(red_flags={"dark_urine": True})))
    storage.record_check(ids["Hanne Sørensen"], h.check())
    return ids


def names(page) -> list[str]:
    return [c.name for c in page.items]


def test_search_by_name(storage: Storage, clinic: dict[str, int]) -> None:
    assert names(storage.search_clients("HAN")) == ["Anne Hansen", "Bo Han", "Hanne Sørensen", "Hans Jørgensen"]
    assert names(storage.search_clients("hans")) == ["Anne Hansen", "Hans Jørgensen"]
    assert names(storage.search_clients("han ann")) == ["Anne Hansen"]  # every word must match
    assert names(storage.search_clients("hanne s")) == ["Hanne Sørensen"]
    assert names(storage.search_clients("  JØRG  ")) == ["Hans Jørgensen"]
    assert names(storage.search_clients("ålund")) == ["Ærlige Øster-Ålund"]
    assert names(storage.search_clients("øster-å")) == ["Ærlige Øster-Ålund"]
    assert names(storage.search_clients("ansen")) == []  # words match from their start
    assert storage.search_clients("").total == 6
    assert storage.search_clients("%").total == 6  # punctuation is no wildcard: no words, no name condition
    assert names(storage.search_clients("_a")) == names(storage.search_clients("a")) == ["Anne Hansen"]


def test_filters_and_badges(storage: Storage, clinic: dict[str, int]) -> None:
    assert names(storage.search_clients(level="doctor_today")) == ["Anne Hansen", "Bo Han"]
    assert names(storage.search_clients("bo", level=Level.doctor_today)) == ["Bo Han"]
    assert names(storage.search_clients(level="emergency")) == []
    assert names(storage.search_clients(level=["expected", Level.doctor_today])) == [
        "Anne Hansen",
        "Bo Han",
        "Hanne Sørensen",
    ]
    assert names(storage.search_clients("han", level=("expected", "emergency"))) == ["Hanne Sørensen"]
    assert storage.search_clients(level=[]).total == 6
    assert names(storage.search_clients(flags=["elderly"])) == ["Anne Hansen", "Hans Jørgensen"]
    assert names(storage.search_clients(flags=[Badge.fainting_tendency])) == ["Hanne Sørensen"]
    assert names(storage.search_clients(flags=["disclosures_not_reviewed"])) == ["Bo Han"]
    assert names(storage.search_clients(flags=["no_progress"])) == ["Hans Jørgensen"]
    assert names(storage.search_clients(flags=["no_progress", "elderly"])) == ["Hans Jørgensen"]
    assert names(storage.search_clients("han", flags=["elderly"], level="doctor_today")) == ["Anne Hansen"]
    [hans] = storage.search_clients("hans jør").items
    assert hans.badges == [Badge.elderly, Badge.no_progress] and hans.session_count == 3
    assert hans.age == 66 and hans.latest_level is None
    [bo] = storage.search_clients("bo").items
    assert bo.latest_level is Level.doctor_today and bo.latest_check_at is not None


def test_elderly_follows_the_clinic_setting(database_url: str, settings, clinic) -> None:
    from logic.storage import open_storage

    stricter = settings.model_copy(update={"elderly_age": 60})
    with open_storage(database_url, stricter) as other:
        page = other.search_clients(flags=["elderly"])
        assert names(page) == ["Anne Hansen", "Hans Jørgensen", "Mette Kristensen"]
        assert all(Badge.elderly in c.badges for c in page.items)


def test_paging(storage: Storage) -> None:
    for i in range(23):
        storage.create_client(h.client(name=f"Klient {i:02d} Holm"))
    storage.create_client(h.client(name="Anden Person"))
    seen = []
    for offset in range(0, 30, 10):
        page = storage.search_clients("holm", limit=10, offset=offset)
        assert page.total == 23 and page.limit == 10 and page.offset == offset
        seen += names(page)
    assert seen == [f"Klient {i:02d} Holm" for i in range(23)]
    beyond = storage.search_clients("holm", limit=10, offset=40)
    assert beyond.items == [] and beyond.total == 23
    assert storage.search_clients(limit=5).total == 24


def test_total_is_counted_up_to_the_bound(storage: Storage, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond count_bound(offset, limit) the total is the bound + 1 ("more than the bound"); pages still
    come in full and in order, and the last page's total is exact again."""
    monkeypatch.setattr(search, "COUNT_LIMIT", 10)
    assert search.count_bound(0, 5) == 10 and search.count_bound(10, 5) == 15
    ids = [storage.create_client(h.client(name=f"Klient {i:02d} Holm")).id for i in range(23)]
    storage.create_client(h.client(name="Anden Person"))
    for client_id in ids[::2]:  # 12 of the 23 with the fainting badge
        storage.set_risk_profile(client_id, h.profile(known_fainting_tendency=True))
    first = storage.search_clients("holm", limit=5)
    assert names(first) == [f"Klient {i:02d} Holm" for i in range(5)] and first.total == 11
    assert storage.search_clients(limit=5).total == 11  # 24 clients, no words: the same bound
    assert storage.search_clients("holm", limit=5, offset=10).total == 16  # the bound follows the page
    last = storage.search_clients("holm", limit=5, offset=20)
    assert names(last) == [f"Klient {i:02d} Holm" for i in range(20, 23)] and last.total == 23
    beyond = storage.search_clients("holm", limit=5, offset=40)
    assert beyond.items == [] and beyond.total == 23  # counted alone: fewer than the bound, so exact
    assert storage.search_clients("holm", limit=20).total == 21  # the page is longer than COUNT_LIMIT
    assert storage.search_clients("holm", limit=30).total == 23
    # A filter with paging: each page in order, totals capped the same way.
    fainting = [f"Klient {i:02d} Holm" for i in range(0, 23, 2)]
    seen = []
    for offset in range(0, 15, 5):
        page = storage.search_clients("kl hol", flags=["fainting_tendency"], limit=5, offset=offset)
        assert page.total == (11 if offset < 10 else 12), offset  # 12 match: more than 10, until the last page
        seen += names(page)
    assert seen == fainting
    assert storage.search_clients(flags=["fainting_tendency"], limit=5, offset=5).total == 11
    assert storage.search_clients(flags=["fainting_tendency"], limit=5, offset=10).total == 12


def test_search_pages_agree_with_a_plain_filter(storage: Storage) -> None:
    """Many clients with shared names: every query word and pair, paged 7 at a time with and without a
    level, gives exactly the clients a plain Python filter finds, in name order, each once."""
    from logic.storage import names as name_keys

    rng = random.Random(7)
    first_names = ["Han", "Hans", "Hanne", "Anne", "Ann-Britt", "Bo", "Øjvind"]
    surnames = ["Hansen", "Han", "Holm", "Bork", "Østergaard", "Anhøj"]
    people = {}
    for _ in range(60):
        name = f"{rng.choice(first_names)} {rng.choice(surnames)}"
        people[storage.create_client(h.client(name=name)).id] = name
    expected_level = set(rng.sample(sorted(people), 20))
    for client_id in expected_level:
        storage.record_check(client_id, h.check())
    vocabulary = sorted({w for name in people.values() for w in name_keys.words(name)})
    queries = {w[:n] for w in vocabulary for n in (1, 2, 3, len(w))} | {
        "ha han",
        "han ha",
        "bo hansen",
        "anne øst",
        "zz",
    }

    def reference(query: str, level: bool) -> list[int]:
        words = name_keys.words(query)
        found = [
            i for i, name in people.items()
            if all(any(t.startswith(w) for t in name_keys.words(name)) for w in words)
            and (not level or i in expected_level)
        ]  # fmt: skip
        return sorted(found, key=lambda i: (name_keys.normalize(people[i]), i))

    for query in sorted(queries):
        for level in (False, True):
            want = reference(query, level)
            got: list[int] = []
            for offset in range(0, len(want) + 7, 7):
                page = storage.search_clients(query, level="expected" if level else None, limit=7, offset=offset)
                assert page.total == min(len(want), search.count_bound(offset, 7) + 1), (query, offset)
                got += [c.id for c in page.items]
            assert got == want, (query, level)


def test_renaming_replaces_the_search_keys(storage: Storage) -> None:
    client = storage.create_client(h.client(name="Anne Hansen"))
    storage.create_client(h.client(name="Bo Holm"))
    storage.update_client(client.id, h.client(name="Anne Bork"))
    assert names(storage.search_clients("hansen")) == []
    assert names(storage.search_clients("bor an")) == ["Anne Bork"]
    # Anne Bork: a an ann anne b bo bor bork; Bo Holm: b bo h ho hol holm (each client's own rows).
    assert storage.count_rows()["client_name_prefixes"] == 8 + 6
    storage.update_client(client.id, h.client(name="ANNE  bork"))  # the same words: the keys stay
    assert names(storage.search_clients("anne")) == ["ANNE  bork"]
    nameless = storage.create_client(h.client(name="!!!"))  # no words: listed, found by no word
    assert nameless.id in [c.id for c in storage.search_clients().items]
    assert names(storage.search_clients("!")) == ["!!!", "ANNE  bork", "Bo Holm"]


def test_not_found(storage: Storage) -> None:
    for call in (
        lambda: storage.get_client(999),
        lambda: storage.list_sessions(999),
        lambda: storage.list_checks(999),
        lambda: storage.list_plans(999),
        lambda: storage.history_csv(999),
        lambda: storage.plan_request_for(999, "deep_massage"),
        lambda: storage.update_client(999, h.client()),
    ):
        with pytest.raises(NotFound) as missing:
            call()
        assert "999" in translate(missing.value.code, "en", **missing.value.values) == str(missing.value)
