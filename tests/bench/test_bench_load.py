"""The load benchmark's websocket client (bench/bench_load.py) against real servers, so that its
protocol code cannot rot: two virtual users walk the self-check to the result, on the product and on
the bare script it is measured against."""

from __future__ import annotations

import asyncio
import concurrent.futures
from pathlib import Path

import pytest

from bench import bench_load
from bench.streamlit_apps import BARE_SELF_CHECK, PRODUCT, server
from logic.models import Level
from logic.texts.vocabulary import word


@pytest.mark.parametrize("app", ["product", "bare"])
def test_virtual_users_reach_the_result(app: str, tmp_path: Path) -> None:
    script = PRODUCT
    if app == "bare":
        script = tmp_path / "bare_self_check.py"
        script.write_text(BARE_SELF_CHECK)
    # The client in a thread of its own: the browser tests' Playwright (sync API) may hold this thread's event loop.
    with server(script, tmp_path / "data") as started, concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        outcome = pool.submit(asyncio.run, bench_load.load(started.url, sessions=2, think_s=0.2)).result()

    assert outcome.errors == []
    assert outcome.levels == [bench_load.RESULT, bench_load.RESULT]
    if app == "product":  # the result page's level in words, as the card shows it (ui/widgets.py level_card)
        words = word(Level.expected, "en", "client")
        assert outcome.level_texts == [f"**{words}**", f"**{words}**"]
    # Every user answered every question of the route (9 Next presses) after opening the page.
    assert len(outcome.times["open"]) == 2
    assert sum(len(times) for step, times in outcome.times.items() if step != "open") == 2 * 9
