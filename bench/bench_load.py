"""Load benchmark: how many concurrent self-check sessions one server process holds, against a bare
Streamlit script with the same widgets measured the same way in the same run.

Each virtual user is a browser as Streamlit's own frontend is, minus the rendering: it requests the page
and the health check (which sets the XSRF cookie), opens `/_stcore/stream` with the subprotocol
"streamlit" (the XSRF token second, the session id third when it reconnects), sends the first
`rerun_script` BackMsg with the browser's context (locale en-US, so the product answers in English),
and reads ForwardMsgs up to the run's `script_finished`. The widgets come from the run's deltas; the
user answers each question of the self-check with real widget states (WALK below: no red flags, neck
not treated, mild soreness and tiredness, 24 hours, getting better, pain 6 -> 4, deep massage, no new
pain), presses Next (a trigger_value, with every widget's state as the browser sends them) after a
think time, and so on to the result (the level container `level-expected`). A dropped connection is
reconnected with the session id, as the browser does, and counted.

Steps: `open` (page request to the first question shown) and `next <question>` (Next pressed to the
run's end). For each number of sessions (default 25, 50, 100, 150, 200, 300), the product and the bare
script (streamlit_apps.BARE_SELF_CHECK) each get a server of their own, started fresh with an empty data
folder and warmed by one unmeasured walk; the users start spread over one think time and each holds its
session until all have finished, so all are connected at once. Reported per step: p50/p95/p99 in ms,
errors, the users that reached the result; the server's CPU (share of one core while loaded, CPU time
per walk) and memory (peak RSS growth per session) from /proc/<pid>; the ratio product / bare of each;
and the capacity: the most sessions at which the p95 of all Next presses together is at most 300 ms,
with no error.

The client runs on the same machine (its own CPU time is printed); targets are 127.0.0.1 only.

With `--replicas N` it measures scale-out instead: per number of sessions n, one product process at n
against N product replicas behind nginx (deploy/replicas.py: https, route-cookie sticky sessions, one
database: SQLite in a shared folder, or `--database-url`) at N x n sessions, all on this machine.

Usage: python -m bench.bench_load [--sessions 25,50] [--think SECONDS] [--quick] [--replicas N]
       (--quick: 5 and 10 sessions, think 1 s; other options, meant for other benches, are ignored)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import os
import random
import ssl
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.streamlit_apps import BARE_SELF_CHECK, PRODUCT, PYTHON, Server, server

SESSIONS = (25, 50, 100, 150, 200, 300)
QUICK_SESSIONS = (5, 10)
THINK_S = 5.0
QUICK_THINK_S = 1.0
TARGET_P95_MS = 300.0
RUN_TIMEOUT_S = 60.0  # one script run (a step) may take this long before it counts as an error
CONNECT_TIMEOUT_S = 30.0
MAX_MESSAGES_PER_RUN = 5_000
RECONNECTS_PER_STEP = 1
LOCALE = "en-US"

# The walk: per question (the widget keys' second part, `sc.<question>.<part>`), the answer per widget
# key part ("" for a question's single widget): True/False for a checkbox, a number for a number input,
# an option index for a radio or a segmented control.
WALK: dict[str, dict[str, Any]] = {
    "q_red_flags": {"_none": True},  # none of the signs
    "q_neck": {"": 1},  # no
    "q_symptoms": {"soreness": 1, "tiredness": 1},  # mild; the others stay "none"
    "q_hours": {"": 24.0},
    "q_trajectory": {"": 0},  # getting better
    "q_pain": {"pain_before": 6, "pain_now": 4},
    "q_feels_like": {"": 1},  # like a bruise (E1: asked on every route)
    "q_treatment": {"": 1},  # deep massage
    "q_new_pain": {"": 0},  # none
}
RESULT = "expected"  # the level these answers lead to (logic/tree_data.py: l_expected)
KEY_PREFIX = "sc."  # the self-check's widget keys (pages/public/self_check.py PREFIX)
NEXT_KEY = "sc_next"
LEVEL_KEY = "level-"  # the result's level container: st.container(key=f"level-{level}")
WIDGET_KINDS = ("checkbox", "radio", "button_group", "number_input", "button")


def user_key(element_id: str) -> str:
    """The key a widget was given in the script (Streamlit's ids end with it: `$$ID-<hash>-<key>`)."""
    parts = element_id.split("-", 2)
    return parts[2] if len(parts) == 3 else ""


def local_tls(url: str) -> ssl.SSLContext | None:
    """For https (nginx on 127.0.0.1, deploy/): TLS without checking its self-signed certificate."""
    return _unchecked_tls() if url.startswith("https:") else None


@functools.cache
def _unchecked_tls() -> ssl.SSLContext:
    # One context for every user, without the system's CA store: loading that per user costs tens of ms
    # of the client's event loop each, which would show up as the server's latency.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def local_only(url: str) -> str:
    if urllib.parse.urlsplit(url).hostname != "127.0.0.1":
        raise ValueError(f"bench_load targets 127.0.0.1 only, not {url}")
    return url.rstrip("/")


class WalkError(Exception):
    pass


@dataclass
class Page:
    """What one script run showed: its widgets, the level of a result, an exception."""

    widgets: dict[str, tuple[str, Any]] = field(default_factory=dict)  # widget id -> (kind, widget proto)
    keyed: dict[str, str] = field(default_factory=dict)  # the script's widget key -> widget id
    level: str | None = None
    level_text: str = ""
    exception: str | None = None

    @property
    def question(self) -> str | None:
        keys = [key.split(".")[1] for key in self.keyed if key.startswith(KEY_PREFIX)]
        return keys[0] if keys else None


class VirtualUser:
    """One browser tab on the Streamlit server at `url`, speaking its websocket protocol."""

    def __init__(self, url: str) -> None:
        self.url = local_only(url)
        self.tls = local_tls(self.url)
        self.ws: Any = None
        self.session_id = ""
        self.page_hash = ""
        self.cookies: dict[str, str] = {}
        self.states: dict[str, WidgetState] = {}  # widget id -> its state, as the browser keeps them
        self.cache: dict[str, ForwardMsg] = {}  # cacheable ForwardMsgs by hash, as the browser keeps them
        self.page = Page()
        self.reconnects = 0

    async def open(self) -> Page:
        """Load the page: the page and health requests, the websocket, the first run."""
        async with asyncio.timeout(CONNECT_TIMEOUT_S):
            await self._http_get("/")
            await self._http_get("/_stcore/health")
        await self._connect()
        return await self._run(trigger=None)

    async def answer_and_next(self, answers: dict[str, Any]) -> Page:
        """Set the answers of the question on screen, then press Next."""
        qid = self.page.question
        for part, answer in answers.items():
            key = f"{KEY_PREFIX}{qid}.{part}" if part else f"{KEY_PREFIX}{qid}"
            if key not in self.page.keyed:
                raise WalkError(f"no widget {key} on the page")
            kind, widget = self.page.widgets[self.page.keyed[key]]
            self.states[widget.id] = _answer_state(kind, widget, answer)
        if NEXT_KEY not in self.page.keyed:
            raise WalkError("no Next button on the page")
        return await self._run(trigger=self.page.keyed[NEXT_KEY])

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    # --- protocol ---

    async def _http_get(self, path: str) -> None:
        """A GET as the browser's (HTTP/1.1, its cookies sent, the ones set kept); the body is read and
        dropped. Plain asyncio streams: no thread per user."""
        split = urllib.parse.urlsplit(self.url)
        reader, writer = await asyncio.open_connection(split.hostname, split.port, ssl=self.tls)
        try:
            headers = {"Host": split.netloc, "Connection": "close", **self._cookie_header()}
            request = f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
            writer.write(request.encode("latin-1"))
            await writer.drain()
            head, _, _ = (await reader.read()).partition(b"\r\n\r\n")
        finally:
            writer.close()
        status, *lines = head.decode("latin-1").split("\r\n")
        if status.split()[1:2] != ["200"]:
            raise WalkError(f"GET {path}: {status}")
        for line in lines:
            name, _, value = line.partition(":")
            if name.strip().lower() == "set-cookie":
                for cookie, morsel in SimpleCookie(value.strip()).items():
                    self.cookies[cookie] = morsel.value

    def _cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}

    async def _connect(self) -> None:
        # Like the browser: "streamlit", then the XSRF token, then the session id when reconnecting.
        protocols = ["streamlit", self.cookies.get("_streamlit_xsrf", "PLACEHOLDER_AUTH_TOKEN")]
        if self.session_id:
            protocols.append(self.session_id)
        ws_url = "ws" + self.url[len("http") :] + "/_stcore/stream"  # wss:// for https://
        self.ws = await websockets.connect(
            ws_url,
            origin=self.url,  # Host is 127.0.0.1:PORT from the URL, Origin http://127.0.0.1:PORT
            subprotocols=protocols,
            additional_headers=self._cookie_header(),
            open_timeout=CONNECT_TIMEOUT_S,
            max_size=None,
            proxy=None,
            ssl=self.tls,
        )

    def _rerun_message(self, trigger: str | None) -> bytes:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = ""
        rerun.page_script_hash = self.page_hash
        rerun.page_name = ""
        for state in self.states.values():
            rerun.widget_states.widgets.add().CopyFrom(state)
        if trigger:
            rerun.widget_states.widgets.add(id=trigger, trigger_value=True)
        rerun.cached_message_hashes.extend(self.cache)
        context = rerun.context_info
        context.timezone, context.timezone_offset, context.locale = "UTC", 0, LOCALE
        context.url, context.is_embedded, context.color_scheme = self.url + "/", False, "light"
        return msg.SerializeToString()

    async def _run(self, trigger: str | None) -> Page:
        """Send a rerun and read up to its script_finished; reconnect with the session id if dropped."""
        payload = self._rerun_message(trigger)
        for attempt in range(RECONNECTS_PER_STEP + 1):
            try:
                async with asyncio.timeout(RUN_TIMEOUT_S):
                    await self.ws.send(payload)
                    return await self._read_run()
            except websockets.ConnectionClosed:
                if attempt == RECONNECTS_PER_STEP:
                    raise
                # Like the browser: reconnect to the same session and rerun with the widget states held
                # (a click's trigger is not sent again; the walk sees which question is on screen).
                self.reconnects += 1
                self.ws = None
                await self._connect()
                payload = self._rerun_message(trigger=None)
        raise AssertionError("not reached")

    async def _read_run(self) -> Page:
        page = Page()
        for _ in range(MAX_MESSAGES_PER_RUN):
            msg = ForwardMsg()
            msg.ParseFromString(await self.ws.recv())
            msg = self._resolve(msg)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                page = Page()  # a run starts
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                self.page_hash = msg.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                self.page_hash = msg.navigation.page_script_hash or self.page_hash
            elif kind == "delta":
                _read_delta(msg, page)
            elif kind == "script_finished":
                status = msg.script_finished
                if status in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR):
                    self._keep_states(page)
                    self.page = page
                    return page
                # FINISHED_EARLY_FOR_RERUN: another run follows; a fragment's run is not the page's.
        raise WalkError(f"no script_finished within {MAX_MESSAGES_PER_RUN} messages")

    def _resolve(self, msg: ForwardMsg) -> ForwardMsg:
        """A reference to a message sent before (the browser said it has it) becomes that message."""
        if msg.WhichOneof("type") == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                raise WalkError(f"reference to a message never received: {msg.ref_hash}")
            resolved = ForwardMsg()
            resolved.CopyFrom(cached)
            resolved.metadata.CopyFrom(msg.metadata)
            return resolved
        if msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = msg
        return msg

    def _keep_states(self, page: Page) -> None:
        """The widget states the browser holds after a run: those of the widgets on the page, each with
        the value the script set, else its earlier value, else its default."""
        kept = {}
        for kind, widget in page.widgets.values():
            if kind == "button":
                continue  # a trigger, sent only with its click
            state = _shown_state(kind, widget)
            earlier = self.states.get(widget.id)
            if earlier is not None and not widget.set_value:
                state = earlier
            if state is not None:
                kept[widget.id] = state
        self.states = kept


