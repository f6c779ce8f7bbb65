"""Bench: one Argon2id password verification, and the record page's storage calls with the audit trail
on against off (in one run, same database).

    .venv/bin/python bench/bench_auth.py [--repeat 200]

The record page reads the client, its sessions, checks and plans; with the trail on it also appends one
'view_client' row (ui/auth.record_view does so once per opening; here every repetition pays it, the worst case).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from logic.auth import audit, passwords  # noqa: E402
from logic.settings import ClinicSettings  # noqa: E402
from logic.storage import open_storage  # noqa: E402


def timed(work, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    stored = passwords.hash_password("a long password")
    verify = timed(lambda: passwords.verify(stored, "a long password"), 20)
    print(f"argon2id m={passwords.MEMORY_KIB} KiB t={passwords.TIME_COST} p={passwords.PARALLELISM}: "
          f"verify median {statistics.median(verify) * 1000:.1f} ms")  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        settings = ClinicSettings(data_dir=Path(folder), database_url=None)
        import subprocess

        url = f"sqlite:///{folder}/bench.db"
        subprocess.run([sys.executable, "-m", "logic", "demo-data", "--clients", "30", "--database-url", url], check=True,
                       capture_output=True)  # fmt: skip
        with open_storage(url, settings) as store:
            client_id = max(store.search_clients(limit=100).items, key=lambda c: c.session_count).id

            def page() -> None:
                audit.record_view(store, client_id)
                store.get_client(client_id)
                store.list_sessions(client_id)
                store.list_checks(client_id)
                store.list_plans(client_id)

            hook = store.audit
            results = {}
            for _ in range(2):  # interleaved rounds, so warm-up and drift hit both alike
                for label, installed in (("off", None), ("on", hook)):
                    store.audit = installed
                    results.setdefault(label, []).extend(timed(page, args.repeat))
            off, on = statistics.median(results["off"]), statistics.median(results["on"])
            print(f"record page storage calls (client with most sessions): audit off {off * 1000:.2f} ms, "
                  f"on {on * 1000:.2f} ms, overhead {100 * (on - off) / off:+.1f}% (aim: at most +10%)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
