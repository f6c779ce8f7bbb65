"""`python -m logic users|audit|purge|export|erase` in a real process (SQLite), as a clinic runs them."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "logic", *args, "--database-url", f"sqlite:///{db}"],
        input=stdin, capture_output=True, text=True, cwd=REPO, timeout=120,
    )  # fmt: skip


def test_cli_users_audit_export_erase_purge(tmp_path: Path) -> None:
    db = tmp_path / "clinic.db"
    added = run(db, "users", "add", "Boss", "--admin", stdin="a long password\n")
    assert added.returncode == 0 and "created admin boss" in added.stdout, added.stderr
    assert "a long password" not in added.stdout + added.stderr
    assert run(db, "users", "add", "x", stdin="short\n").returncode == 1
    demo = run(db, "users", "add-demo")
    assert demo.returncode == 0 and demo.stdout == ""  # accounts exist already: nothing, silently
    assert "boss\tadmin\tactive" in run(db, "users", "list").stdout

    demo_data = run(db, "demo-data", "--clients", "5")
    assert demo_data.returncode == 0, demo_data.stderr
    exported = run(db, "export", "1")
    data = json.loads(exported.stdout)
    assert data["tables"]["clients"][0]["id"] == 1 and data["tables"]["sessions"]
    csv_out = run(db, "export", "1", "--format", "csv").stdout
    assert csv_out.startswith("table,row,column,value")
    assert run(db, "erase", "1", "--yes").returncode == 0
    assert run(db, "export", "1").returncode == 1

    listing = run(db, "purge", "--dry-run")
    assert listing.returncode == 0 and "retention 10 years" in listing.stderr

    verified = run(db, "audit", "verify")
    assert verified.returncode == 0 and "intact" in verified.stdout
    with sqlite3.connect(db) as conn:  # behind the app's back
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 3")
    broken = run(db, "audit", "verify")
    assert broken.returncode == 1 and "broken at row 3" in broken.stderr
    assert "erase_client" in run(db, "audit", "list", "--client", "1").stdout


def test_cli_demo_therapist_printed_once(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    first = run(db, "users", "add-demo")
    assert first.returncode == 0 and "user 'demo', password '" in first.stdout
    assert run(db, "users", "add-demo").stdout == ""