def _read_delta(msg: ForwardMsg, page: Page) -> None:
    delta = msg.delta
    if delta.HasField("add_block") and delta.add_block.id:
        key = user_key(delta.add_block.id)
        if key.startswith(LEVEL_KEY):
            page.level = key[len(LEVEL_KEY) :]
    if not delta.HasField("new_element"):
        return
    element: Element = delta.new_element
    kind = element.WhichOneof("type")
    if kind in WIDGET_KINDS:
        widget = getattr(element, kind)
        page.widgets[widget.id] = (kind, widget)
        page.keyed[user_key(widget.id)] = widget.id
    elif kind == "exception":
        page.exception = f"{element.exception.type}: {element.exception.message}"
    elif kind == "alert" and page.level is not None and not page.level_text:
        page.level_text = element.alert.body


def _shown_state(kind: str, widget: Any) -> WidgetState | None:
    """A widget's value as the page shows it: set by the script, else its default; None when empty."""
    state = WidgetState(id=widget.id)
    if kind == "checkbox":
        state.bool_value = widget.value if widget.set_value else widget.default
    elif kind == "radio":
        if widget.set_value and widget.HasField("raw_value"):
            state.string_value = widget.raw_value
        elif widget.HasField("default"):
            state.string_value = widget.options[widget.default]
        else:
            return None
    elif kind == "button_group":
        chosen = list(widget.raw_values) if widget.set_value else [widget.options[i].content for i in widget.default]
        state.string_array_value.data.extend(chosen)
    elif kind == "number_input":
        if widget.set_value and widget.HasField("value"):
            _set_number(state, widget, widget.value)
        elif widget.HasField("default"):
            _set_number(state, widget, widget.default)
        else:
            return None
    else:
        return None
    return state


