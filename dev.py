#!/usr/bin/env python3
"""Reaktionsguide's developer commands (standard library only, run with the system Python 3.11+):

    python3 dev.py start [streamlit options, e.g. --server.port 8502]
    python3 dev.py test  [pytest options, e.g. -k smoke -x]
    python3 dev.py bench

Each one first makes sure `.venv` exists and holds the project with its test extras; it reinstalls
whenever pyproject.toml changed since the last install (hash in `.venv/.install-stamp`).
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


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def run(cmd: list[str | Path]) -> int:
    return subprocess.run([str(c) for c in cmd], cwd=ROOT).returncode


def ensure_venv() -> None:
    if not PYTHON.exists():
        say("setting up .venv ...")
        if run([sys.executable, "-m", "venv", VENV]) != 0:
            sys.exit("dev.py: creating .venv failed; on Debian/Ubuntu install the `python3-venv` package first")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    say("installing the project and its test tools into .venv ...")
    if run([PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[test]"]) != 0:
        sys.exit("dev.py: pip install failed")
    STAMP.write_text(wanted + "\n")


def find_chromium() -> str | None:
    """A system Chromium, which tests use instead of downloading Playwright's own."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def start(args: list[str]) -> int:
    say("loading demo data if the database is empty ...")
    if run([PYTHON, "-m", "logic", "demo-data", "--clients", "30", "--if-empty"]) != 0:
        sys.exit("dev.py: loading demo data failed")
    # A database without accounts also gets a demo therapist; its sign-in is printed this once.
    if run([PYTHON, "-m", "logic", "users", "add-demo"]) != 0:
        sys.exit("dev.py: creating the demo therapist failed")
    say("starting the app ...")
    # server.py serves app.py through Streamlit's ASGI app: the session cookie's routes, the host
    # allow-list and the security headers (see the README).
    os.execv(PYTHON, [str(PYTHON), "-m", "streamlit", "run", "server.py", *args])
    return 0  # not reached


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


def bench(args: list[str]) -> int:
    scripts = sorted((ROOT / "bench").glob("bench_*.py"))
    if not scripts:
        say("no bench/bench_*.py to run")
        return 0
    failed = []
    for script in scripts:
        say(f"running {script.relative_to(ROOT)} ...")
        if run([PYTHON, script, *args]) != 0:
            failed.append(script.name)
    if failed:
        say(f"failed: {', '.join(failed)}")
        return 1
    return 0


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        sys.exit(f"dev.py: needs Python 3.11 or newer, this is {sys.version.split()[0]}")
    commands = {"start": start, "test": test, "bench": bench}
    if not argv or argv[0] not in commands:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    os.chdir(ROOT)
    ensure_venv()
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
