"""Benchmark of the Streamlit app in a real browser, each figure against a bare Streamlit page measured
the same way in the same run.

1. Cold start: from launching `streamlit run app.py` until the emergency line ("112") is visible in
   headless Chromium, against a one-line app (`st.write("112")`).
2. Question to question: on the self-check, from clicking an answer of the neck question and Next
   until the next question's heading is shown, against a bare script with the same kinds of widgets
   (checkboxes, a radio, a grid of segmented controls) and a Next button.

Each is repeated (default 5, alternating product and bare) and reported as medians and the ratio
product / bare. Uses the system Chromium (/usr/bin/chromium, or REAKTIONSGUIDE_CHROMIUM).

Usage: python bench/bench_app.py [--repeat N]   (other options, meant for other benches, are ignored)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]
from browser_support import CHROMIUM_ARGS  # noqa: E402  (Chromium's flags as the browser tests launch it)
from pgcluster import free_port  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
TIMEOUT_MS = 60_000
AIM = 1.3

BARE_START = 'import streamlit as st; st.write("112")\n'

# The same kinds of widgets as the self-check's first three questions, and a Next button.
BARE_QUESTIONS = '''
import streamlit as st

st.session_state.setdefault("q", 0)


def step():
    st.session_state.q += 1


q = st.session_state.q
st.error("**In danger?** Call [112](tel:112)")
if q == 0:
    st.markdown("### Do you have any of these signs right now?")
    for i in range(11):
        st.checkbox(f"Sign {i}", key=f"flag{i}")
    st.checkbox("No, none of these", key="none")
elif q == 1:
    st.markdown("### Was your neck treated or manipulated?")
    st.radio("neck", ["Yes", "No"], index=None, label_visibility="collapsed", key="neck")
else:
    st.markdown("### How strongly do you feel each of these?")
    for i in range(13):
        st.segmented_control(f"Symptom {i}", ["None", "Mild", "Moderate", "Severe"], default="None",
                             key=f"s{i}", required=True, width="stretch")
st.button("Next", on_click=step, type="primary", width="stretch")
'''


def chromium() -> str | None:
    found = os.environ.get("REAKTIONSGUIDE_CHROMIUM") or "/usr/bin/chromium"
    return found if Path(found).exists() else shutil.which("chromium")


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
            return response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@contextlib.contextmanager
def server(script: Path, data_dir: Path) -> Iterator[str]:
    """`streamlit run script` from the repo root (same config for product and bare); yields its URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "REAKTIONSGUIDE_DATABASE_URL"}
    env["REAKTIONSGUIDE_DATA_DIR"] = str(data_dir)
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    cmd = [python, "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1",
           "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit run {script.name} did not start")
            time.sleep(0.02)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def cold_start(browser: Browser, script: Path, data_dir: Path, visible: Callable[[Page], object]) -> float:
    """Seconds from launching the server to the 112 line being visible in a fresh browser tab."""
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    try:
        started = time.perf_counter()
        with server(script, data_dir) as url:
            page.goto(url)
            expect(visible(page)).to_be_visible(timeout=TIMEOUT_MS)
            return time.perf_counter() - started
    finally:
        context.close()


def next_question(browser: Browser, url: str, tick_none: Callable[[Page], object], answer_no: Callable[[Page], object]) -> float:
    """Seconds from clicking 'No' on the neck question (then Next) to the next question's heading."""
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(url)
        expect(page.get_by_role("heading", name="Do you have any of these signs right now?")).to_be_visible(
            timeout=TIMEOUT_MS
        )
        tick_none(page).click()
        page.get_by_role("button", name="Next").click()
        neck = page.get_by_role("heading", name="Was your neck treated or manipulated?")
        expect(neck).to_be_visible(timeout=TIMEOUT_MS)
        settled(page)
        started = time.perf_counter()
        answer_no(page).click()
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_role("heading", name="How strongly do you feel each of these?")).to_be_visible(
            timeout=TIMEOUT_MS
        )
        return time.perf_counter() - started
    finally:
        context.close()


def settled(page: Page) -> None:
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(
        1, timeout=TIMEOUT_MS
    )


def no_option(page: Page):
    return page.get_by_test_id("stRadioOption").filter(has=page.get_by_text("No", exact=True))


def report(title: str, product: list[float], bare: list[float], unit: str = "s", scale: float = 1.0) -> None:
    p, b = statistics.median(product), statistics.median(bare)
    ratio = p / b
    print(f"{title} ({len(product)} runs each)")
    print(f"  product  median {p * scale:8.3f} {unit}   runs {' '.join(f'{x * scale:.3f}' for x in product)}")
    print(f"  bare     median {b * scale:8.3f} {unit}   runs {' '.join(f'{x * scale:.3f}' for x in bare)}")
    print(f"  ratio    {ratio:.2f}x product / bare (aim {AIM}x: {'met' if ratio <= AIM else 'not met'})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args, _ = parser.parse_known_args(argv)
    executable = chromium()
    if executable is None:
        print("bench_app: no system Chromium (/usr/bin/chromium); skipped")
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp, sync_playwright() as playwright:
        tmp_dir = Path(tmp)
        bare_start = tmp_dir / "bare_start.py"
        bare_start.write_text(BARE_START)
        bare_questions = tmp_dir / "bare_questions.py"
        bare_questions.write_text(BARE_QUESTIONS)
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            began = time.perf_counter()
            # Warm the OS file cache once (imports of streamlit, pydantic, ...), outside the measurements.
            cold_start(browser, ROOT / "app.py", tmp_dir / "warm", lambda p: p.get_by_text("In danger?"))

            product_start, bare_start_times = [], []
            for run in range(args.repeat):
                product_start.append(
                    cold_start(browser, ROOT / "app.py", tmp_dir / f"p{run}", lambda p: p.get_by_text("In danger?"))
                )
                bare_start_times.append(
                    cold_start(browser, bare_start, tmp_dir / f"b{run}", lambda p: p.get_by_text("112", exact=True))
                )
            report("cold start: launch server -> 112 line visible", product_start, bare_start_times)

            product_step, bare_step = [], []
            with server(ROOT / "app.py", tmp_dir / "pq") as product_url, server(bare_questions, tmp_dir / "bq") as bare_url:
                product_none = lambda p: p.get_by_test_id("stCheckbox").get_by_text("No, none of these", exact=True)  # noqa: E731
                bare_none = lambda p: p.get_by_test_id("stCheckbox").get_by_text("No, none of these", exact=True)  # noqa: E731
                next_question(browser, product_url, product_none, no_option)  # warm both servers once
                next_question(browser, bare_url, bare_none, no_option)
                for _ in range(args.repeat):
                    product_step.append(next_question(browser, product_url, product_none, no_option))
                    bare_step.append(next_question(browser, bare_url, bare_none, no_option))
            report("self-check: answer + Next -> next question shown", product_step, bare_step, "ms", 1000)
            print(f"total bench time {time.perf_counter() - began:.0f} s")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
