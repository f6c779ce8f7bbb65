"""Bench: one Argon2id password verification, and what the audit trail adds to the record page (on
against off, in one run, on one SQLite database of 30 demo clients, through the app's own Storage).

    .venv/bin/python -m bench.bench_auth [--repeat 400] [--openings 40] [--appends 2000]

"The record page's render time" is taken as what a therapist waits for when opening a record: the
page's script run (pages/therapist/client_record.py under app.py's shell, in Streamlit's AppTest, so in
this process and without a browser) in a fresh session, for the client with the most sessions, on the
default overview tab: the sign-in check, the client, the 'view_client' row, the sessions and checks,
three Plotly figures and the page's elements. With the trail on, every opening appends exactly one
view row (ui/auth.record_view audits each opening of a record; the bench counts the rows and stops if
one is missing), with it off none. This figure is judged against the aim: auditing adds at most 10%.

A Streamlit run dilutes any database cost, so a stricter figure is judged against 10% as well: the
page's storage calls alone (get_client, the view row, list_sessions, list_checks, list_plans) with a
view row on every repetition, as if every rerun were a new opening. Last, the view row alone
(audit.record_view in a tight loop, so warm: less than it adds within a page, where its code and data
are cold and the reads after it pay a little too) is printed in milliseconds, for reference.

The keyed chain (HMAC-SHA256, migration 0007) against the plain SHA-256 chain it replaced, in the
same run: one view row appended (audit.record_view) on a scratch database of its own, with the one
chain and the other in adjacent pairs, and the row's MAC or hash alone. The record page's figures
above run with the keyed chain, as the app does.

On and off run in adjacent pairs (which goes first alternates). Each line prints the medians off and
on, and the median of the pairs' differences, on minus off, as the overhead: other load on the
machine changes over seconds, a pair takes milliseconds (storage calls) or a fraction of a second
(openings), so pairing keeps most of that load out of the difference. Nothing else is adjusted or
discarded. On a busy machine the render's figure still moves by a few per cent from run to run, more
than the trail itself costs there (a fraction of a millisecond in a run of about 100 ms); the storage
calls' figure measures that cost more closely.
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
from logic.auth import audit, passwords

ROOT = Path(__file__).resolve().parents[1]

# AppTest formats widget values, and the bench reads the app's Storage, outside a script run: Streamlit
# warns about the missing run context on each (in the tests too). Silenced, so the runs print nothing.
for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.state.session_state_proxy"):
    logging.getLogger(name).disabled = True

AIM = 10.0  # per cent
RECORD_PAGE = "pages/therapist/client_record.py"
USER = "bench-therapist"


def timed(work: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        out.append(time.perf_counter() - start)
    return out


def on_against_off(store, work: Callable[[], float], repeat: int) -> tuple[float, float, float]:
    """`work` (which returns its own duration) with the trail off and on, `repeat` times each, in
    adjacent pairs (which of the two goes first alternates). Returns the medians off and on, and the
    median of the pairs' differences (on minus off)."""
    hook = store.audit
    off: list[float] = []
    on: list[float] = []
    try:
        for i in range(repeat):
            for installed in (None, hook) if i % 2 == 0 else (hook, None):
                store.audit = installed
                (on if installed else off).append(work())
    finally:
        store.audit = hook
    return statistics.median(off), statistics.median(on), statistics.median(b - a for a, b in zip(off, on, strict=True))


def keyed_against_sha(engine, keyed: audit.Trail, work: Callable[[], float], repeat: int) -> tuple[float, float, float]:
    """`work` with the plain SHA-256 chain and with the keyed one, in adjacent pairs (alternating which
    goes first); the medians (SHA, keyed) and the median paired difference."""
    sha, mac = audit.Trail(None), []
    plain: list[float] = []
    try:
        for i in range(repeat):
            for trail in (sha, keyed) if i % 2 == 0 else (keyed, sha):
                audit.use_trail(engine, trail)
                (mac if trail is keyed else plain).append(work())
    finally:
        audit.use_trail(engine, keyed)
    return (
        statistics.median(plain),
        statistics.median(mac),
        statistics.median(b - a for a, b in zip(plain, mac, strict=True)),
    )


def report(what: str, figures: tuple[float, float, float], digits: int) -> None:
    off, on, added = figures
    overhead = 100 * added / off
    print(f"{what}: audit off {off * 1000:.{digits}f} ms, on {on * 1000:.{digits}f} ms (medians); "
          f"on minus off, paired: {added * 1000:+.{digits + 1}f} ms = {overhead:+.1f}% "
          f"(aim: at most +{AIM:g}%: {'met' if overhead <= AIM else 'MISSED'})")  # fmt: skip


