"""Demo data (deterministic, covering every level and badge) and the storage's commands."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from logic.cli import main
from logic.demo import generate
from logic.models import LEVEL_ORDER, ReactionReport
from logic.planner import plan
from logic.reaction import assess
from logic.storage import Badge, Storage, migrate, open_storage
from tests import REPO

ROOT = REPO
TODAY = dt.date(2026, 11, 26)


def snapshot(storage: Storage) -> list:
    """All demo content, without the times the storage itself stamps on rows."""
    stamped = {"created_at", "updated_at"}
    content = []
    for summary in storage.search_clients(limit=500).items:
        client = storage.get_client(summary.id).model_dump(exclude=stamped | {"consent_date"})
        if client["profile"]:
            client["profile"].pop("updated_at")
        content.append(
            (
                client,
                [s.model_dump(exclude=stamped) for s in storage.list_sessions(summary.id)],
                [c.model_dump() for c in storage.list_checks(summary.id)],
                [p.model_dump() for p in storage.list_plans(summary.id)],
            )
        )
    return content


def test_demo_data_is_deterministic(tmp_path: Path, settings) -> None:
    runs = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        with open_storage(f"sqlite:///{tmp_path}/{name}.db", settings) as storage:
            generate(storage, clients=12, seed=seed, today=TODAY)
            runs.append(snapshot(storage))
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_thirty_demo_clients_show_everything(database_url: str, settings) -> None:
    with open_storage(database_url, settings) as storage:
        ids = generate(storage, clients=30, seed=1, today=TODAY)
        assert len(ids) == 30 == storage.search_clients().total
        for level in LEVEL_ORDER:
            assert storage.search_clients(level=level).total >= 1, level
        for badge in Badge:
            assert storage.search_clients(flags=[badge]).total >= 1, badge
        checks = [c for i in ids for c in storage.list_checks(i)]
        assert any(c.progress_sign for c in checks)
        for check in checks:  # the stored level is the engine's, for the stored report
            assert assess(ReactionReport.model_validate(check.report), settings=settings).level is check.level
        for client_id in ids:
            client = storage.get_client(client_id)
            sessions = storage.list_sessions(client_id)
            assert 1 <= len(sessions) <= 8 and client.profile is not None and client.original_pain_regions
            assert client.latest_level is not None
            saved = storage.list_plans(client_id)
            assert saved and saved[-1].suggested == plan(saved[-1].request, "da", settings)


def run_cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "REAKTIONSGUIDE_DATA_DIR": str(tmp_path / "data")}
    env.pop("REAKTIONSGUIDE_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "logic", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_demo_data_command_and_if_empty(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    first = run_cli(
        "demo-data", "--clients", "6", "--seed", "3", "--if-empty", "--database-url", url, tmp_path=tmp_path
    )
    assert first.returncode == 0, first.stderr
    assert "6" in first.stdout
    again = run_cli("demo-data", "--clients", "6", "--if-empty", "--database-url", url, tmp_path=tmp_path)
    assert again.returncode == 0, again.stderr
    with open_storage(url) as storage:
        assert storage.count_rows()["clients"] == 6
    more = run_cli("demo-data", "--clients", "2", "--database-url", url, tmp_path=tmp_path)
    assert more.returncode == 0
    with open_storage(url) as storage:
        assert storage.count_rows()["clients"] == 8


def test_commands_use_the_data_dir_by_default(tmp_path: Path) -> None:
    done = run_cli("migrate", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"revision {migrate.HEAD}" in done.stdout
    assert (tmp_path / "data" / "reaktionsguide.db").exists()
    backup = run_cli("backup", str(tmp_path / "out" / "copy.db"), tmp_path=tmp_path)
    assert backup.returncode == 0, backup.stderr
    with sqlite3.connect(tmp_path / "out" / "copy.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize(
    "args",
    [
        ("demo-data", "--clients", "zero"),
        ("demo-data", "--clients", "0"),
        ("demo-data", "--seed", "x"),
        ("demo-data", "--unknown"),
        ("backup",),
        ("migrate", "extra"),
    ],
)
def test_bad_arguments_exit_2(
    args: tuple[str, ...], capsys: pytest.CaptureFixture, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REAKTIONSGUIDE_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    assert stopped.value.code == 2
    assert capsys.readouterr().out == ""
    assert not (tmp_path / "data").exists()


def test_bad_arguments_exit_2_from_the_shell(tmp_path: Path) -> None:
    done = run_cli("demo-data", "--clients", "-3", tmp_path=tmp_path)
    assert done.returncode == 2 and done.stdout == "" and "--clients" in done.stderr


def test_failures_exit_1_with_one_line(tmp_path: Path) -> None:
    done = run_cli("migrate", "--database-url", "mysql://nobody@localhost/x", tmp_path=tmp_path)
    assert done.returncode == 1 and "unsupported database" in done.stderr
    folder = run_cli("backup", str(tmp_path), tmp_path=tmp_path)
    assert folder.returncode == 1 and len(folder.stderr.strip().splitlines()) == 1
