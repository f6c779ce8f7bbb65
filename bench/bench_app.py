"""Benchmark of the Streamlit app in a real browser, each figure against a bare Streamlit page measured
the same way in the same run.

1. Cold start: from launching `streamlit run server.py` (app.py behind the app's routes) until its first page is visible in headless
   Chromium (the emergency line and the self-check's first question), against a one-line app
   (`st.write("112")`) until its line is visible. Each run starts a new server: once on an empty data
   folder (a first start, which creates the database), once on the database an earlier start created (a
   restart); both against the same bare runs.
2. Question to question: on the self-check, after answering "No" to the neck question, from pressing
   Next until the next question's heading is visible, against a bare script with the same widgets
   (the same checkboxes, divider, radio options, segmented controls, language switch and Back/Next
   buttons, each answer widget without a rerun of its own, like the product's) and no other code.

How a figure is taken: the page is watched in the browser itself (a check on every animation frame for
the cold start; a MutationObserver and performance.now() from the Next button's pointerdown for the step),
not by Playwright's `expect`, whose retries back off to 500 ms apart and so round a wait up by as much.
Cold starts alternate product and bare (default 7 each, after one unmeasured start that warms the OS
file cache); steps alternate the two servers (3 x as many, after one unmeasured walk on each). Figures
are medians; the ratio is product / bare. Uses the system Chromium (/usr/bin/chromium, or
REAKTIONSGUIDE_CHROMIUM).

Usage: python -m bench.bench_app [--repeat N]   (other options, meant for other benches, are ignored)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

from bench.streamlit_apps import BARE_SELF_CHECK, BARE_START, PRODUCT, server
from tests.browser.browser_support import CHROMIUM_ARGS

TIMEOUT_MS = 60_000
AIM = 1.3

# True once each of the texts is in the page, in a markdown element that is visible: [texts, exact].
SHOWN_JS = """([texts, exact]) => {
    const shown = [...document.querySelectorAll('[data-testid="stMarkdownContainer"]')]
        .filter((el) => el.checkVisibility()).map((el) => el.innerText.trim());
    return texts.every((text) => shown.some((seen) => (exact ? seen === text : seen.includes(text))));
}"""
# The product's first page: the emergency line and the self-check's first question (in English, as
# the browser asks); the bare app's: its one line.
PRODUCT_FIRST_PAGE = ["In danger?", "Do you have any of these signs right now?"]
BARE_FIRST_PAGE = ["112"]

# Arm a timer in the page: the next pointerdown starts it, the heading's being visible stops it.
ARM_JS = """(heading) => {
    const timer = (window.__benchStep = {start: null, shown: null});
    document.addEventListener("pointerdown", () => { timer.start = performance.now(); },
                              {capture: true, once: true});
    const shown = () => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].some(
        (h) => h.textContent.includes(heading) && h.checkVisibility());
    const observer = new MutationObserver(() => {
        if (timer.start !== null && shown()) {
            timer.shown = performance.now();
            observer.disconnect();
        }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
}"""


def chromium() -> str | None:
    found = os.environ.get("REAKTIONSGUIDE_CHROMIUM") or "/usr/bin/chromium"
    return found if Path(found).exists() else shutil.which("chromium")


def cold_start(browser: Browser, script: Path, data_dir: Path, texts: list[str], exact: bool) -> float:
    """Seconds from launching the server to all of `texts` being visible in a fresh browser tab."""
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    try:
        started = time.perf_counter()
        with server(script, data_dir) as started_server:
            page.goto(started_server.url)
            page.wait_for_function(SHOWN_JS, arg=[texts, exact], polling="raf", timeout=TIMEOUT_MS)
            return time.perf_counter() - started
    finally:
        context.close()


def next_question(browser: Browser, url: str) -> float:
    """Seconds from pressing Next after 'No' on the neck question to the next question's heading."""
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(url)
        expect(page.get_by_role("heading", name="Do you have any of these signs right now?")).to_be_visible(
            timeout=TIMEOUT_MS
        )
        page.get_by_test_id("stCheckbox").get_by_text("No, none of these", exact=True).click()
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_role("heading", name="Was your neck treated or manipulated?")).to_be_visible(
            timeout=TIMEOUT_MS
        )
        settled(page)
        page.get_by_test_id("stRadioOption").filter(has=page.get_by_text("No", exact=True)).click()
        settled(page)
        page.evaluate(ARM_JS, "How strongly do you feel each of these?")
        page.get_by_role("button", name="Next").click()
        page.wait_for_function("() => window.__benchStep.shown !== null", polling="raf", timeout=TIMEOUT_MS)
        timer = page.evaluate("() => window.__benchStep")
        return (timer["shown"] - timer["start"]) / 1000
    finally:
        context.close()


