"""The engine's command line at its boundary: strict JSON types as the published schema says, bounded
sizes checked before parsing goes deep, field names printed safely, and a fuzz test of the whole promise
(interfaces.md: bad input exits 2, nothing on stdout, one line per problem naming the field).

Most runs are in-process (`logic.cli.main` with its standard streams swapped); a sample goes through the
real `python -m logic` subprocess.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema.validators import extend

from logic import cli, strict_json
from logic.models import RED_FLAG_KEYS, SYMPTOM_KEYS, PlanRequest, ReactionReport
from tests import REPO
from tests.strategies import INTENSITIES, LEVELS, TREATMENTS, client_dict, plan_request_dict, report_dict, session_dict

ROOT = REPO


def valid_pool(strategy_name: str, size: int = 60) -> list[dict[str, Any]]:
    """Valid inputs to start the fuzzing from, built once (drawing them per example would cost more than
    running the command line): the vignette builders with answers chosen by a seeded generator."""
    pick = random.Random(14)
    pool = []
    for _ in range(size):
        if strategy_name == "assess":
            pool.append(report_dict(
                hours_since_treatment=pick.choice([0, 6, 20, 47.5, 48, 72.25, 500]),
                treatment=pick.choice(TREATMENTS), neck_treatment=pick.random() < 0.3,
                symptoms={key: pick.choice(INTENSITIES) for key in pick.sample(SYMPTOM_KEYS, pick.randint(0, 4))},
                red_flags={key: True for key in pick.sample(RED_FLAG_KEYS, pick.choice([0, 0, 0, 1, 2]))},
                pain_before=pick.randint(0, 10), pain_now=pick.randint(0, 10),
            ))  # fmt: skip
        else:
            client = client_dict(
                age=pick.randint(0, 120), condition_months=pick.choice([0, 2, 6.5, 30]),
                disclosed_conditions=pick.sample(["diabetes", "asthma", "  "], pick.randint(0, 2)),
                conditions_reviewed=pick.random() < 0.5,
            )  # fmt: skip
            history = [
                session_dict(day, reaction_level=pick.choice([None, *LEVELS])) for day in range(pick.randint(0, 3))
            ]
            pool.append(plan_request_dict(client=client, history=history, planned_treatment=pick.choice(TREATMENTS)))
    return pool


POOLS = {command: valid_pool(command) for command in ("assess", "plan")}
COMMANDS = {command: (lambda pool=pool: st.sampled_from(pool)) for command, pool in POOLS.items()}

# --- Running the command line ---------------------------------------------------------------------


def run_in_process(command: str, stdin: bytes, lang: str = "en") -> tuple[int, str, str]:
    """`python -m logic COMMAND --lang LANG -` in this process; any exception escaping main() fails the test."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([command, "--lang", lang, "-"])
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def run_subprocess(command: str, stdin: bytes, lang: str = "en", *extra: str) -> tuple[int, str, str]:
    args = [sys.executable, "-m", "logic", command, "--lang", lang, *(extra or ("-",))]
    done = subprocess.run(args, cwd=ROOT, input=stdin, capture_output=True, timeout=120)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def text_of(data: Any) -> bytes:
    return json.dumps(data).encode()


# A line's head names a field (plain keys, "quoted keys" with escapes, (empty key), [index]) or the input.
_SEGMENT = r'(?:[A-Za-z_][A-Za-z0-9_]*|"(?:[^"\\]|\\.)*"|\((?:empty key|tom nøgle)\))'
FIELD_LINE = re.compile(rf"^(?:{_SEGMENT}|\[\d+\])(?:\.{_SEGMENT}|\[\d+\])*: \S")


def check_promise(code: int, out: str, err: str, source: str = "stdin") -> None:
    """interfaces.md's promise for any input: exit 0 with JSON, or exit 2 with lines naming fields (or the
    whole input: `input`, or the source read, as `stdin` or the file's name)."""
    assert code in (0, 2), (code, err)
    if code == 0:
        assert err == ""
        json.loads(out)
        return
    assert out == ""
    assert err.endswith("\n") and err.strip()
    lines = err[:-1].split("\n")
    assert err.splitlines() == lines, "every problem is one line (no other line separators)"
    for line in lines:
        assert all(char.isprintable() for char in line), line
        assert FIELD_LINE.match(line) or line.startswith(f"{source}: "), line
    assert len(lines) <= cli.MAX_PROBLEM_LINES + 1


def problems(command: str, data: Any, lang: str = "en") -> list[str]:
    code, out, err = run_in_process(command, data if isinstance(data, bytes) else text_of(data), lang)
    check_promise(code, out, err)
    assert code == 2, out
    return err.splitlines()