def _set_number(state: WidgetState, widget: NumberInput, value: float) -> None:
    if widget.data_type == NumberInput.INT:
        state.int_value = int(value)
    else:
        state.double_value = float(value)


def _answer_state(kind: str, widget: Any, answer: Any) -> WidgetState:
    state = WidgetState(id=widget.id)
    if kind == "checkbox":
        state.bool_value = bool(answer)
    elif kind == "radio":
        state.string_value = widget.options[answer]
    elif kind == "button_group":
        state.string_array_value.data.append(widget.options[answer].content)
    elif kind == "number_input":
        _set_number(state, widget, answer)
    else:
        raise WalkError(f"cannot answer a {kind}")
    return state


# --- a load step ---


@dataclass
class Outcome:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # step -> ms
    errors: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)  # the level each user reached
    level_texts: list[str] = field(default_factory=list)  # the words of the level's alert on its result page
    reconnects: int = 0

    def timed_step(self, name: str) -> Callable[[Awaitable[Page]], Awaitable[Page]]:
        async def run(call: Awaitable[Page]) -> Page:
            started = time.perf_counter()
            page = await call
            self.times[name].append((time.perf_counter() - started) * 1000)
            if page.exception:
                raise WalkError(f"{name}: the script raised {page.exception}")
            return page

        return run


