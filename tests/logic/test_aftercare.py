"""The aftercare sheet (logic/aftercare.py): one A4 page in the client's language, with the clinic's
number, the emergency number, the region's out-of-hours line and the follow-up link, whose QR code
decodes (zxing-cpp) to the same link; nothing of the record the client did not know."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from logic import aftercare, follow_up
from logic.models import Treatment
from logic.settings import ClinicSettings
from logic.storage import follow_ups as fu
from logic.storage import open_storage
from tests import REPO

UTC = dt.UTC
SETTINGS = dict(
    clinic_name="Klinik Ærø", clinic_phone="33 12 34 56", clinic_email="kontakt@klinik.dk",
    clinic_opening_hours="Man-fre 9-16", public_url="https://reaktion.klinik.dk",
)  # fmt: skip
LINK = follow_up.link("https://reaktion.klinik.dk", "A1b2" * 10 + "xyz")


def sheet(lang: str, treatment: Treatment = Treatment.trigger_point_therapy, neck: bool = False) -> aftercare.Sheet:
    return aftercare.Sheet(
        treatment=treatment, neck_treatment=neck, session_date=dt.date(2026, 9, 2),
        treated_at=dt.datetime(2026, 9, 2, 13, 0, tzinfo=UTC), link=LINK,
        link_expires=dt.datetime(2026, 9, 16, 13, 0, tzinfo=UTC), lang=lang,  # type: ignore[arg-type]
    )  # fmt: skip


def read(pdf: bytes) -> tuple[int, str, list[str]]:
    """(pages, the first page's text with lines joined, the texts its QR codes decode to)."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    decoded = [b.text for image in page.images for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))]
    return len(reader.pages), " ".join(page.extract_text().split()), decoded


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("da", ["Efter din behandling", "Klinik Ærø", "Triggerpunktbehandling", "Det kan du forvente", "(D3)",
                "Ring 112", "lægevagten i Region Hovedstaden: 1813", "Åbningstider: Man-fre 9-16"]),
        ("en", ["After your treatment", "Klinik Ærø", "Trigger-point therapy", "What to expect", "(D3)",
                "Call 112", "Region Hovedstaden): 1813", "Opening hours: Man-fre 9-16"]),
    ],
)  # fmt: skip
def test_the_sheet_in_both_languages(lang: str, words: list[str]) -> None:
    pages, text, decoded = read(aftercare.build_pdf(sheet(lang), ClinicSettings(**SETTINGS)))
    assert pages == 1
    for word in [*words, "33 12 34 56", "kontakt@klinik.dk", LINK, "(B1)"]:
        assert word in text, word
    assert decoded == [LINK]


def test_massage_cites_d2_and_trigger_point_therapy_d3() -> None:
    settings = ClinicSettings(**SETTINGS)
    _, massage, _ = read(aftercare.build_pdf(sheet("en", Treatment.deep_massage), settings))
    _, trigger, _ = read(aftercare.build_pdf(sheet("en", Treatment.trigger_point_therapy), settings))
    assert "(D2)" in massage and "(D3)" not in massage
    assert "(D3)" in trigger and "(D2)" not in trigger


def test_numbers_come_from_the_settings() -> None:
    settings = ClinicSettings(**SETTINGS, emergency_phone="999", region="sjaelland")
    _, text, _ = read(aftercare.build_pdf(sheet("da"), settings))
    assert "Ring 999" in text and "Region Sjælland: 1818" in text and "112" not in text


def test_the_record_sheet_makes_a_link_and_holds_nothing_the_client_did_not_know(tmp_path: Path) -> None:
    settings = ClinicSettings(data_dir=tmp_path / "data", database_url=None, **SETTINGS)
    with open_storage(settings=settings) as storage:
        client = storage.create_client(
            {"name": "Åse Øberg", "birth_year": 1950, "contact": "ase@example.org", "consent_health_data": True},
            {"massage_experience": "first_time", "condition_months": 2, "trigger_points": "few", "trigger_point_severity": "mild",
             "stressors": True, "bad_experience_before": True, "known_fainting_tendency": True,
             "disclosed_conditions": ["hjerteflimmer"], "conditions_reviewed": False},
        )  # fmt: skip
        storage.add_session(client.id, {
            "date": dt.date(2026, 9, 2), "treatment": "relaxation_massage", "neck_treatment": True,
            "duration_min": 60, "pressure": 3, "regions": ["neck_back"], "pain_before": 4, "pain_after": 2,
            "note": "Hemmelig note om ryggen",
        })  # fmt: skip
        pdf, address, record = aftercare.for_session(storage, client.id)
        assert address.startswith("https://reaktion.klinik.dk/follow-up?t=")
        token = address.split("t=", 1)[1]
        assert fu.resolve(storage, token) is not None and record.session_id == storage.list_sessions(client.id)[0].id
    _, text, decoded = read(pdf)
    assert decoded == [address] and address in text
    assert "Afslapningsmassage, 2026-09-02" in text and "Nakken blev også behandlet" in text and "(D2)" in text
    for secret in ("Åse", "Øberg", "ase@example.org", "hjerteflimmer", "Hemmelig", "besvim", "1950"):
        assert secret not in text


def test_the_command_line_writes_the_sheet(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = ClinicSettings(data_dir=data, database_url=None)
    with open_storage(settings=settings) as storage:
        client = storage.create_client({"name": "Bo Berg", "birth_year": 1980, "consent_health_data": True})
        storage.add_session(client.id, {
            "date": dt.date(2026, 9, 2), "treatment": "deep_massage", "duration_min": 45, "pressure": 6,
            "regions": [], "pain_before": 5, "pain_after": 3,
        })  # fmt: skip
        no_session = storage.create_client({"name": "Ida Ny", "birth_year": 1990, "consent_health_data": True})
    env = {"REAKTIONSGUIDE_DATA_DIR": str(data), "PATH": "/usr/bin:/bin", "REAKTIONSGUIDE_CLINIC_PHONE": "70 10 20 30"}
    out = tmp_path / "sheet.pdf"
    run = [sys.executable, "-m", "logic", "aftercare"]
    done = subprocess.run(
        [*run, str(client.id), "--lang", "en", "--out", str(out)], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "follow-up link 1" in done.stdout and "t=" not in done.stdout  # the token only on the sheet
    assert out.stat().st_mode & 0o777 == 0o600
    _, text, decoded = read(out.read_bytes())
    assert "After your treatment" in text and "70 10 20 30" in text and decoded[0] in text
    for bad in ([str(no_session.id)], ["999"], [str(client.id), "--session", "999"]):
        failed = subprocess.run(
            [*run, *bad, "--out", str(tmp_path / "x.pdf")], cwd=REPO, env=env, capture_output=True, text=True
        )
        assert failed.returncode == 1 and "does not exist" in failed.stderr and not (tmp_path / "x.pdf").exists()