# --- Types exactly as the schema says ------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, line",
    [
        ({"hours_since_treatment": True}, "hours_since_treatment: must be a number"),
        ({"hours_since_treatment": "20"}, "hours_since_treatment: must be a number"),
        ({"worsening_hours": False}, "worsening_hours: must be a number"),
        ({"pain_now": 7.0}, "pain_now: must be a whole number"),
        ({"pain_now": "7"}, "pain_now: must be a whole number"),
        ({"pain_before": True}, "pain_before: must be a whole number"),
        ({"neck_treatment": 1}, "neck_treatment: must be true or false"),
        ({"neck_treatment": "false"}, "neck_treatment: must be true or false"),
        (
            {"treatment": 1},
            "treatment: must be one of: 'relaxation_massage', 'deep_massage' or 'trigger_point_therapy'",
        ),
        ({"hours_since_treatment": 1_000_001}, "hours_since_treatment: must be at most 1000000"),
        ({"symptoms": []}, "symptoms: must be an object"),
    ],
)
def test_report_types_are_not_converted(changes: dict[str, Any], line: str) -> None:
    assert problems("assess", report_dict() | changes) == [line]


@pytest.mark.parametrize(
    "data, line",
    [
        (plan_request_dict(client=client_dict(age=40.0)), "client.age: must be a whole number"),
        (plan_request_dict(client=client_dict(age="40")), "client.age: must be a whole number"),
        (plan_request_dict(client=client_dict(stressors=0)), "client.stressors: must be true or false"),
        (plan_request_dict(history=[session_dict(date=20260105)]), "history[0].date: must be a date (YYYY-MM-DD)"),
        (plan_request_dict(history=[session_dict(pressure="5")]), "history[0].pressure: must be a number"),
        (
            plan_request_dict(client=client_dict(disclosed_conditions=["x"] * 51)),
            "client.disclosed_conditions: has too many items (at most 50)",
        ),
    ],
)
def test_plan_types_are_not_converted(data: dict[str, Any], line: str) -> None:
    assert problems("plan", data) == [line]


def test_numbers_must_be_finite_and_short() -> None:
    base = json.dumps(report_dict(hours_since_treatment=0, worsening_hours=1, pain_now=2, pain_before=3))
    for token in ("NaN", "Infinity", "-Infinity", "1e400", "-1e999"):
        raw = base.replace('"hours_since_treatment": 0', f'"hours_since_treatment": {token}')
        assert problems("assess", raw.encode()) == ["hours_since_treatment: must be a finite number"]
    raw = base.replace('"pain_now": 2', '"pain_now": ' + "9" * 5000)
    raw = raw.replace('"worsening_hours": 1', '"worsening_hours": 0.' + "0" * 50 + "1")
    limit = strict_json.MAX_NUMBER_CHARS
    assert sorted(problems("assess", raw.encode())) == [
        f"pain_now: is a number with too many characters (at most {limit})",
        f"worsening_hours: is a number with too many characters (at most {limit})",
    ]
    assert problems("assess", raw.encode(), "da")[0].endswith(f"er et tal med for mange tegn (højst {limit})")


def test_a_key_given_twice_is_refused() -> None:
    raw = json.dumps(report_dict(pain_now=2)).replace('"pain_now": 2', '"pain_now": 2, "pain_now": 11')
    assert problems("assess", raw.encode()) == ["pain_now: is given more than once"]


# --- Bounded sizes, checked before parsing goes deep --------------------------------------------


def test_deep_nesting_is_refused_before_parsing() -> None:
    depth = strict_json.MAX_DEPTH
    assert problems("assess", b"[" * 990 + b"]" * 990) == [f"stdin: is nested too deeply (at most {depth} levels)"]
    assert problems("plan", b'{"a":' * 5000 + b"1" + b"}" * 5000, "da") == [
        f"stdin: er indlejret for dybt (højst {depth} niveauer)"
    ]
    # Brackets inside strings do not count, and escaped quotes do not end a string.
    inside = report_dict(symptoms={'[[[[\\"{{{{' * 10: "mild"})
    assert problems("assess", inside)[0].startswith('symptoms."[[[[\\\\\\"{{{{')
    nested = json.dumps({"a": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]})  # 21 levels with the object
    assert strict_json.nesting_depth(nested) == 21
    assert problems("assess", nested.encode()) == [f"stdin: is nested too deeply (at most {depth} levels)"]


def test_input_size_and_list_length_are_bounded() -> None:
    too_large = b" " * strict_json.MAX_INPUT_BYTES + b"{}"
    assert problems("assess", too_large) == [f"stdin: is too large (at most {strict_json.MAX_INPUT_BYTES} bytes)"]
    many = b"[" + b",".join([b"{}"] * (cli.MAX_ITEMS + 1)) + b"]"
    assert problems("assess", many) == [f"input: has too many items (at most {cli.MAX_ITEMS})"]


