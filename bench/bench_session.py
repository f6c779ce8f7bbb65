"""Bench: what the browser-session check (ui/auth.begin_run reading the cookie's session from the
database on every run) adds to a page's run, against no check, in one run, on one SQLite database of
30 demo clients, through the app's own Storage.

    .venv/bin/python -m bench.bench_session [--runs 60]

A page's run is a rerun of an open page under app.py's shell in Streamlit's AppTest (in this process,
no browser): the clients list (its first page of clients) and a client's record (the client with the
most sessions: three Plotly figures). With the check, every run looks the session up (one indexed
read joined with its account; last_seen is written at most every 30 s, so about never within the
bench); without it, the signed-in user is taken from the session state as it stands (what a run cost
before sessions were bound to the browser). The aim: the check adds at most 5%.

With and without run in adjacent pairs (which goes first alternates); each line prints the medians and
the median of the pairs' differences (with minus without) as the overhead, so load on the machine that
changes over seconds stays out of the difference. The check alone (browser_sessions.check in a tight
loop, warm) is printed in milliseconds for reference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.streamlit_apps import signed_in_demo_clinic

ROOT = Path(__file__).resolve().parents[1]

for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.state.session_state_proxy"):
    logging.getLogger(name).disabled = True

AIM = 5.0  # per cent
USER = "bench-therapist"
PAGES = (
    ("clients list", "pages/therapist/clients.py", False),
    ("client record", "pages/therapist/client_record.py", True),
)


def paired(work: Callable[[bool], float], runs: int) -> tuple[float, float, float]:
    """`work(checked)` `runs` times each way in adjacent pairs; medians without and with, and the
    median of the pairs' differences (with minus without)."""
    without: list[float] = []
    with_check: list[float] = []
    for i in range(runs):
        for checked in (False, True) if i % 2 == 0 else (True, False):
            (with_check if checked else without).append(work(checked))
    return (
        statistics.median(without),
        statistics.median(with_check),
        statistics.median(b - a for a, b in zip(without, with_check, strict=True)),
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60, help="reruns of each page, each with and without the check")
    args, _ = parser.parse_known_args()

    with tempfile.TemporaryDirectory() as folder:
        store, secret, client = signed_in_demo_clinic(folder, USER)
        from streamlit.testing.v1 import AppTest

        import ui.auth
        from logic.auth import browser_sessions
        from ui.storage import storage

        found = browser_sessions.check(store, secret, dt.timedelta(hours=1))
        assert found is not None
        held = {"username": USER, "role": "therapist", "session": found.session_id}
        real_check = ui.auth._check_browser_session
        print(f"SQLite, 30 demo clients; the record of the client with {client.session_count} sessions")

        for title, page, is_record in PAGES:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            at.session_state["lang"] = "da"
            at.run()
            at.switch_page(page)
            if is_record:
                at.query_params["id"] = str(client.id)
            at.run()
            assert not at.exception, [e.value for e in at.exception]
            assert at.session_state["auth_user"] == held, "signed in through the check"

            def rerun(checked: bool, at: AppTest = at) -> float:
                ui.auth._check_browser_session = real_check if checked else (lambda: None)
                start = time.perf_counter()
                at.run()
                elapsed = time.perf_counter() - start
                assert not at.exception and at.session_state["auth_user"] == held
                return elapsed

            try:
                without, with_check, added = paired(rerun, args.runs)
            finally:
                ui.auth._check_browser_session = real_check
            overhead = 100 * added / without
            print(f"{title} rerun: without the check {without * 1000:.1f} ms, with {with_check * 1000:.1f} ms "
                  f"(medians of {args.runs}); with minus without, paired: {added * 1000:+.2f} ms = {overhead:+.1f}% "
                  f"(aim: at most +{AIM:g}%: {'met' if overhead <= AIM else 'MISSED'})")  # fmt: skip

        idle = dt.timedelta(minutes=30)
        alone = []
        for _ in range(400):
            start = time.perf_counter()
            browser_sessions.check(store, secret, idle)
            alone.append(time.perf_counter() - start)
        print(f"the check alone, warm (browser_sessions.check): median {statistics.median(alone) * 1000:.3f} ms")
        storage.clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