async def walk(url: str, think_s: float, outcome: Outcome, rng: random.Random, start_delay: float,
               all_done: asyncio.Event | None = None, user: VirtualUser | None = None) -> None:  # fmt: skip
    """One virtual user's self-check, from opening the page to the result; errors go to `outcome`."""
    await asyncio.sleep(start_delay)
    user = user or VirtualUser(url)
    step = "open"
    try:
        page = await outcome.timed_step(step)(user.open())
        for _ in range(2 * len(WALK)):  # a question is asked again after a reconnect lost its click
            if page.level is not None:
                break
            qid = page.question
            if qid not in WALK:
                raise WalkError(f"after {step}: no question of the walk on the page ({qid})")
            await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))
            step = f"next {qid}"
            page = await outcome.timed_step(step)(user.answer_and_next(WALK[qid]))
        if page.level is None:
            raise WalkError(f"no result after {step}")
        outcome.levels.append(page.level)
        outcome.level_texts.append(page.level_text)
        if all_done is not None:  # hold the session until every user has finished
            await asyncio.wait_for(all_done.wait(), timeout=RUN_TIMEOUT_S * (len(WALK) + 2))
    except Exception as error:  # any failure of a user counts as its error; the others go on
        outcome.errors.append(f"{step}: {type(error).__name__}: {error}")
    finally:
        outcome.reconnects += user.reconnects
        with contextlib.suppress(Exception):
            await asyncio.wait_for(user.close(), timeout=CONNECT_TIMEOUT_S)


async def load(url: str, sessions: int, think_s: float, seed: int = 0) -> Outcome:
    """`sessions` users walk the self-check at once (starting spread over one think time)."""
    outcome = Outcome()
    rng = random.Random(seed)
    all_done = asyncio.Event()
    tasks = [
        asyncio.create_task(walk(url, think_s, outcome, random.Random(rng.random()), rng.uniform(0, think_s), all_done))
        for _ in range(sessions)
    ]
    # Every user has reached the result or failed (each step is bounded by RUN_TIMEOUT_S): let them go.
    while len(outcome.levels) + len(outcome.errors) < sessions and not all(task.done() for task in tasks):
        await asyncio.sleep(0.05)
    all_done.set()
    await asyncio.gather(*tasks)
    return outcome


# --- the server's CPU and memory, from /proc ---


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(times: list[float], q: int) -> float:
    if not times:
        return float("nan")
    if len(times) == 1:
        return times[0]
    return statistics.quantiles(times, n=100, method="inclusive")[q - 1]