def test_problem_lines_are_bounded() -> None:
    lines = problems("assess", report_dict() | {f"extra{i}": i for i in range(200)})
    assert len(lines) == cli.MAX_PROBLEM_LINES + 1
    assert lines[-1] == f"input: {200 - cli.MAX_PROBLEM_LINES} more problems"


def test_bytes_that_are_not_utf8() -> None:
    assert problems("assess", b'{"treatment": "\xff"}') == ["stdin: is not UTF-8 text (byte 15)"]
    assert problems("assess", b"\xef\xbb\xbf{}")[0].startswith("stdin: is not valid JSON (Unexpected UTF-8 BOM")


# --- Field names printed safely ------------------------------------------------------------------


def test_unknown_keys_cannot_forge_lines() -> None:
    data = report_dict() | {"x\nfake.field: is required": 1, "\x1b[31mred": 2, "": 3, "\u202eevil": 4, "a" * 100: 5}
    lines = problems("assess", data)
    assert sorted(lines) == sorted([
        '"x\\nfake.field: is required": is not a known field',
        '"\\x1b[31mred": is not a known field',
        "(empty key): is not a known field",
        '"\\u202eevil": is not a known field',
        f'"{"a" * 60}…": is not a known field',
    ])  # fmt: skip
    assert "(tom nøgle): er ikke et kendt felt" in problems("assess", {"": 1} | report_dict(), "da")


def test_a_file_name_is_printed_safely(tmp_path: Path) -> None:
    odd = tmp_path / "report\n\x1b[2J.json"
    code, out, err = run_subprocess("assess", b"", "en", str(odd))
    check_promise(code, out, err, source=f"{tmp_path}/report\\n\\x1b[2J.json")
    assert err == f"{tmp_path}/report\\n\\x1b[2J.json: cannot be read: No such file or directory\n"


@pytest.mark.parametrize(
    "text, message",
    [
        ("asthma\x00", "contains a control character (U+0000)"),
        ("\u202eamhtsa", "changes the writing direction (U+202E)"),
        ("\u200b\u2060", "contains only invisible characters"),
    ],
)
def test_disclosed_conditions_follow_the_text_rules(text: str, message: str) -> None:
    [line] = problems("plan", plan_request_dict(client=client_dict(disclosed_conditions=["diabetes", text])))
    assert line.startswith("client.disclosed_conditions[1]: ") and message in line


# --- The crashes, through the real command line -------------------------------------------


@pytest.mark.parametrize(
    "command, raw, first_line",
    [
        ("assess", b"[" * 990 + b"]" * 990, "stdin: is nested too deeply"),
        ("plan", b'{"client": {"age": ' + b"4" * 4301 + b"}}", "client.age: is a number with too many characters"),
        ("assess", json.dumps(report_dict(hours_since_treatment=True)).encode(), "hours_since_treatment: must be"),
    ],
)
def test_former_crashes_through_the_subprocess(command: str, raw: bytes, first_line: str) -> None:
    code, out, err = run_subprocess(command, raw)
    check_promise(code, out, err)
    assert code == 2 and err.startswith(first_line) and "Traceback" not in err


# --- Fuzzing --------------------------------------------------------------------------------------

ODD_KEYS = ["", "\n", "x\nfake.field: is required", "\x1b[31mred", "\u202eevil", "a.b", "[0]", '"q"', "\\", "\x00"]
keys = st.one_of(st.text(max_size=12), st.sampled_from(ODD_KEYS))
TRICKY = [
    True, False, None, "20", "7", "", "\x00", "\u200b", "a\u202eb", "2026-02-30", "20260105", 7.0, 0.5, -1, 11,
    1e6, 1_000_001, 1e300, 10**30, [], {}, ["diabetes"] * 51,
]  # fmt: skip
finite_json = st.recursive(
    st.sampled_from(TRICKY) | st.integers(-(10**20), 10**20) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=6,
)  # fmt: skip
# Written into the JSON text as they are: what Python's json cannot produce or would refuse to read.
RAW_TOKENS = [
    "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1" * 5000, "0." + "0" * 500 + "1", "[" * 1000 + "]" * 1000,
    '{"a":' * 990 + "1" + "}" * 990, '"\\ud800"', '"\\u0000"', "1.", "01", "+1", "0x10", "true ", "[1,]",
]  # fmt: skip


