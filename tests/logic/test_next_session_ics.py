"""The plan's next date as a calendar event: an all-day .ics event that a calendar reads back, with
the title, the clinic and the day only; a named client's event is an audited export (one row per file)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from logic import next_session
from logic.auth import audit
from logic.storage import Storage
from tests.storage_fixtures import database_url, settings, storage  # noqa: F401  (the fixtures: SQLite and PostgreSQL)

WHEN = dt.date(2026, 12, 3)


def event_of(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"] == next_session.PRODUCT_ID
    [event] = calendar.walk("VEVENT")
    return event


def test_an_all_day_event_on_the_suggested_day() -> None:
    data = next_session.next_session_ics(WHEN, "Reaktionsguide: næste behandling", "Klinik Ærø")
    event = event_of(data)
    assert event["DTSTART"].dt == WHEN and not isinstance(event["DTSTART"].dt, dt.datetime)
    assert event["DTEND"].dt == WHEN + dt.timedelta(days=1)
    assert str(event["SUMMARY"]) == "Reaktionsguide: næste behandling"  # Danish letters survive
    assert str(event["LOCATION"]) == "Klinik Ærø"
    assert event["UID"] and event["DTSTAMP"].dt.tzinfo is not None
    # Nothing but the title, the place and the day: no description, attendee or note fields.
    assert {key for key in event} == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "TRANSP"}


def test_two_events_have_their_own_ids() -> None:
    first, second = (event_of(next_session.next_session_ics(WHEN, "x", "y")) for _ in range(2))
    assert first["UID"] != second["UID"]


# Text as the app's rules let it in (logic/text_rules.py: no control characters), with the file's own
# syntax characters among it.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from(',;:\\"æøåÆØÅ'), min_size=1, max_size=60
)


@given(TEXT, TEXT)
def test_any_title_and_clinic_read_back_unchanged(title: str, clinic: str) -> None:
    """Commas, semicolons, colons, quotes and backslashes are escaped, never read as the file's syntax."""
    event = event_of(next_session.next_session_ics(WHEN, title, clinic))
    assert (str(event["SUMMARY"]), str(event["LOCATION"])) == (title, clinic)


def test_a_named_clients_event_is_audited(storage: Storage) -> None:  # noqa: F811  (the fixture)
    client = storage.create_client({"name": "Karen Holm", "birth_year": 1970, "consent_health_data": True})
    data = next_session.export_for_client(
        storage, client.id, WHEN, "Reaktionsguide: next session – Karen Holm", "Klinik"
    )
    assert str(event_of(data)["SUMMARY"]).endswith("Karen Holm")
    rows = [e for e in audit.entries(storage.engine, limit=100) if e.action == audit.EXPORT_CLIENT]
    assert [(r.client_id, r.detail) for r in rows] == [(client.id, {"format": "ics", "content": "next_session"})]


@pytest.mark.parametrize("when", [dt.date(2026, 2, 28), dt.date(2028, 2, 29), dt.date(2026, 12, 31)])
def test_month_and_year_ends(when: dt.date) -> None:
    event = event_of(next_session.next_session_ics(when, "x", "y"))
    assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(days=1)
