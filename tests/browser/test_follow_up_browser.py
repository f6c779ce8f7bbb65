"""The whole follow-up loop in real browsers, on a server of the test's own.

A therapist saves a session and downloads its aftercare sheet: the PDF's text holds the clinic's number,
112 and the follow-up link, and its QR code decodes (zxing-cpp) to that same link. A client's phone
(a second browser context, 390x844) opens the link: the treatment is filled in, no name, contact or
condition is in the page or in any websocket frame; the client answers, ticks the box, sends, and sees
"sent". The therapist's follow-up list shows the report first, with its level; the record shows it as
client-reported. A wrong link gets the ordinary self-check with a note and stores nothing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from logic import follow_up
from logic.auth import accounts
from logic.models import RED_FLAG_KEYS
from logic.reaction import assessment_for, walk
from logic.settings import ClinicSettings
from logic.storage import follow_ups as fu
from logic.storage import open_storage
from tests.browser.browser_support import PHONE_VIEWPORT, run_streamlit, screenshot, settled, sign_in
from tests.browser.test_self_check_browser import TIMEOUT, next_question, question, tick
from tests.pgcluster import free_port

USER, PASSWORD = "thera", "therapist pass 1"
NAME, CONTACT, CONDITION = "Karen Kvist", "karen.kvist@example.org", "Morbus Bechterew"
OTHER = "Lone Lind"
CLINIC, CLINIC_PHONE = "Klinik Nørrebro", "33 12 34 56"
PLANNER_TAB = "Planner"


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[tuple[str, Path, int]]:
    """A server whose public address is known before it starts (the sheet prints it), with one therapist,
    the client with an earlier session, and another client with an older, milder unseen report."""
    data = tmp_path / "clinic"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = ClinicSettings(data_dir=data, database_url=None)
    with open_storage(f"sqlite:///{data}/reaktionsguide.db", settings) as store:
        accounts.create_user(store, USER, PASSWORD, "therapist")
        profile = {"massage_experience": "regular", "condition_months": 12, "trigger_points": "many",
                   "trigger_point_severity": "moderate", "stressors": False, "bad_experience_before": False,
                   "known_fainting_tendency": False, "disclosed_conditions": [CONDITION], "conditions_reviewed": True}  # fmt: skip
        session = {"date": "2026-03-02", "treatment": "trigger_point_therapy", "duration_min": 45, "pressure": 5,
                   "pain_before": 6, "pain_after": 4, "regions": ["neck_back"]}  # fmt: skip
        other = store.create_client({"name": OTHER, "birth_year": 1960, "consent_health_data": True}, profile)
        store.add_session(other.id, session)
        token, _ = fu.create_link(store, other.id)
        no_flags = dict.fromkeys(RED_FLAG_KEYS, False)
        answers = {"red_flags": no_flags, "known_fainting_tendency": False, "symptoms": {}, "trajectory": "improving",
                   "worsening_hours": 0, "pain_before": 5, "pain_now": 3, "feels_like": "bruise_or_irritation",
                   "new_pain_elsewhere": "none"} | fu.resolve(store, token).prefill()  # fmt: skip
        walked = walk(answers, settings)
        fu.submit(store, token, "10.9.9.9", dict(walked.answers), assessment_for(walked, "da", settings))
        client = store.create_client(
            {"name": NAME, "birth_year": 1975, "consent_health_data": True, "contact": CONTACT}, profile
        )
        store.add_session(client.id, session)
    env = {
        "REAKTIONSGUIDE_PUBLIC_URL": base,
        "REAKTIONSGUIDE_CLINIC_NAME": CLINIC,
        "REAKTIONSGUIDE_CLINIC_PHONE": CLINIC_PHONE,
    }
    with run_streamlit(data, env, port) as server:
        assert server == base
        yield server, data, client.id


def past_a_cold_start(page: Page) -> None:
    """A server's very first page run may first show Streamlit's "Page not found" dialog over the page
    it then runs (a cold start's quirk, whichever public page is opened first): close it."""
    settled(page)
    dialog = page.get_by_role("dialog").filter(has_text="Page not found")
    if dialog.count():
        dialog.get_by_role("button", name="Close").click()
        expect(dialog).to_have_count(0)


def frames_of(page: Page) -> list[str]:
    """Every websocket frame the page receives, decoded (Streamlit's ForwardMsg as text)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    received: list[str] = []

    def on_websocket(ws) -> None:
        def on_frame(payload) -> None:
            if isinstance(payload, bytes):
                msg = ForwardMsg()
                msg.ParseFromString(payload)
                received.append(str(msg))
            else:
                received.append(payload)

        ws.on("framereceived", on_frame)

    page.on("websocket", on_websocket)
    return received


def no_personal_data(text: str) -> None:
    for secret in (NAME, "Karen", "Kvist", CONTACT, CONDITION, "Bechterew"):
        assert secret not in text


def client_checks(data: Path, client_id: int) -> list:
    with open_storage(f"sqlite:///{data}/reaktionsguide.db", ClinicSettings(data_dir=data)) as store:
        return [c for c in store.list_checks(client_id) if c.source == follow_up.CLIENT]


def test_the_whole_follow_up_loop(clinic, browser: Browser, page: Page) -> None:
    server, data, client_id = clinic
    # The therapist saves today's session on the record.
    sign_in(page, server, USER, PASSWORD)
    page.get_by_role("link", name="Clients").click()
    settled(page)
    page.get_by_text(NAME).first.wait_for(timeout=TIMEOUT)
    page.locator(f".st-key-client-row-{client_id}").get_by_role("link", name="Open record").click()
    settled(page)
    page.get_by_role("tab", name="Sessions").click()
    settled(page)
    page.get_by_label("Pain before (0-10)", exact=True).first.fill("6")
    page.get_by_label("Pain after (0-10)", exact=True).first.fill("3")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("has been saved")).to_be_visible(timeout=TIMEOUT)
    settled(page)

    # ... and downloads its aftercare sheet.
    page.get_by_role("tab", name="Follow-up").click()
    settled(page)
    with page.expect_download(timeout=TIMEOUT) as download_info:
        page.get_by_role("button", name="Download aftercare sheet (PDF)").click()
    pdf = Path(download_info.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    [link] = [word for word in text.split() if word.startswith(f"{server}/follow-up?t=")]
    assert CLINIC_PHONE in text and "112" in text and CLINIC in text
    decoded = [
        b.text for image in reader.pages[0].images for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    ]
    assert decoded == [link]
    no_personal_data(text)

    # A client's phone opens the link.
    phone_context = browser.new_context(viewport=PHONE_VIEWPORT, locale="en-GB")
    try:
        phone = phone_context.new_page()
        frames = frames_of(phone)
        response = phone.goto(link)
        assert response is not None and response.ok
        html = phone.content()
        question(phone, "Do you have any of these signs right now?")
        expect(phone.get_by_text(f"Follow-up from {CLINIC}")).to_be_visible(timeout=TIMEOUT)
        expect(phone.get_by_text("Filled in by the clinic: Trigger-point therapy")).to_be_visible(timeout=TIMEOUT)
        past_a_cold_start(phone)
        tick(phone, "Dark urine (cola or tea coloured)")
        next_question(phone)
        expect(phone.get_by_text("See a doctor today").first).to_be_visible(timeout=TIMEOUT)
        send = phone.get_by_role("button", name="Send")
        consent = phone.get_by_role("checkbox", name=f"Send my answers to {CLINIC}")
        expect(consent).not_to_be_checked()
        send.click()  # without the tick: nothing is stored
        expect(phone.get_by_text("if you want to send them. Nothing has been sent.")).to_be_visible(timeout=TIMEOUT)
        assert client_checks(data, client_id) == []
        phone.get_by_test_id("stCheckbox").filter(has_text=f"Send my answers to {CLINIC}").click()
        send.click()
        expect(phone.get_by_text(f"Sent. {CLINIC} has received your answers.")).to_be_visible(timeout=TIMEOUT)
        settled(phone)
        screenshot(phone, "follow-up-phone-sent")
        html += phone.content()
        no_personal_data(html)
        assert frames and "Trigger-point therapy" in "\n".join(frames)  # the frames were captured
        no_personal_data("\n".join(frames))
    finally:
        phone_context.close()
    [check] = client_checks(data, client_id)
    assert check.level.value == "doctor_today"

    # The therapist's follow-up list shows it first, highlighted, with its level.
    page.get_by_role("link", name="Follow-ups").click()
    settled(page)
    first = page.get_by_test_id("stVerticalBlock").filter(has_text="Mark as seen").filter(has_text=NAME).first
    expect(first).to_be_visible(timeout=TIMEOUT)
    rows = page.get_by_role("button", name="Mark as seen")
    expect(rows).to_have_count(2)
    urgent = page.get_by_test_id("stAlertContentError").filter(has_text=NAME)
    expect(urgent).to_contain_text("Was to see a doctor today")
    order = page.locator("[class*='st-key-follow-up-']").all_inner_texts()
    assert NAME in order[0] and OTHER in order[1], order
    screenshot(page, "follow-up-list")
    # Opening it goes to the record, which shows the check as client-reported.
    page.locator("[class*='st-key-follow-up-']").first.get_by_role("link", name="Open the record").click()
    settled(page)
    page.get_by_role("tab", name="Reaction check").click()
    settled(page)
    expect(page.get_by_text("Client (link)", exact=True).first).to_be_attached(timeout=TIMEOUT)
    # ... and the planner's history counts it, as the client's own report.
    page.get_by_role("tab", name=PLANNER_TAB).click()
    settled(page)
    expect(page.get_by_text("The history includes 1 reaction checks the client sent")).to_be_visible(
        timeout=TIMEOUT
    )  # the table's cell


def test_a_wrong_link_gets_the_ordinary_self_check_and_stores_nothing(clinic, browser: Browser) -> None:
    server, data, client_id = clinic
    context = browser.new_context(viewport=PHONE_VIEWPORT, locale="en-GB")
    try:
        phone = context.new_page()
        frames = frames_of(phone)
        phone.goto(follow_up.link(server, follow_up.new_token()))
        question(phone, "Do you have any of these signs right now?")
        expect(phone.get_by_text("This link no longer works")).to_be_visible(timeout=TIMEOUT)
        past_a_cold_start(phone)
        screenshot(phone, "follow-up-phone-wrong-link")
        tick(phone, "Dark urine (cola or tea coloured)")
        next_question(phone)
        question(phone, "Was your neck treated or manipulated?")  # nothing filled in
        assert phone.get_by_role("button", name="Send").count() == 0
        no_personal_data(phone.content() + "\n".join(frames))
        assert urlsplit(phone.url).path == "/follow-up"
    finally:
        context.close()
    assert client_checks(data, client_id) == []
