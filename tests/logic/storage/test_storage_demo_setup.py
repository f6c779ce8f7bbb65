"""Demo data and the demo user only where they belong: `python3 dev.py start`'s demo step loads them into
an empty local SQLite data folder only, never with a database URL, and never prints the demo sign-in
where it is not a terminal."""

from __future__ import annotations

import importlib.util
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from logic.auth import accounts
from logic.demo import SIGN_IN_FILE, setup_demo
from logic.settings import ClinicSettings
from logic.storage import open_storage
from tests import REPO

ROOT = REPO


def dev_module():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_dev_start_against_an_empty_postgresql_loads_no_demo_and_creates_no_user(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("REAKTIONSGUIDE_DATABASE_URL", database_url)
    monkeypatch.setenv("REAKTIONSGUIDE_DATA_DIR", str(data))
    assert dev_module().demo_step() == 0
    assert not data.exists()  # nothing written locally either (no sign-in file)
    with open_storage(database_url) as storage:
        rows = storage.count_rows()
    assert rows["clients"] == 0 and rows["users"] == 0 and rows["sessions"] == 0


def run_setup(data: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "REAKTIONSGUIDE_DATA_DIR": str(data), **env}
    if "REAKTIONSGUIDE_DATABASE_URL" not in env:
        environment.pop("REAKTIONSGUIDE_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "logic", "demo-setup"], cwd=ROOT, env=environment, capture_output=True, text=True,
        timeout=180,
    )  # fmt: skip


def test_an_empty_local_folder_gets_the_demo_and_the_sign_in_stays_out_of_the_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = run_setup(data)  # stdout is a pipe here, as in a service's log
    assert first.returncode == 0, first.stderr
    secret_file = data / SIGN_IN_FILE
    assert str(secret_file) in first.stdout
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    lines = dict(line.split(": ", 1) for line in secret_file.read_text().splitlines())
    assert lines["password"] not in first.stdout + first.stderr
    with open_storage(settings=ClinicSettings(data_dir=data, database_url=None)) as storage:
        assert storage.count_rows()["clients"] == 30
        assert accounts.sign_in(storage, lines["user"], lines["password"]).ok
    # The folder now holds the database: a second start adds nothing.
    again = run_setup(data)
    assert again.returncode == 0 and "not empty" in again.stdout
    with open_storage(settings=ClinicSettings(data_dir=data, database_url=None)) as storage:
        assert storage.count_rows()["clients"] == 30 and accounts.count_users(storage) == 1


def test_a_folder_holding_anything_and_a_sqlite_url_get_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "notes.txt").write_text("the clinic's own file\n")
    assert "not empty" in run_setup(data).stdout
    assert sorted(p.name for p in data.iterdir()) == ["notes.txt"]
    url = f"sqlite:///{tmp_path}/clinic.db"
    done = run_setup(tmp_path / "empty", REAKTIONSGUIDE_DATABASE_URL=url)
    assert done.returncode == 0 and "database URL" in done.stdout
    assert not (tmp_path / "clinic.db").exists() and not (tmp_path / "empty").exists()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_sign_in_is_printed_and_no_file_written(tmp_path: Path) -> None:
    out = Terminal()
    settings = ClinicSettings(data_dir=tmp_path / "data", database_url=None)
    said = setup_demo(settings, out)
    assert "demo therapist" in said and "user 'demo', password '" in out.getvalue()
    assert not (tmp_path / "data" / SIGN_IN_FILE).exists()