def settled(page: Page) -> None:
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(
        1, timeout=TIMEOUT_MS
    )


def report(title: str, product: list[float], bare: list[float], unit: str = "s", scale: float = 1.0) -> None:
    p, b = statistics.median(product), statistics.median(bare)
    ratio = p / b
    print(f"{title} ({len(product)} runs each)")
    print(f"  product  median {p * scale:8.3f} {unit}   runs {' '.join(f'{x * scale:.3f}' for x in product)}")
    print(f"  bare     median {b * scale:8.3f} {unit}   runs {' '.join(f'{x * scale:.3f}' for x in bare)}")
    print(f"  ratio    {ratio:.2f}x product / bare (aim {AIM}x: {'met' if ratio <= AIM else 'not met'})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args, _ = parser.parse_known_args(argv)
    executable = chromium()
    if executable is None:
        print("bench_app: no system Chromium (/usr/bin/chromium); skipped")
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp, sync_playwright() as playwright:
        tmp_dir = Path(tmp)
        bare_start = tmp_dir / "bare_start.py"
        bare_start.write_text(BARE_START)
        bare_questions = tmp_dir / "bare_self_check.py"
        bare_questions.write_text(BARE_SELF_CHECK)
        product = PRODUCT
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            began = time.perf_counter()
            # Other processes on the machine stretch both sides; the load says how much to trust a figure.
            print(f"load average at start {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
            # Warm the OS file cache once (imports of streamlit, pydantic, ...), outside the measurements.
            cold_start(browser, product, tmp_dir / "warm", PRODUCT_FIRST_PAGE, exact=False)

            product_start, product_restart, bare_start_times = [], [], []
            for run in range(args.repeat):
                product_start.append(cold_start(browser, product, tmp_dir / f"p{run}", PRODUCT_FIRST_PAGE, exact=False))
                # A restart: the database the warm-up start created (and migrated) is there already.
                product_restart.append(cold_start(browser, product, tmp_dir / "warm", PRODUCT_FIRST_PAGE, exact=False))
                bare_start_times.append(
                    cold_start(browser, bare_start, tmp_dir / f"b{run}", BARE_FIRST_PAGE, exact=True)
                )
            report("cold start, empty database: launch server -> first page visible", product_start, bare_start_times)
            report("cold start, existing database (a restart)", product_restart, bare_start_times)

            product_step, bare_step = [], []
            with (
                server(product, tmp_dir / "pq") as product_server,
                server(bare_questions, tmp_dir / "bq") as bare_server,
            ):
                next_question(browser, product_server.url)  # warm both servers once
                next_question(browser, bare_server.url)
                for _ in range(3 * args.repeat):
                    product_step.append(next_question(browser, product_server.url))
                    bare_step.append(next_question(browser, bare_server.url))
            report("self-check: Next after an answer -> next question visible", product_step, bare_step, "ms", 1000)
            print(f"total bench time {time.perf_counter() - began:.0f} s, load average at end {os.getloadavg()[0]:.1f}")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