@dataclass
class Measured:
    outcome: Outcome
    sessions: int
    wall_s: float
    cpu_s: float
    rss_before_mb: float
    rss_peak_mb: float

    @property
    def next_times(self) -> list[float]:
        return [ms for step, times in self.outcome.times.items() if step != "open" for ms in times]

    def p(self, times: list[float], q: int) -> float:
        return percentile(times, q)

    @property
    def cpu_share(self) -> float:
        return self.cpu_s / self.wall_s

    @property
    def cpu_ms_per_session(self) -> float:
        return self.cpu_s * 1000 / self.sessions

    @property
    def mb_per_session(self) -> float:
        return (self.rss_peak_mb - self.rss_before_mb) / self.sessions

    @property
    def within_target(self) -> bool:
        return not self.outcome.errors and self.p(self.next_times, 95) <= TARGET_P95_MS


async def measure(started: Server, sessions: int, think_s: float) -> Measured:
    """Warm the server with one walk, then load it with `sessions` users, watching its /proc."""
    return await measure_at(started.url, [started.url], [started.pid], sessions, think_s)


async def measure_at(url: str, warm_urls: list[str], pids: list[int], sessions: int, think_s: float) -> Measured:
    """One unmeasured walk on each of `warm_urls`, then `sessions` users at `url`; CPU and memory are
    the sums over the server processes `pids` (several replicas behind nginx)."""
    for warm_url in warm_urls:
        warm = Outcome()
        await walk(warm_url, 0.0, warm, random.Random(1), 0.0)
        if warm.errors:
            raise RuntimeError(f"the warm-up walk failed: {warm.errors[0]}")

    def rss() -> float:
        return sum(rss_mb(pid) for pid in pids)

    def cpu() -> float:
        return sum(cpu_seconds(pid) for pid in pids)

    rss_before, peak = rss(), 0.0
    cpu_before, began = cpu(), time.perf_counter()
    task = asyncio.create_task(load(url, sessions, think_s))
    while not task.done():
        peak = max(peak, rss())
        await asyncio.sleep(0.25)
    outcome = await task
    wall = time.perf_counter() - began
    return Measured(outcome, sessions, wall, cpu() - cpu_before, rss_before, max(peak, rss_before))


def measure_replicas(replicas: int, folder: Path, sessions: int, think_s: float, database_url: str | None) -> Measured:
    """`sessions` users through nginx (https) in front of `replicas` product processes (deploy/replicas.py)."""
    from deploy import replicas as deploy  # only this mode needs it

    env = {"REAKTIONSGUIDE_AUDIT_KEY": "bench-load-" + "0" * 32}
    if database_url:
        env["REAKTIONSGUIDE_DATABASE_URL"] = database_url
    with deploy.running(folder, env, replicas=replicas, python=str(PYTHON)) as cluster:
        warm = [r.url for r in cluster.replicas]
        return asyncio.run(measure_at(cluster.url, warm, [r.proc.pid for r in cluster.replicas], sessions, think_s))


def measure_script(script: Path, data_dir: Path, sessions: int, think_s: float) -> Measured:
    with server(script, data_dir) as started:
        return asyncio.run(measure(started, sessions, think_s))


# --- report ---


def _ratio(product: float, bare: float) -> str:
    return f"{product / bare:5.2f}x" if bare > 0 else "    -"


def report(product: Measured, bare: Measured, labels: tuple[str, str] = ("product", "bare")) -> None:
    steps = list(dict.fromkeys([*product.outcome.times, *bare.outcome.times]))
    if labels == ("product", "bare"):
        print(f"\n{product.sessions} sessions  (p50 / p95 / p99 in ms; ratio of p95 product / bare)")
    else:
        print(
            f"\n{product.sessions} sessions through nginx against {bare.sessions} on one process"
            f"  (p50 / p95 / p99 in ms; ratio of p95 {labels[0]} / {labels[1]})"
        )
    print(f"  {'step':24} {labels[0]:>22}   {labels[1]:>22}   ratio")
    rows = [(step, product.outcome.times.get(step, []), bare.outcome.times.get(step, [])) for step in steps]
    rows.append(("every Next", product.next_times, bare.next_times))
    for name, p_times, b_times in rows:
        p_fig = " / ".join(f"{product.p(p_times, q):6.0f}" for q in (50, 95, 99))
        b_fig = " / ".join(f"{bare.p(b_times, q):6.0f}" for q in (50, 95, 99))
        print(f"  {name:24} {p_fig:>22}   {b_fig:>22}   {_ratio(product.p(p_times, 95), bare.p(b_times, 95))}")
    for label, m in zip(labels, (product, bare), strict=True):
        reached = sum(level == RESULT for level in m.outcome.levels)
        print(
            f"  {label:8} reached the result {reached}/{m.sessions}, errors {len(m.outcome.errors)}, "
            f"reconnects {m.outcome.reconnects}; server CPU {m.cpu_share:.0%} of a core over {m.wall_s:.0f} s, "
            f"{m.cpu_ms_per_session:.0f} ms per walk; memory {m.mb_per_session:+.2f} MB per session "
            f"(RSS {m.rss_before_mb:.0f} -> peak {m.rss_peak_mb:.0f} MB)"
        )
        for error in m.outcome.errors[:3]:
            print(f"           error: {error}")
    print(
        f"  ratio    CPU per walk {_ratio(product.cpu_ms_per_session, bare.cpu_ms_per_session)}, "
        f"memory per session {_ratio(product.mb_per_session, bare.mb_per_session)}"
    )


