#!/usr/bin/env python3
"""Reaktionsguide's developer commands (standard library only, run with the system Python 3.11+):

    python3 dev.py start [streamlit options, e.g. --server.port 8502]   development: demo data on a fresh local folder
    python3 dev.py serve [streamlit options]                             a clinic's server: no demo, migrations first
    python3 dev.py test  [pytest options, e.g. -k smoke -x]
    python3 dev.py lint                                                  ruff check, ruff format --check, mypy
    python3 dev.py bench

Each one first makes sure `.venv` exists and holds the pinned dependencies of requirements.lock (with
their hashes) and the project itself; it reinstalls whenever pyproject.toml or requirements.lock changed
since the last install (hash in `.venv/.install-stamp`). Refresh the lock after changing a dependency:

    pip-compile --allow-unsafe --extra=test --generate-hashes --no-emit-index-url --no-emit-find-links \
        --strip-extras --output-file=requirements.lock pyproject.toml
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".install-stamp"
LOCK = ROOT / "requirements.lock"
PIP = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"]


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def run(cmd: list[str | Path]) -> int:
    return subprocess.run([str(c) for c in cmd], cwd=ROOT).returncode


def ensure_venv() -> None:
    if not PYTHON.exists():
        say("setting up .venv ...")
        if run([sys.executable, "-m", "venv", VENV]) != 0:
            sys.exit("dev.py: creating .venv failed; on Debian/Ubuntu install the `python3-venv` package first")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    say("installing the pinned dependencies (requirements.lock) and the project into .venv ...")
    if run([PYTHON, *PIP, "--require-hashes", "-r", LOCK]) != 0:
        sys.exit("dev.py: pip install -r requirements.lock failed")
    # The project itself, editable; its dependencies are the locked ones above.
    if run([PYTHON, *PIP, "--no-deps", "-e", "."]) != 0:
        sys.exit("dev.py: pip install -e . failed")
    STAMP.write_text(wanted + "\n")


def find_chromium() -> str | None:
    """A system Chromium, which tests use instead of downloading Playwright's own."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def demo_step() -> int:
    """Demo clients and a demo therapist, only for a local SQLite data folder that is empty: never with
    a database URL, never into a folder holding anything (`python -m logic demo-setup`, logic/demo.py).
    The demo sign-in is printed only to a terminal; otherwise it goes to a file only this user can read."""
    return run([PYTHON, "-m", "logic", "demo-setup"])


def run_server(args: list[str]) -> int:
    say("starting the app ...")
    # server.py serves app.py through Streamlit's ASGI app: the session cookie's routes, the host
    # allow-list and the security headers (see the README).
    os.execv(PYTHON, [str(PYTHON), "-m", "streamlit", "run", "server.py", *args])
    return 0  # not reached


def start(args: list[str]) -> int:
    say("demo data and a demo therapist, if the local data folder is empty ...")
    if demo_step() != 0:
        sys.exit("dev.py: setting up the demo failed")
    return run_server(args)


def serve(args: list[str]) -> int:
    """A clinic's server: no demo data, no demo user; the schema brought up to date, then the app."""
    say("bringing the database schema up to date ...")
    if run([PYTHON, "-m", "logic", "migrate"]) != 0:
        sys.exit("dev.py: migrating the database failed")
    return run_server(args)


def test(args: list[str]) -> int:
    chromium = find_chromium()
    if chromium:
        say(f"browser tests use {chromium}")
        os.environ["REAKTIONSGUIDE_CHROMIUM"] = chromium
    else:
        say("no system Chromium; installing Playwright's own ...")
        if run([PYTHON, "-m", "playwright", "install", "chromium"]) != 0:
            sys.exit("dev.py: `playwright install chromium` failed; install the `chromium` package instead")
    say("running the tests ...")
    return run([PYTHON, "-m", "pytest", *args])


def lint(args: list[str]) -> int:
    """What CI checks before the tests: the linter, the formatter's verdict and the type checker."""
    failed = []
    for name, cmd in (
        ("ruff check", [PYTHON, "-m", "ruff", "check", *args]),
        ("ruff format --check", [PYTHON, "-m", "ruff", "format", "--check", *args]),
        ("mypy", [PYTHON, "-m", "mypy"]),  # the files and the strictness are in pyproject.toml
    ):
        say(f"{name} ...")
        if run(cmd) != 0:
            failed.append(name)
    if failed:
        say(f"failed: {', '.join(failed)}")
        return 1
    return 0


def bench(args: list[str]) -> int:
    scripts = sorted((ROOT / "bench").glob("bench_*.py"))
    if not scripts:
        say("no bench/bench_*.py to run")
        return 0
    failed = []
    for script in scripts:
        say(f"running {script.relative_to(ROOT)} ...")
        # As a module from the repository root: the benches import `bench.` and `tests.` helpers.
        if run([PYTHON, "-m", f"bench.{script.stem}", *args]) != 0:
            failed.append(script.name)
    if failed:
        say(f"failed: {', '.join(failed)}")
        return 1
    return 0


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        sys.exit(f"dev.py: needs Python 3.11 or newer, this is {sys.version.split()[0]}")
    commands = {"start": start, "serve": serve, "test": test, "lint": lint, "bench": bench}
    if not argv or argv[0] not in commands:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    os.chdir(ROOT)
    ensure_venv()
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
