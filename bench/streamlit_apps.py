"""The Streamlit servers the benchmarks measure: how one is started, and the bare scripts the product
is measured against (bench_app.py, bench_load.py).

`server()` is the one place that starts a server: the product and the bare scripts alike, each on a
free port of 127.0.0.1 and with a fresh data folder of its own (REAKTIONSGUIDE_DATA_DIR).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.pgcluster import free_port

ROOT = Path(__file__).resolve().parents[1]

PYTHON = ROOT / ".venv" / "bin" / "python"
PRODUCT = ROOT / "server.py"  # app.py behind the app's routes and middleware (st.App)
START_TIMEOUT_S = 60

BARE_START = 'import streamlit as st; st.write("112")\n'

# The self-check as a bare Streamlit script: the widgets the product shows on the route the load
# benchmark walks (ui/widgets.py question_inputs: the same kinds, keys and option values; answers do not
# rerun the script, the Next button does), the language switch of the app's header, Back/Next and the
# result's level container; nothing else. bench_app.py measures its first three questions.
BARE_SELF_CHECK = """
import streamlit as st

INTENSITIES = ["none", "mild", "moderate", "severe"]
QUESTIONS = [
    ("q_red_flags", "flags", "Do you have any of these signs right now?",
     ["double_vision", "speech_difficulty", "swallowing_difficulty", "drop_attack",
      "one_sided_numbness_or_weakness", "unsteady_gait", "sudden_severe_headache_or_neck_pain",
      "chest_pain_or_breathlessness", "dark_urine", "swollen_painful_calf", "fainted"]),
    ("q_neck", "yes_no", "Was your neck treated or manipulated?", ["yes", "no", "unsure"]),
    ("q_symptoms", "intensities", "How strongly do you feel each of these?",
     ["soreness", "tiredness", "headache", "dizziness", "nausea", "vomiting", "sweating", "tinnitus",
      "heart_discomfort", "weakness", "visual_disturbance", "skin_marks", "bruising"]),
    ("q_hours", "number", "How many hours ago did the treatment end?", []),
    ("q_trajectory", "choice", "How is it developing?", ["improving", "stable", "worsening", "unsure"]),
    ("q_pain", "pain", "How much did it hurt before the treatment, and now?", ["pain_before", "pain_now"]),
    ("q_feels_like", "choice", "What does the pain feel like?", ["original_pain_worse", "bruise_or_irritation", "unsure"]),
    ("q_treatment", "choice", "Which treatment did you have?",
     ["relaxation_massage", "deep_massage", "trigger_point_therapy"]),
    ("q_new_pain", "choice", "Has new pain appeared somewhere else in your body?",
     ["none", "similar_to_original", "different"]),
]
ANSWER = {"yes": "Yes", "no": "No", "unsure": "Not sure"}

st.session_state.setdefault("q", 0)


def step(by):
    st.session_state.q = max(0, st.session_state.q + by)


q = st.session_state.q
st.error("**In danger?** Call [112](tel:112)")
st.segmented_control("Language", ["da", "en"], default="en", key="lang_switch", required=True,
                     label_visibility="collapsed")
if q < len(QUESTIONS):
    qid, kind, text, options = QUESTIONS[q]
    st.markdown(f"### {text}")
    if kind == "flags":
        for option in options:
            st.checkbox(option, key=f"sc.{qid}.{option}", wrap=True, on_change="ignore")
        st.divider()
        st.checkbox("**No, none of these**", key=f"sc.{qid}._none", on_change="ignore")
    elif kind in ("yes_no", "choice"):
        st.radio(text, options, index=None, format_func=lambda v: ANSWER.get(v, v), key=f"sc.{qid}",
                 label_visibility="collapsed", width="stretch", on_change="ignore")
    elif kind == "intensities":
        for option in options:
            st.segmented_control(option, INTENSITIES, default="none", format_func=str.capitalize,
                                 key=f"sc.{qid}.{option}", required=True, width="stretch", on_change="ignore")
    elif kind == "number":
        st.number_input("Hours", min_value=0.0, max_value=720.0, value=None, step=1.0, format="%g",
                        key=f"sc.{qid}", on_change="ignore")
    else:
        for field in options:
            st.segmented_control(field, list(range(11)), key=f"sc.{qid}.{field}", width="stretch",
                                 on_change="ignore")
    st.button("Next", on_click=step, args=(1,), type="primary", width="stretch", key="sc_next")
else:
    with st.container(border=True):
        with st.container(key="level-expected"):
            st.success("**Expected after-effects**")
    st.button("Start again", on_click=step, args=(-q,), type="primary", width="stretch", key="sc_restart")
if q:
    st.button("Back", on_click=step, args=(-1,), width="stretch", key="sc_back")
"""


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:PORT
    pid: int  # the server process (its CPU time and memory are read from /proc/<pid>)


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
            return response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@contextlib.contextmanager
def server(script: Path, data_dir: Path) -> Iterator[Server]:
    """`streamlit run script` from the repo root (same config for product and bare) on 127.0.0.1, with
    `data_dir` as its data folder; yields it once its health check answers, stops it afterwards."""
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
        deadline = time.monotonic() + START_TIMEOUT_S
        while not healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit run {script.name} did not start")
            time.sleep(0.02)
        yield Server(url, proc.pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def signed_in_demo_clinic(folder: str, username: str) -> tuple[Any, str, Any]:
    """The app's own Storage (ui/storage.py) on a fresh data folder with 30 demo clients, as `dev.py
    start` would open it, and `username` (a therapist) signed in as a browser would be: a session whose
    secret ui/auth reads instead of the cookie. Returns the Storage, the secret and the client with the
    most sessions. For the benches that run pages in AppTest (bench_auth, bench_session)."""
    os.environ["REAKTIONSGUIDE_DATA_DIR"] = folder
    os.environ.pop("REAKTIONSGUIDE_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "logic", "demo-data", "--clients", "30"], check=True,
                   capture_output=True, cwd=ROOT)  # fmt: skip
    os.chdir(ROOT)
    import ui.auth
    from logic.auth import accounts, browser_sessions
    from ui.storage import storage

    store = storage()
    accounts.create_user(store, username, "bench password 1", "therapist")
    secret = browser_sessions.redeem_handover(store, browser_sessions.start_handover(store, username))
    ui.auth.session_secret = lambda: secret
    client = max(store.search_clients(limit=100).items, key=lambda c: c.session_count)
    return store, secret, client
