"""The app shell (app.py): emergency line, not-a-diagnosis note, navigation, and the language switch."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from logic.tree_data import TREE
from tests import REPO
from ui.i18n import translate

APP = REPO / "app.py"
# (file, url path, title key, section): every page app.py knows of. Pages built in parallel are
# checked once their file exists.
PAGES = [
    ("pages/public/self_check.py", "self-check", "app.nav.self_check", "public"),
    ("pages/public/decision_tree.py", "decision-tree", "app.nav.decision_tree", "public"),
    ("pages/therapist/consultation.py", "consultation", "app.nav.consultation", "therapist"),
    ("pages/therapist/planner.py", "planner", "app.nav.planner", "therapist"),
    ("pages/therapist/account.py", "account", "auth.nav.account", "therapist"),
]
PRESENT = [p for p in PAGES if (REPO / p[0]).exists()]
# Page files live in subfolders of pages/, so Streamlit's legacy pages/ router never runs one on
# its own: every page opens inside app.py's shell.
SHELL_VISIBLE = PRESENT


def start(lang: str = "da") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["lang"] = lang
    return at.run()


def all_texts(at: AppTest) -> list[str]:
    """Every text a visitor sees: markdown, captions, alerts, and the labels and options of widgets."""
    out: list[str] = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "title", "header", "subheader"):
        out += [e.value for e in at.get(kind)]
    for kind in ("button", "checkbox", "radio", "segmented_control", "selectbox", "number_input", "slider"):
        for widget in at.get(kind):
            out.append(widget.label)
            out += [str(o) for o in getattr(widget, "options", [])]
    out += [e.label for e in at.expander]
    out += [p.proto.text for p in at.progress if p.proto.text]
    return [text for text in out if text]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_emergency_line_and_note_on_the_default_page(lang: str) -> None:
    at = start(lang)
    assert not at.exception
    first_alert = at.error[0].value
    assert first_alert == translate("widgets.emergency", lang, phone="[112](tel:112)")
    assert translate("app.not_diagnosis", lang) in [c.value for c in at.caption]
    # The default page is the self-check, starting with the red flags.
    first_question = TREE.questions["q_red_flags"].text(lang)
    assert f"## {first_question}" in [m.value for m in at.markdown]


def test_emergency_line_is_the_first_thing_on_the_page() -> None:
    at = start()
    first = at.main.children[0]  # the emergency line's container
    assert [e.value for e in first.error] == ["**Akut fare?** Ring [112](tel:112)"]


def test_navigation_lists_the_pages_with_their_url_paths_and_titles() -> None:
    at = start("en")
    # AppTest keeps what st.navigation registered: {hash: {script_path, url_pathname, page_name, ...}}.
    registered = {i["url_pathname"]: i for i in at._registered_pages.values()}
    for path, url, title_key, _ in PRESENT:
        info = registered.get(url)
        assert info, f"{url} is not in the navigation"
        assert Path(str(info["script_path"])).resolve() == (REPO / path).resolve()
        assert info["page_name"] == translate(title_key, "en")
    # The root URL opens the self-check too.
    assert Path(str(registered[""]["script_path"])).resolve() == (REPO / "pages" / "public" / "self_check.py").resolve()
    assert registered.keys() >= {"", *(p[1] for p in PRESENT)}


@pytest.mark.parametrize("path", [p[0] for p in PRESENT])
def test_every_page_opens_without_an_error(path: str) -> None:
    at = start()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("path", [p[0] for p in SHELL_VISIBLE])
def test_pages_open_under_the_emergency_line(path: str) -> None:
    at = start()
    at.switch_page(path).run()
    assert at.error[0].value.startswith("**Akut fare?** Ring [112](tel:112)")
    assert translate("app.not_diagnosis", "da") in [c.value for c in at.caption]


def test_unknown_page_is_not_registered() -> None:
    at = start()
    with pytest.raises(ValueError):
        at.switch_page("pages/nonexistent.py")


def test_language_defaults_to_danish_without_a_browser_locale() -> None:
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert at.session_state["lang"] == "da"
    assert at.segmented_control(key="lang_switch").value == "da"


# Names and numbers read the same in both languages; every other text must change.
NEUTRAL = {"Dansk", "English", "**Reaktionsguide**"}


def test_switching_language_changes_every_visible_text() -> None:
    at = start("da")
    danish = all_texts(at)
    at.segmented_control(key="lang_switch").set_value("en").run()
    assert at.session_state["lang"] == "en"
    english = all_texts(at)
    assert [text for text in danish if text in english and text not in NEUTRAL] == []
    expected = [
        "**In danger?** Call [112](tel:112)",
        "## Do you have any of these signs right now?",
        "Next",
        "No, none of these",
        "Decision support, not a diagnosis",
    ]
    for text in expected:
        assert any(text in shown for shown in english), text
    at.segmented_control(key="lang_switch").set_value("da").run()
    assert all_texts(at) == danish


def test_switching_language_changes_the_consultation_page() -> None:
    at = AppTest.from_file(str(REPO / "pages" / "therapist" / "consultation.py"), default_timeout=30)
    at.session_state["lang"] = "da"
    danish = all_texts(at.run())
    at.session_state["lang"] = "en"
    english = all_texts(at.run())
    numbers = {str(n) for n in range(11)}
    assert [text for text in danish if text in english and text not in NEUTRAL | numbers] == []
    for text in ["Consultation: assess a reaction", "Assess the reaction", "**Red flags (X2-X4, F2)**", "Soreness"]:
        assert text in english, text


def test_switching_language_keeps_the_self_check_answers() -> None:
    at = start("da")
    at.checkbox(key="sc.q_red_flags._none").check()
    at.button(key="sc_next").click().run()
    at.segmented_control(key="lang_switch").set_value("en").run()
    assert any(m.value == "## Was your neck treated or manipulated?" for m in at.markdown)
    assert at.session_state["selfcheck_answers"]["red_flags"]["dark_urine"] is False


def test_the_shell_leaves_garbage_collection_on_and_the_startup_heap_frozen() -> None:
    at = start()
    assert not at.exception
    assert gc.isenabled()  # paused only while the shell loads
    assert gc.get_freeze_count() > 0  # what the first run loaded is out of the collector's way


# A new process's first run of the shell for a visitor, reporting which modules it loaded.
FIRST_RUN = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=60)
at.session_state["lang"] = "en"
at.run()
assert not at.exception, at.exception
print(json.dumps({name: name in sys.modules for name in sys.argv[2:]}))
"""


