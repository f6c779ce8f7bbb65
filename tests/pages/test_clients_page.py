"""The client list: search, filters and paging over clients seeded through the Storage API; a new
client is validated before anything is written."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from logic.models import RED_FLAG_KEYS
from logic.storage import Storage
from tests import REPO
from tests.pages.page_support import record_rows
from ui.i18n import translate
from ui.records import RECORD_ID

APP = REPO / "app.py"
PAGE = "pages/therapist/clients.py"
NEW = "clients.new"
YEAR = dt.date.today().year

PROFILE = {
    "massage_experience": "regular",
    "condition_months": 8,
    "trigger_points": "few",
    "trigger_point_severity": "mild",
    "stressors": False,
    "bad_experience_before": False,
    "known_fainting_tendency": False,
    "disclosed_conditions": [],
    "conditions_reviewed": True,
}


def client(store: Storage, name: str, age: int, **profile) -> int:
    return store.create_client(
        {"name": name, "birth_year": YEAR - age, "consent_health_data": True}, {**PROFILE, **profile}, ["neck_back"]
    ).id


def check(store: Storage, client_id: int, level: str) -> None:
    """A stored reaction check that reached `level` (only the answers its route needs)."""
    flags = {key: False for key in RED_FLAG_KEYS}
    assessment = {
        "level": level, "progress_sign": False, "reasons": [], "path": ["n_red_flags"], "leaf": "l_test",
        "engine_version": "test", "advice": {"now": "-", "escalate_if": []},
    }  # fmt: skip
    store.record_check(client_id, {"answers": {"red_flags": flags}, "assessment": assessment})


@pytest.fixture
def seeded(store: Storage) -> dict[str, int]:
    ids = {
        "Anne Hansen": client(store, "Anne Hansen", 72),
        "Bo Hansen": client(store, "Bo Hansen", 35, known_fainting_tendency=True),
        "Karen Nielsen": client(store, "Karen Nielsen", 48, disclosed_conditions=["astma"], conditions_reviewed=False),
        "Åse Østergaard": client(store, "Åse Østergaard", 66),
    }
    check(store, ids["Anne Hansen"], "expected")
    check(store, ids["Bo Hansen"], "contact_therapist")
    check(store, ids["Karen Nielsen"], "expected")
    return ids


def open_list(lang: str = "da") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def listed(at: AppTest) -> list[str]:
    """The names in the list, in order (each row starts with the name in bold)."""
    return [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**") and ":gray[" in m.value]


def shown(at: AppTest) -> str:
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def rerun(target) -> AppTest:
    """Run the app again (from the AppTest or from a widget just changed) and check it ran cleanly."""
    at = target.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def submit_new(at: AppTest) -> AppTest:
    [button] = [b for b in at.button if b.key.startswith("FormSubmitter:clients.new")]
    return rerun(button.click())


def test_lists_every_client_in_name_order_with_level_and_badges(seeded: dict[str, int]) -> None:
    at = open_list("da")
    assert listed(at) == ["Anne Hansen", "Bo Hansen", "Karen Nielsen", "Åse Østergaard"]
    assert translate("records.clients.showing", "da", first=1, last=4, total=4) in shown(at)
    text = shown(at)
    # Level in icon and words, badges with icons; each row links to its record.
    assert ":green-badge[:material/check_circle: Forventet eftervirkning]" in text
    assert ":yellow-badge[:material/support_agent: Skulle kontakte behandleren]" in text
    assert ":gray-badge[:material/remove: Intet reaktionstjek endnu]" in text  # Åse: no check yet
    for badge in ("elderly", "fainting_tendency", "disclosures_not_reviewed"):
        assert translate(f"records.badge.{badge}", "da") in text
    hrefs = [link.proto.query_string for link in at.get("page_link")]
    assert sorted(hrefs) == sorted(f"id={i}" for i in seeded.values())


def test_search_by_part_of_a_name_ignores_case(seeded: dict[str, int]) -> None:
    at = open_list("en")
    at.text_input(key="clients.query").input("HANS")
    rerun(at)
    assert listed(at) == ["Anne Hansen", "Bo Hansen"]
    at.text_input(key="clients.query").input("anne han")
    rerun(at)
    assert listed(at) == ["Anne Hansen"]
    at.text_input(key="clients.query").input("øster")
    rerun(at)
    assert listed(at) == ["Åse Østergaard"]
    at.text_input(key="clients.query").input("zz")
    rerun(at)
    assert listed(at) == []
    assert translate("records.clients.none", "en") in shown(at)


def test_filters_by_badges_and_latest_levels(seeded: dict[str, int]) -> None:
    at = open_list("da")
    at.multiselect(key="clients.flags").set_value(["elderly"])
    rerun(at)
    assert listed(at) == ["Anne Hansen", "Åse Østergaard"]  # 72 and 66, from the clinic's 65
    at.multiselect(key="clients.flags").set_value(["elderly", "fainting_tendency"])
    rerun(at)
    assert listed(at) == []  # all chosen badges must hold
    at.multiselect(key="clients.flags").set_value([])
    at.multiselect(key="clients.levels").set_value(["expected"])
    rerun(at)
    assert listed(at) == ["Anne Hansen", "Karen Nielsen"]
    at.multiselect(key="clients.levels").set_value(["contact_therapist", "expected"])
    rerun(at)
    assert listed(at) == ["Anne Hansen", "Bo Hansen", "Karen Nielsen"]  # merged in name order
    at.text_input(key="clients.query").input("hansen")
    rerun(at)
    assert listed(at) == ["Anne Hansen", "Bo Hansen"]


def test_pages_of_25_with_next_and_previous(store: Storage) -> None:
    for number in range(1, 31):
        client(store, f"Klient {number:02d}", 40)
    at = open_list("da")
    assert listed(at) == [f"Klient {n:02d}" for n in range(1, 26)]
    assert translate("records.clients.page", "da", page=1, pages=2) in shown(at)
    assert at.button(key="clients.prev").disabled
    rerun(at.button(key="clients.next").click())
    assert listed(at) == [f"Klient {n:02d}" for n in range(26, 31)]
    assert translate("records.clients.showing", "da", first=26, last=30, total=30) in shown(at)
    assert at.button(key="clients.next").disabled
    rerun(at.button(key="clients.prev").click())
    assert listed(at)[0] == "Klient 01"
    # A new search starts on the first page again.
    rerun(at.button(key="clients.next").click())
    at.text_input(key="clients.query").input("klient")
    rerun(at)
    assert listed(at)[0] == "Klient 01"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_long_list_says_more_than_and_pages_on_to_its_exact_end(store: Storage, lang: str) -> None:
    """The storage counts up to a bound (100, or the end of the page asked for): beyond it the list says
    "more than"; the last page, and a search with fewer matches, give the exact number again."""
    for number in range(1, 131):
        client(store, f"Klient {number:03d}", 40)
    at = open_list(lang)
    assert listed(at) == [f"Klient {n:03d}" for n in range(1, 26)]
    text = shown(at)
    assert translate("records.clients.showing_more", lang, first=1, last=25, total=100) in text
    assert translate("records.clients.page_more", lang, page=1, pages=4) in text
    assert at.button(key="clients.prev").disabled and not at.button(key="clients.next").disabled
    for _ in range(4):
        rerun(at.button(key="clients.next").click())
    assert listed(at) == [f"Klient {n:03d}" for n in range(101, 126)]
    text = shown(at)
    assert translate("records.clients.showing_more", lang, first=101, last=125, total=125) in text
    assert translate("records.clients.page_more", lang, page=5, pages=5) in text
    rerun(at.button(key="clients.next").click())
    assert listed(at) == [f"Klient {n:03d}" for n in range(126, 131)]
    text = shown(at)
    assert translate("records.clients.showing", lang, first=126, last=130, total=130) in text
    assert translate("records.clients.page", lang, page=6, pages=6) in text
    assert at.button(key="clients.next").disabled
    # A narrower search counts exactly: "1" starts the numbers 100-130.
    at.text_input(key="clients.query").input("1")
    rerun(at)
    assert listed(at) == [f"Klient {n:03d}" for n in range(100, 125)]
    text = shown(at)
    assert translate("records.clients.showing", lang, first=1, last=25, total=31) in text
    assert translate("records.clients.page", lang, page=1, pages=2) in text
    assert "more than" not in text and "flere end" not in text


def test_several_levels_page_like_one(store: Storage) -> None:
    ids = [client(store, f"Klient {n:02d}", 40) for n in range(1, 31)]
    for n, client_id in enumerate(ids, start=1):
        check(store, client_id, "expected" if n % 2 else "healing_crisis")
    at = open_list("en")
    at.multiselect(key="clients.levels").set_value(["expected", "healing_crisis"])
    rerun(at)
    assert listed(at) == [f"Klient {n:02d}" for n in range(1, 26)]
    rerun(at.button(key="clients.next").click())
    assert listed(at) == [f"Klient {n:02d}" for n in range(26, 31)]


def fill_new(at: AppTest, name: str = "Mette Holm", year: int | None = 1961, consent: bool = True) -> None:
    at.text_input(key=f"{NEW}.name").input(name)
    if year is not None:
        at.number_input(key=f"{NEW}.birth_year").set_value(year)
    if consent:
        at.checkbox(key=f"{NEW}.consent").check()
    at.selectbox(key=f"{NEW}.profile.experience").set_value("first_time")
    at.number_input(key=f"{NEW}.profile.months").set_value(3.0)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_invalid_new_client_is_explained_and_changes_nothing(store: Storage, lang: str) -> None:
    before = record_rows(store)
    at = open_list(lang)
    fill_new(at, name="", consent=False)
    submit_new(at)
    errors = [e.value for e in at.error]
    assert translate("records.new.consent_required", lang) in errors
    name = translate("records.client.name", lang)
    too_short = {"da": "er for kort", "en": "is too short"}[lang]
    assert f"{name}: {too_short}" in errors
    assert record_rows(store) == before
    assert listed(at) == []


def test_missing_birth_year_and_profile_are_named(store: Storage) -> None:
    before = record_rows(store)
    at = open_list("da")
    at.text_input(key=f"{NEW}.name").input("Mette Holm")
    at.checkbox(key=f"{NEW}.consent").check()
    submit_new(at)
    errors = [e.value for e in at.error]
    assert "Fødselsår: skal udfyldes" in errors
    assert "Erfaring med massage: skal udfyldes" in errors
    assert "Hvor længe har generne varet? (måneder): skal udfyldes" in errors
    at.number_input(key=f"{NEW}.birth_year").set_value(1850)
    submit_new(at)
    assert any(line.startswith("Fødselsår: er ugyldig: must be between") for line in (e.value for e in at.error))
    assert record_rows(store) == before


def test_valid_new_client_is_created_and_opened(store: Storage) -> None:
    before = record_rows(store)
    at = open_list("da")
    fill_new(at, name="  Mette <b>Holm</b>  ")
    at.text_input(key=f"{NEW}.contact").input("mette@example.com")
    submit_new(at)
    after = record_rows(store)
    assert after["clients"] == before["clients"] + 1
    [created] = store.search_clients("mette").items
    record = store.get_client(created.id)
    assert record.name == "Mette <b>Holm</b>"  # stored as typed (trimmed), shown as text
    assert record.consent_health_data and record.consent_date == dt.date.today()
    assert record.profile is not None and record.profile.massage_experience.value == "first_time"
    # The new client's record opens, with a note that shows the name as text, not HTML.
    assert at.query_params["id"] == str(created.id)
    assert at.session_state[RECORD_ID] == created.id
    success = [s.value for s in at.success]
    assert any("Mette \\<b\\>Holm\\</b\\>" in s for s in success), success
    assert not any("<b>" in m.value and "\\<b\\>" not in m.value for m in at.markdown)


@pytest.mark.parametrize(
    "lang, name, message",
    [
        ("da", "\u200b\u200c\u2060", "indeholder kun usynlige tegn"),
        ("en", "\u3164 \u200b", "contains only invisible characters"),
        ("en", "Ann\u202eA", "changes the writing direction (U+202E)"),
        ("da", "Ann\u2066B", "vender skriveretningen (U+2066)"),
    ],
)
def test_an_invisible_or_reversed_name_is_explained_and_changes_nothing(
    store: Storage, lang: str, name: str, message: str
) -> None:
    before = record_rows(store)
    at = open_list(lang)
    fill_new(at, name=name)
    submit_new(at)
    label = translate("records.client.name", lang)
    assert any(e.value.startswith(f"{label}: ") and message in e.value for e in at.error), [e.value for e in at.error]
    assert record_rows(store) == before
    assert listed(at) == []
