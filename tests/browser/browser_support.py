"""Helpers of the browser tests: a real Streamlit server, Chromium's launch options, screenshots.

Test files import what they need: `from browser_support import screenshot`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests import REPO
from tests.pgcluster import free_port

SCREENSHOTS = REPO / "artifacts" / "screenshots"
STARTUP_TIMEOUT_S = 60

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE_VIEWPORT = {"width": 390, "height": 844}
LAPTOP_VIEWPORT = {"width": 1366, "height": 768}


def system_chromium() -> str | None:
    """REAKTIONSGUIDE_CHROMIUM (set by `dev.py test`), else a system Chromium, else None (Playwright's own)."""
    named = os.environ.get("REAKTIONSGUIDE_CHROMIUM")
    if named:
        return named
    return next(
        (
            p
            for p in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
            if p and Path(p).exists()
        ),
        None,
    )


def launch_options() -> dict:
    """Playwright `chromium.launch` options, with the system Chromium where there is one."""
    return {
        "executable_path": system_chromium(),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


def settled(page, timeout: int = 30_000) -> None:
    """Wait until Streamlit has finished running the script (no fixed sleeps)."""
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1, timeout=timeout)


def screenshot(page, name: str) -> Path:
    """Save the whole page to artifacts/screenshots/<name>.png and return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _python() -> str:
    venv_python = REPO / ".venv" / "bin" / "python"
    return str(venv_python) if venv_python.exists() else sys.executable


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def run_streamlit(data_dir: Path, env: Mapping[str, str] | None = None, port: int | None = None) -> Iterator[str]:
    """Run `streamlit run server.py` (app.py behind the app's own routes) from the repo root on `port` (default: a free one); yields the base URL.

    The server gets a fresh REAKTIONSGUIDE_DATA_DIR (so SQLite in a tmp folder) and no
    REAKTIONSGUIDE_DATABASE_URL unless `env` sets one; `env` overrides anything else too.
    """
    port = port or free_port()
    server_env = {k: v for k, v in os.environ.items() if k != "REAKTIONSGUIDE_DATABASE_URL"}
    server_env["REAKTIONSGUIDE_DATA_DIR"] = str(data_dir)
    server_env.update(env or {})
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.parent / f"streamlit-{port}.log"
    cmd = [
        _python(), "-m", "streamlit", "run", "server.py",
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    with open(log_path, "w+b") as log:
        proc = subprocess.Popen(
            cmd, cwd=REPO, env=server_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while not _healthy(f"{base_url}/_stcore/health"):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")[-6000:]
                    state = f"exited with {proc.returncode}" if proc.poll() is not None else "did not answer"
                    pytest.fail(f"streamlit server {state} within {STARTUP_TIMEOUT_S}s; its output:\n{output}")
                time.sleep(0.2)
            yield base_url
        finally:
            _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def sign_in(page, base: str, name: str, password: str) -> None:
    """Sign in through the menu's sign-in page (the browser's language: English) and wait until the app
    says who is signed in. (Opening /sign-in directly may first show Streamlit's "Page not found".)"""
    from playwright.sync_api import expect

    page.goto(base)
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {name}").first).to_be_visible(timeout=30_000)