def capacity(results: list[Measured]) -> str:
    held = [m.sessions for m in results if m.within_target]
    first_miss = next((m.sessions for m in results if not m.within_target), None)
    if not held:
        return f"none of the steps (p95 <= {TARGET_P95_MS:.0f} ms missed at {results[0].sessions})"
    told = f"{max(held)} sessions"
    return told + (f" (missed at {first_miss})" if first_miss else " (every step measured held)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", help="numbers of concurrent sessions, e.g. 25,50 (default 25,...,300)")
    parser.add_argument("--think", type=float, help=f"seconds between a user's answers (default {THINK_S:g})")
    parser.add_argument("--quick", action="store_true", help="5 and 10 sessions, think 1 s")
    parser.add_argument(
        "--replicas",
        type=int,
        default=0,
        help="N product replicas behind nginx (deploy/) at N x each number of sessions, against one process",
    )
    parser.add_argument("--database-url", help="with --replicas: the replicas' shared database (default SQLite)")
    args, _ = parser.parse_known_args(argv)
    steps = QUICK_SESSIONS if args.quick else SESSIONS
    if args.sessions:
        steps = tuple(int(n) for n in args.sessions.split(",") if n.strip())
    think = args.think if args.think is not None else (QUICK_THINK_S if args.quick else THINK_S)

    print(
        f"load average at start {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs); sessions {steps}, think {think:g} s"
    )
    if args.replicas:
        return main_replicas(args.replicas, steps, think, args.database_url)
    began, client_cpu = time.perf_counter(), time.process_time()
    products, bares = [], []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        tmp_dir = Path(tmp)
        bare_script = tmp_dir / "bare_self_check.py"
        bare_script.write_text(BARE_SELF_CHECK)
        for n in steps:
            products.append(measure_script(PRODUCT, tmp_dir / f"p{n}", n, think))
            bares.append(measure_script(bare_script, tmp_dir / f"b{n}", n, think))
            report(products[-1], bares[-1])
    print(f"\ncapacity per process (p95 of all Next presses <= {TARGET_P95_MS:.0f} ms, no error):")
    print(f"  product {capacity(products)}")
    print(f"  bare    {capacity(bares)}")
    print(
        f"total bench time {time.perf_counter() - began:.0f} s, the load client's own CPU "
        f"{time.process_time() - client_cpu:.0f} s, load average at end {os.getloadavg()[0]:.1f}"
    )
    return 0


def main_replicas(replicas: int, steps: tuple[int, ...], think: float, database_url: str | None) -> int:
    """Each step: one product process at n sessions, then `replicas` behind nginx at replicas x n."""
    began, client_cpu = time.perf_counter(), time.process_time()
    singles, spread = [], []
    with tempfile.TemporaryDirectory(prefix="bench-load-replicas-") as tmp:
        for n in steps:
            singles.append(measure_script(PRODUCT, Path(tmp) / f"one{n}", n, think))
            spread.append(measure_replicas(replicas, Path(tmp) / f"r{n}", replicas * n, think, database_url))
            report(spread[-1], singles[-1], labels=(f"{replicas} replicas", "1 process"))
    print(f"\ncapacity (p95 of all Next presses <= {TARGET_P95_MS:.0f} ms, no error):")
    print(f"  one process          {capacity(singles)}")
    print(f"  {replicas} replicas, nginx   {capacity(spread)} in all")
    print(
        f"total bench time {time.perf_counter() - began:.0f} s, the load client's own CPU "
        f"{time.process_time() - client_cpu:.0f} s (on the same machine as nginx and the replicas), "
        f"load average at end {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
