"""The follow-up link's page, the follow-up list, the record's follow-up tab and the clinic's contact.

The link's page runs the self-check's own widgets (tests/pages/test_self_check.py drives them); a valid
link skips what the session tells; nothing is stored without the ticked box and Send; a wrong,
expired or revoked link, or one past its bound, gets the ordinary self-check with a note, stores
nothing and shows no personal data."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from logic import follow_up
from logic.auth import audit, clinic_settings
from logic.models import RED_FLAG_KEYS, Level, Treatment
from logic.reaction import assessment_for, walk
from logic.settings import get_settings
from logic.storage import Storage
from logic.storage import follow_ups as fu
from logic.texts.vocabulary import word
from tests import REPO
from tests.pages.page_support import Downloads
from tests.pages.test_client_record_page import PROFILE, open_record, rerun, session, shown
from tests.pages.test_self_check import CONTACT_THERAPIST, EMERGENCY, card_headline, complete, on_screen
from ui.i18n import translate

PAGE = REPO / "pages" / "public" / "follow_up.py"
LIST_PAGE = "pages/therapist/follow_ups.py"
NAME, CONTACT, CONDITION = "Gitte Damgaard", "gitte@example.org", "epilepsi"
CONTACT_SETTINGS = {
    "clinic_name": "Klinik Østerbro", "clinic_phone": "33 12 34 56", "clinic_email": "kontakt@klinik.dk",
    "clinic_opening_hours": "Man-fre 9-16",
}  # fmt: skip
# The questions a link's session answers; the rest of the contact-therapist scenario stays.
LINKED = {q: a for q, a in CONTACT_THERAPIST.items() if q not in ("q_neck", "q_hours", "q_treatment")}


@pytest.fixture
def gitte(store: Storage) -> tuple[int, int]:
    clinic_settings.save(store, get_settings(), CONTACT_SETTINGS)
    record = store.create_client(
        {"name": NAME, "birth_year": 1980, "consent_health_data": True, "contact": CONTACT},
        PROFILE | {"disclosed_conditions": [CONDITION]},
        ["neck_back"],
    )  # fmt: skip
    store.add_session(record.id, session(0, 6, 4, treatment="relaxation_massage"))
    return record.id, store.list_sessions(record.id)[-1].id


def link_for(store: Storage, client_id: int) -> tuple[str, fu.LinkRecord]:
    return fu.create_link(store, client_id)


def open_link(token: str | None, lang: str = "da") -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=30)
    at.session_state["lang"] = lang
    if token is not None:
        at.query_params[follow_up.TOKEN_PARAM] = token
    return rerun(at)


def client_checks(store: Storage, client_id: int) -> int:
    return sum(1 for c in store.list_checks(client_id) if c.source == "client")


def everything(at: AppTest) -> str:
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "subheader", "text", "checkbox", "button")
    return "\n".join(
        str(getattr(e, "value", "")) + " " + str(getattr(e, "label", "")) for k in kinds for e in at.get(k)
    )


def no_personal_data(at: AppTest) -> None:
    text = everything(at)
    for secret in (NAME, "Gitte", CONTACT, CONDITION):
        assert secret not in text


@pytest.mark.signed_in(None)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_valid_link_fills_in_the_session_and_stores_only_with_consent(store: Storage, gitte, lang: str) -> None:
    client_id, session_id = gitte
    token, _ = link_for(store, client_id)
    at = open_link(token, lang)
    text = everything(at)
    assert "Klinik Østerbro" in text and "2026-01-05" in text
    assert word(Treatment.relaxation_massage, lang) in text
    no_personal_data(at)
    asked = complete(at, LINKED, lang)
    assert asked[0] == "q_red_flags" and not {"q_neck", "q_hours", "q_treatment"} & set(asked)
    assert word(Level.contact_therapist, lang, "client") in card_headline(at)
    # The clinic's contact at the contact-therapist result: a link that dials, one that writes, the hours.
    result = everything(at)
    assert "(tel:33123456)" in result and "(mailto:kontakt@klinik.dk)" in result and "Man\\-fre 9\\-16" in result
    consent = at.checkbox(key=f"followup.consent.{fu.resolve(store, token).token_id}")
    assert consent.value is False
    assert consent.label == translate("followup.consent", lang, clinic="Klinik Østerbro")
    # Send without the tick: nothing stored, a clear message.
    at = rerun(at.button(key="followup.send").click())
    assert translate("followup.send.need_consent", lang, clinic="Klinik Østerbro") in [w.value for w in at.warning]
    assert client_checks(store, client_id) == 0
    # Ticked and sent: one client-reported check on the session, audited, and "sent".
    at.checkbox(key=consent.key).check()
    at = rerun(at.button(key="followup.send").click())
    assert translate("followup.sent", lang, clinic="Klinik Østerbro") in [s.value for s in at.success]
    [check] = [c for c in store.list_checks(client_id) if c.source == "client"]
    assert check.session_id == session_id and check.level == Level.contact_therapist
    assert check.answers["treatment"] == "relaxation_massage" and check.answers["hours_since_treatment"] > 24
    actions = [e.action for e in audit.entries(store.engine, limit=1000)]
    assert fu.LINK_OPEN in actions and fu.REPORT_SENT in actions
    at = rerun(at)  # a rerun does not send again
    assert client_checks(store, client_id) == 1
    no_personal_data(at)


@pytest.mark.signed_in(None)
@pytest.mark.parametrize("case", ["wrong", "expired", "revoked", "past_bound", "missing"])
def test_an_unusable_link_gets_the_ordinary_self_check_and_stores_nothing(store: Storage, gitte, case: str) -> None:
    client_id, _ = gitte
    token, link = link_for(store, client_id)
    if case == "wrong":
        token = follow_up.new_token()
    elif case == "missing":
        token = None
    elif case == "expired":
        with store.write() as s:
            row = s.get(fu.FollowUpToken, link.id)
            row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    elif case == "revoked":
        fu.revoke_link(store, client_id, link.id)
    elif case == "past_bound":
        for n in range(link.max_reports):
            send(store, token, EMERGENCY_ANSWERS, f"10.1.1.{n}")
    before = store.count_rows()["checks"]
    at = open_link(token, "en")
    if case != "missing":
        assert translate("followup.page.invalid", "en") in [i.value for i in at.info]
    assert translate("selfcheck.privacy", "en") in [c.value for c in at.caption]
    no_personal_data(at)
    asked = complete(at, CONTACT_THERAPIST, "en")
    assert {"q_neck", "q_hours", "q_treatment"} <= set(asked)  # nothing filled in
    assert not [b for b in at.button if b.key == "followup.send"] and not at.checkbox
    assert store.count_rows()["checks"] == before
    no_personal_data(at)


NO_FLAGS = dict.fromkeys(RED_FLAG_KEYS, False)
EMERGENCY_ANSWERS = {"red_flags": NO_FLAGS | {"one_sided_numbness_or_weakness": True}}
EXPECTED_ANSWERS = {
    "red_flags": NO_FLAGS, "known_fainting_tendency": False, "symptoms": {}, "trajectory": "improving",
    "worsening_hours": 0, "pain_before": 5, "pain_now": 3, "feels_like": "bruise_or_irritation",
    "new_pain_elsewhere": "none",
}  # fmt: skip


def send(store: Storage, token: str, answers: dict, source: str) -> None:
    """What the page sends: the walk's answers with the link's prefill, and their assessment."""
    walked = walk(dict(answers, **fu.resolve(store, token).prefill()), store.settings)
    fu.submit(store, token, source, dict(walked.answers), assessment_for(walked, "da", store.settings))


@pytest.mark.signed_in(None)
def test_an_emergency_through_a_link_can_be_sent_and_shows_112_first(store: Storage, gitte) -> None:
    client_id, _ = gitte
    token, _ = link_for(store, client_id)
    at = open_link(token, "da")
    complete(at, EMERGENCY, "da")
    assert on_screen(at) is None and "tel:112" in everything(at)
    consent = next(c for c in at.checkbox if c.key.startswith("followup.consent."))
    consent.check()
    at = rerun(at.button(key="followup.send").click())
    [check] = [c for c in store.list_checks(client_id) if c.source == "client"]
    assert check.level == Level.emergency and check.report is None  # the walk ended at the first question


def test_the_follow_up_list_puts_the_most_urgent_first_and_marks_seen(store: Storage, gitte) -> None:
    client_id, _ = gitte
    other = store.create_client({"name": "Holger Ravn", "birth_year": 1950, "consent_health_data": True}, PROFILE)
    store.add_session(other.id, session(0, 5, 4))
    for who, answers in ((other.id, EXPECTED_ANSWERS), (client_id, EMERGENCY_ANSWERS)):
        send(store, link_for(store, who)[0], answers, "10.2.2.2")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(LIST_PAGE)
    at = rerun(at)
    [urgent] = at.error[1:] if len(at.error) > 1 else at.error  # the emergency line is the first error
    assert NAME in urgent.value and word(Level.emergency, "en", "record") in urgent.value
    urgent_check = next(c.id for c in store.list_checks(client_id) if c.source == "client")
    seen = [b.key for b in at.button if b.key.startswith("followup.seen.")]  # in the page's order
    assert seen[0] == f"followup.seen.{urgent_check}" and len(seen) == 2
    views = [e for e in audit.entries(store.engine, limit=1000) if e.action == fu.REPORTS_VIEW]
    assert {e.client_id for e in views} == {client_id, other.id}
    at = rerun(at.button(key=seen[0]).click())
    assert NAME not in everything(at) and "Holger Ravn" in everything(at)
    assert [e.client_id for e in audit.entries(store.engine, limit=1000) if e.action == fu.REPORT_SEEN] == [client_id]
    at = rerun(at)
    assert len([e for e in audit.entries(store.engine, limit=1000) if e.action == fu.REPORTS_VIEW]) == 2


def test_empty_follow_up_list() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["lang"] = "da"
    at.run()
    at.switch_page(LIST_PAGE)
    at = rerun(at)
    assert translate("followup.list.empty", "da") in [i.value for i in at.info]


@pytest.mark.signed_in(None)
def test_the_follow_up_list_is_not_for_visitors(store: Storage) -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at = rerun(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not registered for a visitor
        at.switch_page(LIST_PAGE)


def test_the_record_makes_the_sheet_on_the_press_and_revokes_links(store: Storage, gitte, downloads: Downloads) -> None:
    client_id, _ = gitte
    at = open_record(client_id, "en", "follow_up")
    [button] = [b for b in at.get("download_button") if b.proto.label == translate("followup.record.download", "en")]
    assert fu.links_of(store, client_id) == []  # nothing made by showing the button
    at.segmented_control(key=f"followup.lang.{client_id}").set_value("en")
    at = rerun(at)
    [button] = [b for b in at.get("download_button") if b.proto.label == translate("followup.record.download", "en")]
    pressed = downloads.press(button)
    text = PdfReader(io.BytesIO(pressed.content)).pages[0].extract_text()
    assert "After your treatment" in text and "33 12 34 56" in text and "112" in text
    for secret in (NAME, CONTACT, CONDITION):
        assert secret not in text
    [link] = fu.links_of(store, client_id)
    assert fu.preferred_language(store, client_id) == "en"
    at = rerun(at)
    assert translate("followup.state.active", "en") in shown(at)
    at = rerun(at.button(key=f"followup.revoke.{link.id}").click())
    assert fu.links_of(store, client_id)[0].state() == "revoked"
    assert translate("followup.state.revoked", "en") in shown(at)


def test_the_record_shows_each_check_by_source(store: Storage, gitte) -> None:
    client_id, _ = gitte
    send(store, link_for(store, client_id)[0], EMERGENCY_ANSWERS, "10.3.3.3")
    at = open_record(client_id, "en", "check")
    [table] = [d for d in at.dataframe if "source" in d.value.columns]
    assert list(table.value["source"]) == [translate("followup.source.client", "en")]
    # The planner's history takes the client's report as the session's level, and says so.
    request = store.plan_request_for(client_id, "relaxation_massage")
    assert request.history[-1].reaction_level == Level.emergency
    at = open_record(client_id, "en", "planner")
    assert translate("followup.record.planner", "en", count=1) in [c.value for c in at.caption]


def save_settings(at: AppTest) -> AppTest:
    [save] = [b for b in at.button if b.key.startswith("FormSubmitter:clinic_settings")]
    return rerun(save.click())


@pytest.mark.signed_in("admin")
def test_the_admin_edits_the_clinic_contact(store: Storage) -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("pages/admin/settings.py")
    at = rerun(at)
    at.text_input(key="setting.clinic_phone").input("70 20 30 40")
    at.text_input(key="setting.clinic_email").input("not an address")
    at = save_settings(at)
    email = translate("settings.field.clinic_email", "en")
    assert any(e.value.startswith(f"{email}: ") for e in at.error), [e.value for e in at.error]
    assert clinic_settings.effective(store, get_settings()).clinic_phone == ""  # nothing saved
    at.text_input(key="setting.clinic_email").input("hej@klinik.dk")
    at = save_settings(at)
    saved = clinic_settings.effective(store, get_settings())
    assert (saved.clinic_phone, saved.clinic_email) == ("70 20 30 40", "hej@klinik.dk")


@pytest.mark.signed_in(None)
def test_a_held_back_source_gets_the_self_check_and_sends_nothing(
    store: Storage, gitte, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_id, _ = gitte
    token, _ = link_for(store, client_id)
    monkeypatch.setattr("ui.follow_up.source", lambda: "203.0.113.5")  # the visitor's address as the server saw it
    # Held back for 2 minutes (the first hold, 1 s, can pass while a loaded machine runs the page).
    for _ in range(fu.throttle.POLICIES["followup"].free + 8):
        fu.count_attempt(store, "203.0.113.5")
    at = open_link(token, "en")
    assert translate("followup.page.held_back", "en") in [i.value for i in at.info]
    complete(at, CONTACT_THERAPIST, "en")
    assert not [b for b in at.button if b.key == "followup.send"]
    assert client_checks(store, client_id) == 0


@pytest.mark.signed_in(None)
def test_a_link_withdrawn_while_the_client_answers_stores_nothing(store: Storage, gitte) -> None:
    client_id, _ = gitte
    token, link = link_for(store, client_id)
    at = open_link(token, "en")
    complete(at, LINKED, "en")
    fu.revoke_link(store, client_id, link.id)  # the therapist withdraws it meanwhile
    at.checkbox(key=f"followup.consent.{link.id}").check()
    at = rerun(at.button(key="followup.send").click())  # the run of the press finds the link withdrawn
    assert translate("followup.page.invalid", "en") in [i.value for i in at.info]
    assert not at.success and client_checks(store, client_id) == 0
    no_personal_data(at)


@pytest.mark.signed_in(None)
@pytest.mark.parametrize("page", ["pages/public/self_check.py", "pages/public/decision_tree.py"])
def test_the_public_pages_show_the_clinic_contact(store: Storage, page: str) -> None:
    clinic_settings.save(store, get_settings(), CONTACT_SETTINGS)
    at = AppTest.from_file(str(REPO / page), default_timeout=30)
    at.session_state["lang"] = "da"
    at = rerun(at)
    text = everything(at)
    assert "(tel:33123456)" in text and "(mailto:kontakt@klinik.dk)" in text and "Man\\-fre 9\\-16" in text
