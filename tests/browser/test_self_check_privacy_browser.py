"""The public self-check stores nothing and logs no answers: a client on a phone completes it to a result
on a server of the test's own; every table of its database has the same rows afterwards, its data
folder holds the same files, and the server's output (at debug level) names none of the answers."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect
from sqlalchemy import Engine, func, inspect, select, table

from logic.models import SYMPTOM_KEYS
from logic.settings import ClinicSettings
from logic.storage import open_storage
from logic.tree_data import TREE
from tests.browser.test_self_check_browser import (
    NOTHING_TO_SPEAK_OF,
    TIMEOUT,
    next_question,
    open_app,
    question,
    settled,
    shown_question,
    type_hours,
)

HOURS = "37.25"  # a value nothing else on the server would print
# The answers as the app names them: question ids, report fields and the values chosen.
ANSWER_WORDS = [
    *TREE.questions, "red_flags", "neck_treatment", "hours_since_treatment", "trajectory", "improving",
    "pain_before", "pain_now", "new_pain_elsewhere", "trigger_point_therapy", *SYMPTOM_KEYS,
    HOURS, HOURS.replace(".", ","),
]  # fmt: skip


def every_table_rows(engine: Engine) -> dict[str, int]:
    """Rows of every table in the database itself: client records, accounts, audit trail, settings."""
    with engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in inspect(conn).get_table_names()
        }


def files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_self_check_stores_nothing_and_logs_no_answers(
    streamlit_server_factory, phone_page: Page, tmp_path: Path
) -> None:
    base_url = streamlit_server_factory(
        env={"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none", "STREAMLIT_LOGGER_LEVEL": "debug"}
    )
    # Where tests/browser/browser_support.py's run_streamlit keeps this server's data and output.
    server_dir = tmp_path / "server-0"
    data_dir = server_dir / "data"
    log = server_dir / f"streamlit-{urlsplit(base_url).port}.log"
    assert log.exists(), sorted(files(tmp_path))
    # The server's own database (migrated here if the server has not opened it yet).
    settings = ClinicSettings(data_dir=data_dir, database_url=None)
    store = open_storage(f"sqlite:///{data_dir / 'reaktionsguide.db'}", settings)
    try:
        before = every_table_rows(store.engine)
        assert {"clients", "checks", "sessions", "users", "audit_log", "clinic_settings"} <= set(before)
        assert store.count_rows().items() <= before.items()
        files_before = files(data_dir)

        page = phone_page
        open_app(page, base_url)
        question(page, "Do you have any of these signs right now?")
        answers = {**NOTHING_TO_SPEAK_OF, "How many hours ago did the treatment end?": lambda p: type_hours(p, HOURS)}
        asked = []
        while (current := shown_question(page)) is not None:
            assert current not in asked and len(asked) < len(answers), asked
            asked.append(current)
            answers[current](page)
            next_question(page)
            expect(page.get_by_role("heading", name=current)).to_have_count(0, timeout=TIMEOUT)
        assert "How many hours ago did the treatment end?" in asked
        expect(page.get_by_text("Expected after-effect", exact=True)).to_be_visible(timeout=TIMEOUT)
        settled(page)

        assert every_table_rows(store.engine) == before
        assert files(data_dir) == files_before
    finally:
        store.close()
    output = log.read_text(errors="replace")
    assert "Running script" in output, "the server logged at debug level"  # so the check below means something
    found = [word for word in ANSWER_WORDS if re.search(rf"(?<![\w.]){re.escape(word)}(?![\w])", output)]
    assert not found, f"the server's output names answers: {found}"