def view_rows(store) -> int:
    return store.count_rows()["audit_log"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=400, help="storage-call repetitions, each on and off")
    parser.add_argument("--openings", type=int, default=40, help="record openings in AppTest, each on and off")
    parser.add_argument("--appends", type=int, default=2000, help="view rows appended with each chain")
    args = parser.parse_args()

    stored = passwords.hash_password("a long password")
    verify = timed(lambda: passwords.verify(stored, "a long password"), 20)
    print(f"argon2id m={passwords.MEMORY_KIB} KiB t={passwords.TIME_COST} p={passwords.PARALLELISM}: "
          f"verify median {statistics.median(verify) * 1000:.1f} ms")  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        store, _, client = signed_in_demo_clinic(folder, USER)
        from streamlit.testing.v1 import AppTest

        from ui.storage import storage

        assert store.audit is not None, "the app's Storage has the audit trail installed"
        print(f"record: client with the most sessions ({client.session_count}), SQLite, 30 clients")

        def opening() -> float:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            at.session_state["lang"] = "da"
            at.run()
            at.switch_page(RECORD_PAGE)
            at.query_params["id"] = str(client.id)
            before = view_rows(store)
            start = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - start
            assert not at.exception, [e.value for e in at.exception]
            assert len(at.get("plotly_chart")) == 3, "the overview's three figures"
            added = view_rows(store) - before
            assert added == (1 if store.audit else 0), f"{added} audit rows for one opening"
            return elapsed

        opening()  # the first run imports the pages and fills Streamlit's caches
        report(f"record page render, one opening, one view row each with audit on (AppTest, {args.openings} pairs)",
               on_against_off(store, opening, args.openings), digits=1)  # fmt: skip

        def storage_calls() -> float:
            start = time.perf_counter()
            store.get_client(client.id)
            audit.record_view(store, client.id)
            store.list_sessions(client.id)
            store.list_checks(client.id)
            store.list_plans(client.id)
            return time.perf_counter() - start

        before = view_rows(store)
        figures = on_against_off(store, storage_calls, args.repeat)
        assert view_rows(store) - before == args.repeat, "one view row per repetition with the trail on"
        report(f"record page storage calls, a view row every time ({args.repeat} pairs)", figures, digits=2)
        off = figures[0]

        append = statistics.median(timed(lambda: audit.record_view(store, client.id), args.repeat))
        print(f"one view row alone, warm (audit.record_view, trail of {view_rows(store)} rows): "
              f"median {append * 1000:.3f} ms, {100 * append / off:.1f}% of the storage calls without audit")  # fmt: skip
        assert audit.verify(store.engine).ok
        keyed = audit.trail_for(store.engine.dialect)

        # The keyed chain against the SHA-256 chain, on a scratch database (its trail mixes the two).
        from logic.settings import get_settings
        from logic.storage import open_storage

        scratch = open_storage(f"sqlite:///{folder}/chains.db", get_settings())
        target = scratch.create_client({"name": "Chain Bench", "birth_year": 1960, "consent_health_data": True})

        def append() -> float:
            start = time.perf_counter()
            audit.record_view(scratch, target.id)
            return time.perf_counter() - start

        sha, mac, added = keyed_against_sha(scratch.engine, keyed, append, args.appends)
        print(f"audit append (one view row, SQLite, {args.appends} pairs): SHA-256 chain {sha * 1000:.3f} ms, "
              f"keyed HMAC-SHA256 chain {mac * 1000:.3f} ms (medians); keyed minus SHA, paired: "
              f"{added * 1000:+.4f} ms = {100 * added / sha:+.1f}%")  # fmt: skip
        moment = dt.datetime.now(dt.UTC)
        row = (audit.GENESIS, 123456, moment, USER, audit.VIEW_CLIENT, target.id, "{}")
        plain = statistics.median(timed(lambda: audit.Trail(None).row_mac(*row), 20000))
        keyed_mac = statistics.median(timed(lambda: keyed.row_mac(*row), 20000))
        print(f"one row's hash alone: SHA-256 {plain * 1e6:.2f} us, HMAC-SHA256 {keyed_mac * 1e6:.2f} us")
        scratch.on_close.clear()  # its mixed chain is not anchored
        scratch.close()
        storage.clear()  # closes the app's Storage before its folder goes
    return 0


if __name__ == "__main__":
    sys.exit(main())
