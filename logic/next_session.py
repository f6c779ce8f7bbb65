"""The plan's next date as a calendar event (.ics, RFC 5545) for the clinic's own calendar.

The event says only what a calendar needs: a title ("Reaktionsguide: next session", in the user's
language, given by the caller), the clinic's name as the place, and the day (an all-day event: the
plan suggests a day, "around" which the clinic books a time). Nothing about the client's health
(no reaction level, no condition, no reasons) goes into it. When the title names a client, the file
is an export of that client's data, and `export_for_client` writes its audit row first.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from .auth import audit

if TYPE_CHECKING:
    from .storage import Storage

PRODUCT_ID = "-//Reaktionsguide//Next session//EN"
MIME = "text/calendar"


def next_session_ics(
    when: dt.date, title: str, clinic_name: str, *, stamp: dt.datetime | None = None, uid: str | None = None
) -> bytes:
    """One all-day event on `when`, titled `title`, at `clinic_name`."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid or f"{uuid.uuid4()}@reaktionsguide")
    event.add("dtstamp", stamp or dt.datetime.now(dt.UTC))
    event.add("dtstart", when)
    event.add("dtend", when + dt.timedelta(days=1))
    event.add("summary", title)
    event.add("location", clinic_name)
    event.add("transp", "TRANSPARENT")  # a suggested day, not yet a booked time
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def export_for_client(storage: Storage, client_id: int, when: dt.date, title: str, clinic_name: str) -> bytes:
    """The event of a named client's next session, and its 'export_client' audit row, committed before
    the file is returned: no export leaves without its row (as logic/auth/privacy.py's exports)."""
    data = next_session_ics(when, title, clinic_name)
    with storage.write() as session:
        audit.append(session, audit.EXPORT_CLIENT, client_id, {"format": "ics", "content": "next_session"})
    return data
