"""Writer for the crash test: sessions with their checks, one transaction each, printing each id once committed.

    python -m tests.logic.storage.crash_writer DATABASE_URL CLIENT_ID   (from the repository root)

Prints `ready` once it has started, waits for a line on stdin (so the test can start the next writer
while this one works), then prints one session id per line, flushed after each commit, until killed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys

from logic.storage import open_storage
from tests.logic.storage import storage_helpers as h


def main(url: str, client_id: int) -> None:
    storage = open_storage(url, migrate=False)
    print("ready", flush=True)
    sys.stdin.readline()
    for n in itertools.count():
        session = storage.add_session(
            client_id,
            h.session(day=n % 365, pain_before=n % 11, pain_after=(n * 7) % 11, note="x" * (n % 2000)),
            check=h.check(checked_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n)),
        )
        print(session.id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
