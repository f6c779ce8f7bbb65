"""How the client list and the record page scale: 10,000 clients against 30, in one run.

    .venv/bin/python -m bench.bench_records [--clients 10000] [--sessions 200000] [--checks 100000]

Fills two temporary SQLite databases by bulk insert (one transaction per table, rows with every
denormalized column filled as the storage would), then times, as medians over many repetitions:
- the client list: a name search, a filtered page (level and badges), the unfiltered first page;
- the record page for a client with the same number of sessions and checks in both databases:
  get_client, list_sessions, list_checks, plan_request_for.
Prints medians, large/small ratios (the aim is at most 1.5x) and the peak memory (tracemalloc) of
searches at each size. The figures are whatever this machine measures; nothing is adjusted.

Each client-list query is the same call at both sizes and returns what the clients page shows: a page
of at most 25 clients and the number of matches, counted up to 100 (">100" in the table: the page says
"more than 100"). A search that finds 1 client among 30 finds a full page among 10,000, so its ratio
includes building the 24 extra rows; "first page, no filter" returns 25 rows at both sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

from logic.demo import MEN, SURNAMES, WOMEN, no_flags
from logic.models import ReactionReport
from logic.reaction import assess
from logic.settings import ClinicSettings
from logic.storage import Storage, names, open_storage
from logic.storage.schema import Client, ClientNamePrefix, ReactionCheck, TreatmentSession, name_prefix_rows
from logic.storage.search import count_bound
from logic.storage.summaries import no_progress_from

UTC = dt.UTC
T0 = dt.datetime(2025, 1, 1, 8, tzinfo=UTC)
PROBE_SESSIONS, PROBE_CHECKS = 20, 10  # the record page's client has this many in both databases
TREATMENTS = ["relaxation_massage", "deep_massage", "trigger_point_therapy"]


def report_templates() -> list[tuple[dict, dict]]:
    """A few valid reports and the engine's assessment of each (one per level)."""
    base = {
        "hours_since_treatment": 20.0, "treatment": "deep_massage", "neck_treatment": False,
        "symptoms": {"soreness": "mild"}, "red_flags": no_flags(), "pain_before": 6, "pain_now": 5,
        "feels_like": "bruise_or_irritation", "trajectory": "improving", "worsening_hours": 0.0,
        "new_pain_elsewhere": "none", "known_fainting_tendency": False,
    }  # fmt: skip
    variants = [
        {},
        {"symptoms": {"soreness": "moderate"}, "pain_now": 7},
        {"symptoms": {"headache": "moderate"}},
        {"red_flags": no_flags(dark_urine=True)},
        {"red_flags": no_flags(chest_pain_or_breathlessness=True)},
    ]
    result = []
    for change in variants:
        report = base | change
        assessment = assess(ReactionReport.model_validate(report), "da")
        result.append((report, assessment.model_dump(mode="json")))
    return result


def fill(storage: Storage, clients: int, sessions: int, checks: int, seed: int = 1) -> int:
    """Bulk insert; returns the id of a probe client with PROBE_SESSIONS sessions and PROBE_CHECKS checks."""
    rng = random.Random(seed)
    templates = report_templates()
    year = dt.date.today().year
    # Sessions per client: the probe gets exactly PROBE_SESSIONS, the rest are spread at random.
    per_client = [0] * clients
    per_client[0] = PROBE_SESSIONS
    for _ in range(sessions - PROBE_SESSIONS):
        per_client[rng.randrange(1, clients) if clients > 1 else 0] += 1
    client_rows, prefix_rows, session_rows, check_rows = [], [], [], []
    session_id = check_id = 0
    checks_left = checks - PROBE_CHECKS
    other_sessions = max(1, sessions - PROBE_SESSIONS)
    for index in range(clients):
        cid = index + 1
        name = f"{rng.choice(WOMEN + MEN)} {rng.choice(SURNAMES)}"
        disclosed = ["diabetes"] if rng.random() < 0.2 else []
        reviewed = bool(disclosed) and rng.random() < 0.5
        first_before = latest_before = None
        latest_level = latest_at = None
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300))
        for n in range(per_client[index]):
            session_id += 1
            before = rng.randint(2, 9)
            after = max(0, before - rng.randint(0, 3))
            first_before = before if n == 0 else first_before
            latest_before = before
            session_rows.append(
                {
                    "id": session_id, "client_id": cid, "date": day, "treatment": rng.choice(TREATMENTS),
                    "neck_treatment": rng.random() < 0.2, "duration_min": 45.0, "pressure": float(rng.randint(2, 8)),
                    "regions": ["neck_back"], "pain_before": before, "pain_after": after, "note": "Bench",
                    "created_at": T0, "updated_at": T0,
                }
            )  # fmt: skip
            wants_check = n < PROBE_CHECKS if index == 0 else rng.random() < checks_left / other_sessions
            if wants_check and (index == 0 or check_id < checks):
                check_id += 1
                report, assessment = templates[rng.choices(range(5), weights=(50, 25, 15, 7, 3))[0]]
                checked_at = dt.datetime.combine(day, dt.time(20), UTC)
                check_rows.append(
                    {
                        "id": check_id, "client_id": cid, "session_id": session_id, "checked_at": checked_at,
                        "report": report, "complete": True, "level": assessment["level"],
                        "progress_sign": assessment["progress_sign"], "path": assessment["path"],
                        "reasons": assessment["reasons"], "engine_version": assessment["engine_version"],
                        "regions_now": ["neck_back"], "created_at": T0,
                    }
                )  # fmt: skip
                latest_level, latest_at = assessment["level"], checked_at
            day += dt.timedelta(days=rng.choice([7, 14, 21]))
        count = per_client[index]
        client_rows.append(
            {
                "id": cid, "name": name, "name_norm": names.normalize(name), "birth_year": year - rng.randint(20, 90),
                "contact": None, "consent_health_data": True, "consent_date": dt.date(2024, 1, 1),
                "created_at": T0, "updated_at": T0, "massage_experience": "regular", "condition_months": 6.0,
                "trigger_points": "few", "trigger_point_severity": "mild", "stressors": False,
                "bad_experience_before": False, "known_fainting_tendency": rng.random() < 0.08,
                "disclosed_conditions": disclosed, "conditions_reviewed": reviewed, "reviewed_at": T0 if reviewed else None,
                "profile_updated_at": T0, "original_pain_regions": ["neck_back"], "original_pain_recorded_at": T0,
                "session_count": count, "no_progress": no_progress_from(count, first_before, latest_before),
                "disclosures_not_reviewed": bool(disclosed) and not reviewed,
                "latest_level": latest_level, "latest_check_at": latest_at,
            }
        )  # fmt: skip
        prefix_rows += name_prefix_rows(cid, name)
    with storage.write() as s:
        conn = s.connection()
        for table, rows in (
            (Client.__table__, client_rows),
            (ClientNamePrefix.__table__, prefix_rows),
            (TreatmentSession.__table__, session_rows),
            (ReactionCheck.__table__, check_rows),
        ):
            for start in range(0, len(rows), 20_000):
                conn.execute(table.insert(), rows[start : start + 20_000])
    return 1