@pytest.mark.signed_in(None)
def test_a_visitors_first_run_loads_neither_argon2_nor_the_emoji_catalogue() -> None:
    """What a server's first page does not need stays out of its cold start: password hashing (only
    where an account is looked up) and Streamlit's emoji catalogue (the page icon is a Material one)."""
    names = ["argon2", "logic.auth.accounts", "streamlit.emojis", "logic.figures.tree"]
    done = subprocess.run(
        [sys.executable, "-c", FIRST_RUN, str(APP), *names],
        cwd=REPO, capture_output=True, text=True, timeout=180, check=True,
    )  # fmt: skip
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == {name: False for name in names}


def test_page_objects_are_built_once_per_process_and_copied_per_run() -> None:
    """ui/navigation: a run gets copies of page templates (st.navigation marks the page it runs on the
    object, so no run may share one), and the templates stay a bounded set over languages and runs."""
    from ui import navigation

    start("da")
    start("en").run()
    templates = dict(navigation._TEMPLATES)
    assert templates, "app.py builds its pages through ui.navigation"
    for _ in range(3):
        start("da")
    assert navigation._TEMPLATES.keys() == templates.keys(), "reruns in a known language add no templates"
    assert all(page._can_be_called is False for page in templates.values()), "a template is never run itself"
