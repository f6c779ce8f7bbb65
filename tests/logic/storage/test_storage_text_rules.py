"""Typed text on both databases: NUL and other control characters, direction overrides and invisible-only
text are refused by validation with a message in the user's language, nothing is saved, and nothing of
the value reaches the log (logic/text_rules.py; a failed statement's parameters are hidden too)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError

from logic.errors import explain
from logic.storage import Storage
from logic.storage.schema import Client

MARKER = "Marker4711"
YEAR = dt.date.today().year
PROFILE = {
    "massage_experience": "regular", "condition_months": 3, "trigger_points": "few",
    "trigger_point_severity": "mild", "stressors": False, "bad_experience_before": False,
    "known_fainting_tendency": False, "conditions_reviewed": True,
}  # fmt: skip
SESSION = {
    "date": dt.date(2026, 3, 2), "treatment": "deep_massage", "duration_min": 45, "pressure": 5,
    "pain_before": 5, "pain_after": 4,
}  # fmt: skip
MESSAGES = {
    "control": ("indeholder et kontroltegn (U+0000)", "contains a control character (U+0000)"),
    "escape": ("indeholder et kontroltegn (U+001B)", "contains a control character (U+001B)"),
    "bidi": ("vender skriveretningen (U+202E)", "changes the writing direction (U+202E)"),
    "invisible": ("indeholder kun usynlige tegn", "contains only invisible characters"),
}
BAD_TEXTS = {
    "control": f"{MARKER}\x00 more",
    "escape": f"{MARKER}\x1b[31m",
    "bidi": f"{MARKER}\u202etxt.exe",
    "invisible": "\u200b\u200c\u2060\ufeff",
}


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every log record of every logger, SQLAlchemy's statements included."""
    caplog.set_level(logging.DEBUG)
    return caplog


def refused(action, field: str, kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        action()
    for lang, words in zip(("da", "en"), MESSAGES[kind], strict=True):
        lines = explain(caught.value, lang)
        assert any(line.startswith(f"{field}: ") and words in line for line in lines), (lang, lines)
        assert all(MARKER not in line for line in lines)
    assert MARKER not in str(caught.value) and MARKER not in repr(caught.value)  # what a log would print


def nothing_logged(logs: pytest.LogCaptureFixture) -> None:
    assert all(MARKER not in record.getMessage() and "\x00" not in record.getMessage() for record in logs.records)
    assert MARKER not in logs.text


@pytest.mark.parametrize("kind", list(BAD_TEXTS))
def test_a_note_is_refused_and_nothing_is_saved(storage: Storage, logs, kind: str) -> None:
    client = storage.create_client({"name": "Ea", "birth_year": YEAR - 40, "consent_health_data": True})
    before = storage.count_rows()
    refused(lambda: storage.add_session(client.id, SESSION | {"note": BAD_TEXTS[kind]}), "note", kind)
    assert storage.count_rows() == before
    assert storage.list_sessions(client.id) == []
    nothing_logged(logs)


@pytest.mark.parametrize("kind", list(BAD_TEXTS))
def test_a_name_contact_or_condition_is_refused(storage: Storage, logs, kind: str) -> None:
    before = storage.count_rows()
    bad = BAD_TEXTS[kind]
    refused(lambda: storage.create_client({"name": bad, "birth_year": YEAR - 30}), "name", kind)
    refused(lambda: storage.create_client({"name": "Ib", "birth_year": YEAR - 30, "contact": bad}), "contact", kind)
    assert storage.count_rows() == before
    client = storage.create_client({"name": "Ib", "birth_year": YEAR - 30, "consent_health_data": True})
    refused(
        lambda: storage.set_risk_profile(client.id, PROFILE | {"disclosed_conditions": ["asthma", bad]}),
        "disclosed_conditions[1]",
        kind,
    )
    assert storage.get_client(client.id).profile is None
    nothing_logged(logs)


def test_a_note_keeps_its_line_breaks_and_tabs(storage: Storage) -> None:
    client = storage.create_client({"name": "Åse Ørsted", "birth_year": YEAR - 50, "consent_health_data": True})
    note = "Første linje\n\tindrykket\r\nsidste: 👍 עברית"
    stored = storage.add_session(client.id, SESSION | {"note": note})
    assert storage.list_sessions(client.id)[0].note == note == stored.note
    # A name in a right-to-left script, and a name with a zero-width joiner inside visible text, are fine.
    assert storage.create_client({"name": "דוד כהן", "birth_year": YEAR - 20}).name == "דוד כהן"
    assert storage.create_client({"name": "Sø\u200dren", "birth_year": YEAR - 20}).name == "Sø\u200dren"


def test_a_failed_statement_never_shows_its_values(storage: Storage, logs) -> None:
    """Whatever a database refuses (here: a client id taken twice), its error names the statement only."""
    client = storage.create_client({"name": "Bo", "birth_year": YEAR - 30})
    now = dt.datetime.now(dt.UTC)
    with pytest.raises(DBAPIError) as caught, storage.write() as session:
        session.add(Client(id=client.id, name=f"{MARKER} secret", birth_year=1980, created_at=now, updated_at=now))
        session.flush()
    assert MARKER not in str(caught.value)
    assert "hide_parameters" in str(caught.value)
    nothing_logged(logs)