def paired_medians_ms(small: Callable[[], object], large: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Medians of both sizes, measured alternately so a busy machine slows both alike."""
    for _ in range(5):
        small(), large()
    times: dict[int, list[float]] = {0: [], 1: []}
    for _ in range(repeat):
        for side, action in enumerate((small, large)):
            start = time.perf_counter()
            action()
            times[side].append(time.perf_counter() - start)
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


def shape(result: object) -> str:
    """Rows returned, and for a search the matches in all (">N": more than the N it counts to)."""
    if hasattr(result, "total"):
        bound = count_bound(result.offset, result.limit)
        return f"{len(result.items)}/{f'>{bound}' if result.total > bound else result.total}"
    return str(len(result)) if isinstance(result, list) else "1"


def peak_kib(action: Callable[[], object]) -> float:
    action()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=200_000)
    parser.add_argument("--checks", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-records-") as folder:
        settings = ClinicSettings(data_dir=Path(folder), database_url=None)
        sizes = {
            "small": (30, 30 * PROBE_SESSIONS, 30 * PROBE_CHECKS),
            "large": (args.clients, args.sessions, args.checks),
        }
        stores, probes = {}, {}
        for label, (clients, sessions, checks) in sizes.items():
            t = time.perf_counter()
            stores[label] = open_storage(f"sqlite:///{folder}/{label}.db", settings)
            probes[label] = fill(stores[label], clients, sessions, checks)
            counts = stores[label].count_rows()
            print(
                f"{label}: {counts['clients']} clients, {counts['sessions']} sessions, {counts['checks']} checks "
                f"(filled in {time.perf_counter() - t:.1f} s)"
            )
        queries: dict[str, Callable[[Storage, int], object]] = {
            "search 'han' (name prefix)": lambda s, c: s.search_clients("han"),
            "search 'mette niel' (two words)": lambda s, c: s.search_clients("mette niel"),
            "filtered page (contact_therapist + elderly)": lambda s, c: s.search_clients(
                level="contact_therapist", flags=["elderly"]
            ),
            "filtered page (no_progress)": lambda s, c: s.search_clients(flags=["no_progress"]),
            "first page, no filter": lambda s, c: s.search_clients(),
            "record: get_client": lambda s, c: s.get_client(c),
            "record: list_sessions": lambda s, c: s.list_sessions(c),
            "record: list_checks": lambda s, c: s.list_checks(c),
            "record: plan_request_for": lambda s, c: s.plan_request_for(c, "deep_massage"),
        }
        print()
        print("Client-list rows: the same call at both sizes, returning what the page shows (at most 25 rows,")
        print("matches counted up to 100); a ratio over different row counts includes building the extra rows.")
        print(
            f"{'query':46} {'30 clients':>11} {f'{args.clients} clients':>15} {'ratio':>7}  rows[/matches] small -> large"
        )
        ratios = []
        for name, query in queries.items():
            small, large = paired_medians_ms(
                partial(query, stores["small"], probes["small"]),
                partial(query, stores["large"], probes["large"]),
                args.repeat,
            )
            rows = (
                f"{shape(query(stores['small'], probes['small']))} -> {shape(query(stores['large'], probes['large']))}"
            )
            ratios.append(large / small)
            print(f"{name:46} {small:9.3f}ms {large:13.3f}ms {large / small:6.2f}x  {rows}")
        print()
        memory = ("search 'han' (name prefix)", "filtered page (contact_therapist + elderly)", "first page, no filter")
        for name in memory:
            peaks = [peak_kib(partial(queries[name], stores[k], probes[k])) for k in ("small", "large")]
            print(
                f"peak memory of {name}: {peaks[0]:.0f} KiB (30 clients), {peaks[1]:.0f} KiB ({args.clients} clients)"
            )
        for store in stores.values():
            store.close()
    worst = max(ratios)
    print(f"\nworst ratio {worst:.2f}x (aim <= 1.5x); total run {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
