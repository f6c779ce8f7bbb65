"""Benchmark of the follow-up loop, each figure against a baseline measured the same way in the same run.

1. The aftercare sheet: its build time (logic/aftercare.build_pdf, the first build of the process and
   warm builds) and its size, against a one-line PDF with the same font (the fixed cost of fpdf2 and
   the font) and against the QR code alone.
2. The follow-up page's first run: on one running server, from opening `/follow-up?t=<valid link>` in a
   fresh browser context until the self-check's first question is visible, against opening the
   anonymous self-check (`/self-check`) the same way; alternating, medians, ratio follow-up /
   self-check (aim AIM). The link's page reads the link (one indexed read) and writes its 'opened' row
   to the audit trail; the rest is the self-check itself.

Usage: python bench/bench_followup.py [--repeat N]   (other options, meant for other benches, are ignored)
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.bench_app import SHOWN_JS, TIMEOUT_MS, chromium
from bench.streamlit_apps import PRODUCT, server
from logic import aftercare, follow_up
from logic.models import Treatment
from logic.settings import ClinicSettings
from logic.storage import follow_ups, open_storage
from tests.browser.browser_support import CHROMIUM_ARGS

AIM = 1.2
FIRST_QUESTION = ["In danger?", "Do you have any of these signs right now?"]
UTC = dt.UTC


def sheet_figures(repeat: int) -> None:
    from fpdf import FPDF

    settings = ClinicSettings(clinic_name="Klinik Østerbro", clinic_phone="33 12 34 56", clinic_email="kontakt@klinik.dk",
                              clinic_opening_hours="Man-fre 9-16")  # fmt: skip
    sheet = aftercare.Sheet(
        treatment=Treatment.trigger_point_therapy, neck_treatment=True, session_date=dt.date(2026, 9, 2),
        treated_at=dt.datetime(2026, 9, 2, 13, tzinfo=UTC), link=follow_up.link("https://reaktion.klinik.dk", follow_up.new_token()),
        link_expires=dt.datetime(2026, 9, 16, tzinfo=UTC), lang="da",
    )  # fmt: skip
    folder = aftercare.font_dir()

    def bare() -> bytes:
        pdf = FPDF(format="A4")
        pdf.add_font("DejaVu", "", str(folder / aftercare.FONT))
        pdf.add_page()
        pdf.set_font("DejaVu", "", 11)
        pdf.cell(0, 10, "Efter din behandling: ring 112")
        return bytes(pdf.output())

    started = time.perf_counter()
    first = aftercare.build_pdf(sheet, settings)
    first_s = time.perf_counter() - started
    product, baseline, qr = [], [], []
    for _ in range(repeat):
        for runs, build in ((product, lambda: aftercare.build_pdf(sheet, settings)), (baseline, bare),
                            (qr, lambda: aftercare.qr_png(sheet.link))):  # fmt: skip
            started = time.perf_counter()
            build()
            runs.append(time.perf_counter() - started)
    p, b, q = (statistics.median(x) for x in (product, baseline, qr))
    print(f"Aftercare sheet ({repeat} warm builds each)")
    print(f"  first build of the process {first_s * 1000:8.1f} ms")
    print(f"  sheet      median {p * 1000:8.1f} ms   size {len(first) / 1024:.1f} KiB")
    print(f"  one line   median {b * 1000:8.1f} ms   size {len(bare()) / 1024:.1f} KiB (same font)")
    print(f"  QR code    median {q * 1000:8.1f} ms")
    print(f"  ratio sheet / one-line PDF: {p / b:.2f}x")


def first_run(browser, url: str) -> float:
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function(SHOWN_JS, arg=[FIRST_QUESTION, False], polling="raf", timeout=TIMEOUT_MS)
        return time.perf_counter() - started
    finally:
        context.close()


def page_figures(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        settings = ClinicSettings(data_dir=data, database_url=None)
        with open_storage(f"sqlite:///{data}/reaktionsguide.db", settings) as store:
            client = store.create_client({"name": "Bench Client", "birth_year": 1970, "consent_health_data": True})
            store.add_session(client.id, {"date": dt.date.today(), "treatment": "trigger_point_therapy", "duration_min": 45,
                                          "pressure": 5, "pain_before": 6, "pain_after": 4, "regions": []})  # fmt: skip
            token, _ = follow_ups.create_link(store, client.id)
        with server(PRODUCT, data) as running, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
            try:
                link = follow_up.link(running.url, token)
                plain = f"{running.url}/self-check"
                for url in (plain, link):  # one unmeasured run each: the server's own first runs
                    first_run(browser, url)
                linked, anonymous = [], []
                for _ in range(repeat):
                    anonymous.append(first_run(browser, plain))
                    linked.append(first_run(browser, link))
            finally:
                browser.close()
    p, b = statistics.median(linked), statistics.median(anonymous)
    print(f"First run of a page in a new browser context ({repeat} runs each, alternating)")
    print(f"  follow-up link  median {p:6.3f} s   runs {' '.join(f'{x:.3f}' for x in linked)}")
    print(f"  self-check      median {b:6.3f} s   runs {' '.join(f'{x:.3f}' for x in anonymous)}")
    print(f"  ratio follow-up / self-check: {p / b:.2f}x (aim {AIM}x) {'OK' if p / b <= AIM else 'ABOVE AIM'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args, _ = parser.parse_known_args()
    sheet_figures(max(args.repeat, 3) * 3)
    page_figures(args.repeat)
    print("(measured on the machine as it was: shared and loaded, so compare the ratios, not the times)")


if __name__ == "__main__":
    main()