def places(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(value, dict):
        for key, item in value.items():
            found += places(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += places(item, (*here, index))
    return found


def parent_of(data: Any, place: tuple[Any, ...]) -> Any:
    for step in place[:-1]:
        data = data[step]
    return data


@st.composite
def mutated(
    draw: st.DrawFn, base: st.SearchStrategy[dict[str, Any]], raw: bool
) -> tuple[dict[str, Any], dict[str, str]]:
    """A valid input with up to four changes: a value replaced, a key removed or added. With `raw`, some
    values are placeholders for RAW_TOKENS (returned with them)."""
    data = copy.deepcopy(draw(base))
    tokens: dict[str, str] = {}
    for _ in range(draw(st.integers(0, 4))):
        place = draw(st.sampled_from(places(data)))
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        target = parent_of(data, place) if place else None
        if action == "remove" and place and isinstance(target, dict):
            del target[place[-1]]
        elif action == "add" and isinstance(data if not place else target[place[-1]], dict):
            container = data if not place else target[place[-1]]
            container[draw(keys)] = copy.deepcopy(draw(finite_json))
        elif place:
            if raw and draw(st.booleans()):
                marker = f"@@raw{len(tokens)}@@"
                tokens[marker] = draw(st.sampled_from(RAW_TOKENS))
                target[place[-1]] = marker
            else:
                target[place[-1]] = copy.deepcopy(draw(finite_json))
    return data, tokens


@st.composite
def any_input(draw: st.DrawFn, command: str) -> bytes:
    """Bytes for the command's stdin: mutated valid inputs (alone or in a list), arbitrary JSON, or bytes."""
    kind = draw(st.sampled_from(["mutated", "mutated", "mutated", "list", "json", "bytes", "corrupted"]))
    if kind == "json":
        return text_of(draw(finite_json))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    count = draw(st.integers(1, 3)) if kind == "list" else 1
    items, tokens = [], {}
    for _ in range(count):
        item, item_tokens = draw(mutated(COMMANDS[command](), raw=True))
        renamed = {f"@@{len(tokens) + i}{marker}": token for i, (marker, token) in enumerate(item_tokens.items())}
        text = json.dumps(item)
        for (marker, _), new in zip(item_tokens.items(), renamed, strict=True):
            text = text.replace(f'"{marker}"', f'"{new}"')
        tokens |= renamed
        items.append(text)
    text = items[0] if kind != "list" else "[" + ", ".join(items) + "]"
    for marker, token in tokens.items():
        text = text.replace(f'"{marker}"', token)
    raw = text.encode("utf-8", "surrogatepass")
    if kind == "corrupted":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(max_size=8)) + raw[at + draw(st.integers(0, 8)) :]
    return raw


FUZZ_EXAMPLES = max(2000, settings.default.max_examples)


@settings(
    max_examples=FUZZ_EXAMPLES, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)  # fmt: skip
@given(data=st.data())
def test_fuzzed_input_keeps_the_promise_in_process(data: st.DataObject) -> None:
    command = data.draw(st.sampled_from(sorted(COMMANDS)))
    check_promise(*run_in_process(command, data.draw(any_input(command)), data.draw(st.sampled_from(["da", "en"]))))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_fuzzed_input_keeps_the_promise_through_the_subprocess(data: st.DataObject) -> None:
    command = data.draw(st.sampled_from(sorted(COMMANDS)))
    stdin, lang = data.draw(any_input(command)), data.draw(st.sampled_from(["da", "en"]))
    code, out, err = run_subprocess(command, stdin, lang)
    check_promise(code, out, err)
    assert (code, out, err) == run_in_process(command, stdin, lang)


# --- The published schema and the command line agree ---------------------------------------------


def strict_validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    """Draft 2020-12 with formats checked, where "integer" is a JSON number written without a fraction or
    exponent: the one point where JSON Schema is looser than the contract (it counts 7.0 as an integer,
    the engine refuses a float where the contract says integer; README, "Engine command line")."""
    checker = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool)
    )
    return extend(jsonschema.Draft202012Validator, type_checker=checker)(
        schema, format_checker=jsonschema.FormatChecker()
    )


VALIDATORS = {
    "assess": strict_validator(ReactionReport.model_json_schema()),
    "plan": strict_validator(PlanRequest.model_json_schema()),
}


def test_the_published_schema_is_the_models_schema() -> None:
    for command, kind in (("assess", "report"), ("plan", "plan")):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert cli.main(["schema", kind]) == 0
        assert json.loads(out.getvalue()) == VALIDATORS[command].schema


@settings(max_examples=max(600, settings.default.max_examples), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data())
def test_schema_and_command_line_accept_the_same_inputs(data: st.DataObject) -> None:
    command = data.draw(st.sampled_from(sorted(COMMANDS)))
    item, _ = data.draw(mutated(COMMANDS[command](), raw=False))
    schema_accepts = VALIDATORS[command].is_valid(item)
    code, out, err = run_in_process(command, text_of(item))
    check_promise(code, out, err)
    assert schema_accepts == (code == 0), (item, err, list(VALIDATORS[command].iter_errors(item))[:3])
