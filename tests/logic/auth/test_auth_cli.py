"""`python -m logic users|audit|purge|export|erase` in a real process (SQLite), as a clinic runs them."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests import REPO


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


def test_cli_passwd_and_reset(tmp_path: Path) -> None:
    from logic.auth import accounts
    from logic.storage import open_storage

    db = tmp_path / "clinic.db"
    assert run(db, "users", "add", "anna", stdin="pepper glacier 8 violin\n").returncode == 0
    weak = run(db, "users", "passwd", "anna", stdin="password1234\n")
    assert weak.returncode == 1 and "too easy to guess" in weak.stderr
    short = run(db, "users", "passwd", "anna", stdin="12345678\n")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    changed = run(db, "users", "passwd", "anna", stdin="sunlit harbor 5 quill\n")
    assert changed.returncode == 0 and "sunlit" not in changed.stdout + changed.stderr
    reset = run(db, "users", "reset", "anna")
    assert reset.returncode == 0, reset.stderr
    temporary = reset.stdout.strip().rsplit(" ", 1)[-1]
    assert run(db, "users", "reset", "nobody").returncode == 1
    with open_storage(f"sqlite:///{db}") as storage:
        assert accounts.sign_in(storage, "anna", temporary).reason == "change_password"
        assert not accounts.sign_in(storage, "anna", "sunlit harbor 5 quill").ok
        assert accounts.change_password(storage, "anna", temporary, "copper willow 19 canyon").ok
        assert accounts.sign_in(storage, "anna", "copper willow 19 canyon").ok
