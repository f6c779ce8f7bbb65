"""The consultation is saved: on an existing client's record (found by name) or a new client's, on
today's session or another, through the storage's own record_check (audited like the record's own
checks); then the planner opens with that client chosen. Rows are counted: assessing alone stores
nothing, a refused save stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from logic.auth import audit
from logic.storage import Storage
from tests import REPO
from tests.pages.page_support import record_rows
from tests.pages.test_consultation import K, fill
from ui.i18n import translate
from ui.state import PLANNER_PREFILL

APP = REPO / "app.py"
PAGE = "pages/therapist/consultation.py"
S = "consult_save"
YEAR = dt.date.today().year
PROFILE = {
    "massage_experience": "regular", "condition_months": 6, "trigger_points": "few", "trigger_point_severity": "mild",
    "stressors": False, "bad_experience_before": False, "known_fainting_tendency": False,
    "disclosed_conditions": [], "conditions_reviewed": False,
}  # fmt: skip


def session(date: dt.date) -> dict:
    return {
        "date": date, "treatment": "deep_massage", "duration_min": 45, "pressure": 5, "pain_before": 5,
        "pain_after": 4,
    }  # fmt: skip


@pytest.fixture
def karen(store: Storage) -> int:
    """A client with an older session and one today."""
    record = store.create_client({"name": "Karen Holm", "birth_year": YEAR - 50, "consent_health_data": True}, PROFILE)
    store.add_session(record.id, session(dt.date.today() - dt.timedelta(days=14)))
    store.add_session(record.id, session(dt.date.today()))
    return record.id


def run(at: AppTest) -> AppTest:
    at = at.run()
    assert not at.exception, [line for e in at.exception for line in (e.value, *e.stack_trace)]
    return at


def assessed(lang: str = "en", **answers) -> AppTest:
    """The consultation inside the app, filled in and assessed."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE)
    at = run(at)
    fill(at, **answers)
    [button] = [b for b in at.button if b.key == f"FormSubmitter:{K}-{translate('widgets.consult.submit', lang)}"]
    return run(button.click())


def shown(at: AppTest) -> str:
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "subheader")
    return "\n".join(e.value for kind in kinds for e in at.get(kind))


def checks_audited(store: Storage) -> list[audit.Entry]:
    return [e for e in audit.entries(store.engine, limit=1000) if e.action == "record_check"]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_assessing_stores_nothing_and_offers_no_hand_over_yet(store: Storage, karen: int, lang: str) -> None:
    before = record_rows(store)
    at = assessed(lang, symptoms={"soreness": "severe"}, treatment="deep_massage")
    assert translate("consult.save.title", lang) in shown(at)
    assert "consult_to_planner" not in [b.key for b in at.button]
    assert record_rows(store) == before


def test_saved_on_an_existing_clients_todays_session_then_planned(store: Storage, karen: int) -> None:
    before = record_rows(store)
    at = assessed("en", symptoms={"soreness": "severe"}, treatment="deep_massage")
    at = run(at.text_input(key=f"{S}.pick.query").input("kar"))
    at = run(at.selectbox(key=f"{S}.pick.client").set_value(karen))
    today = store.list_sessions(karen)[-1]
    assert at.selectbox(key=f"{S}.session.{karen}").value == today.id  # today's session, preselected
    at = run(at.button(key=f"{S}.save").click())
    assert record_rows(store) == {**before, "checks": before["checks"] + 1}
    [check] = store.list_checks(karen)
    assert check.session_id == today.id and check.level.value == "contact_therapist"
    [row] = checks_audited(store)  # the same audit as a check saved in the record
    assert (row.actor, row.client_id) == ("test-therapist", karen)
    where = translate("consult.save.saved_session", "en", number=2)
    assert translate("consult.save.saved", "en", name="Karen Holm", where=where) in [s.value for s in at.success]
    assert f"{S}.save" not in [b.key for b in at.button], "saved once: no second save of the same answers"

    at = run(at.button(key="consult_to_planner").click())  # the hand-over: the planner, with Karen chosen
    assert at.radio(key="planner.source").value == "client"
    assert at.selectbox(key="planner.pick.client").value == karen
    level = translate("level.contact_therapist", "en")
    assert translate("planner.handover", "en", level=level) in [i.value for i in at.info]
    assert at.number_input(key=f"planner.c{karen}.age").value == 50  # the record's, never an invented client
    assert len(at.metric) == 3
    assert PLANNER_PREFILL not in at.session_state
    assert record_rows(store) == {**before, "checks": before["checks"] + 1}


def test_a_check_may_be_linked_to_no_session(store: Storage, karen: int) -> None:
    at = assessed("en")
    at = run(at.selectbox(key=f"{S}.pick.client").set_value(karen))
    at = run(at.selectbox(key=f"{S}.session.{karen}").set_value(0))
    at = run(at.button(key=f"{S}.save").click())
    [check] = store.list_checks(karen)
    assert check.session_id is None
    assert translate("consult.save.saved_unlinked", "en") in "\n".join(s.value for s in at.success)


def new_client(at: AppTest, name: str, consent: bool) -> AppTest:
    at = run(at.radio(key=f"{S}.who").set_value("new"))
    form = f"{S}.new.0"
    at.text_input(key=f"{form}.name").input(name)
    at.number_input(key=f"{form}.birth_year").set_value(YEAR - 40)
    if consent:
        at.checkbox(key=f"{form}.consent").check()
    [button] = [b for b in at.button if b.key.startswith(f"FormSubmitter:{form}")]
    return run(button.click())


def test_saved_on_a_new_client(store: Storage) -> None:
    before = record_rows(store)
    at = new_client(assessed("en"), "Sofie Lund", consent=True)
    [client] = store.search_clients("sofie").items
    assert at.selectbox(key=f"{S}.pick.client").value == client.id  # the new client, chosen
    at = run(at.button(key=f"{S}.save").click())
    rows = record_rows(store)
    assert rows["clients"] == before["clients"] + 1 and rows["checks"] == before["checks"] + 1
    assert len(store.list_checks(client.id)) == 1


def test_without_consent_nothing_is_saved(store: Storage) -> None:
    at = new_client(assessed("en"), "Bo Dal", consent=False)
    before = record_rows(store)
    assert translate("consult.save.no_consent", "en") in [w.value for w in at.warning]
    assert f"{S}.save" not in [b.key for b in at.button]
    assert record_rows(store) == before


@pytest.mark.parametrize("lang", ["da", "en"])
def test_an_invalid_new_client_is_explained_and_creates_nothing(store: Storage, lang: str) -> None:
    before = record_rows(store)
    at = new_client(assessed(lang), "", consent=True)
    assert [e.value for e in at.error if e.icon == ":material/error:"], "the missing name is explained"
    assert record_rows(store) == before


def test_new_answers_can_be_saved_again(store: Storage, karen: int) -> None:
    at = assessed("en")
    at = run(at.selectbox(key=f"{S}.pick.client").set_value(karen))
    at = run(at.button(key=f"{S}.save").click())
    fill(at, symptoms={"soreness": "severe"}, treatment="deep_massage")
    [button] = [b for b in at.button if b.key.startswith(f"FormSubmitter:{K}-")]
    at = run(button.click())
    assert f"{S}.save" in [b.key for b in at.button]
