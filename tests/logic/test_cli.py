"""`python -m logic`, run as a real subprocess from the repository root, against shared/domain/interfaces.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest

from logic.knowledge import STATEMENTS
from tests import REPO
from tests.strategies import client_dict, plan_request_dict, report_dict, session_dict

ROOT = REPO

LEVELS = {"expected", "healing_crisis", "contact_therapist", "doctor_today", "emergency"}
PHONE_LEVELS = {"emergency", "doctor_today"}
FLAGS = {"consider_alternatives", "review_disclosures", "medical_clearance_required", "expectation_talk"}

# The contract's fields, and the optional additions the engine declares (interfaces.md allows those).
ASSESSMENT_KEYS = {"level", "progress_sign", "reasons", "advice", "path"}
ASSESSMENT_OPTIONAL = {"leaf", "engine_version"}
ADVICE_KEYS = {"now", "escalate_if"}
ADVICE_OPTIONAL = {"recheck_after_hours", "phone", "statement_ids"}
PLAN_KEYS = {"duration_min", "pressure", "interval_days", "reasons", "flags"}
REASON_KEYS = {"statement_ids", "text"}
PLAN_REASON_OPTIONAL = {"rule", "clinic_defaults"}


Result = subprocess.CompletedProcess[str]


def execute(args: tuple[str, ...], stdin: str | None, env: dict[str, str] | None) -> Result:
    return subprocess.run(
        [sys.executable, "-m", "logic", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=None if env is None else os.environ | env,
    )


# Every run without extra environment, by (args, stdin); most are started ahead, in parallel (`prefetch`).
PENDING: dict[tuple[Any, ...], Future[Result]] = {}


def key(args: tuple[str, ...], stdin: str | None) -> tuple[Any, ...]:
    return args, stdin


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    """`python -m logic ARGS` with STDIN; the same run (no extra environment) is made only once."""
    if env is not None:
        return execute(args, stdin, env)
    if key(args, stdin) not in PENDING:
        PENDING[key(args, stdin)] = Future()
        PENDING[key(args, stdin)].set_result(execute(args, stdin, None))
    return PENDING[key(args, stdin)].result()


def ok_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


REPORTS = [
    report_dict(symptoms={"soreness": "moderate", "tiredness": "mild"}, pain_before=6, pain_now=7),
    report_dict(red_flags={"double_vision": True}),
    report_dict(red_flags={"dark_urine": True}),
    report_dict(symptoms={"tiredness": "mild"}),
    report_dict(new_pain_elsewhere="similar_to_original"),
    report_dict(pain_before=5, pain_now=7, feels_like="original_pain_worse"),
]
REPORT_LEVELS = ["healing_crisis", "emergency", "doctor_today", "expected", "healing_crisis", "contact_therapist"]

PLANS = [
    plan_request_dict(
        client=client_dict(
            age=74,
            condition_months=18,
            trigger_points="many",
            trigger_point_severity="moderate",
            disclosed_conditions=["diabetes"],
            conditions_reviewed=True,
        ),
        history=[session_dict(0, pressure=6, pain_before=7, pain_after=6, reaction_level="healing_crisis")],
    ),
    plan_request_dict(client=client_dict(massage_experience="first_time")),
    plan_request_dict(history=[session_dict(i, pain_before=8, pain_after=8) for i in range(3)]),
    plan_request_dict(
        client=client_dict(disclosed_conditions=["asthma"], conditions_reviewed=False),
        history=[session_dict(0, reaction_level="doctor_today")],
        planned_treatment="deep_massage",
    ),
]
PLAN_FLAGS = [
    set(),
    {"expectation_talk"},
    {"consider_alternatives"},
    {"review_disclosures", "medical_clearance_required"},
]


def check_reason(reason: dict[str, Any], optional: set[str] = frozenset()) -> None:
    assert REASON_KEYS <= set(reason) <= REASON_KEYS | optional, reason
    assert reason["statement_ids"] and set(reason["statement_ids"]) <= set(STATEMENTS)
    assert isinstance(reason["text"], str) and reason["text"].strip()


def check_assessment(out: dict[str, Any]) -> None:
    assert ASSESSMENT_KEYS <= set(out) <= ASSESSMENT_KEYS | ASSESSMENT_OPTIONAL, set(out)
    assert out["level"] in LEVELS
    assert isinstance(out["progress_sign"], bool)
    assert out["reasons"]
    for reason in out["reasons"]:
        check_reason(reason)
    advice = out["advice"]
    assert ADVICE_KEYS <= set(advice) <= ADVICE_KEYS | ADVICE_OPTIONAL, set(advice)
    assert isinstance(advice["now"], str) and advice["now"].strip()
    assert isinstance(advice["escalate_if"], list) and all(isinstance(e, str) and e for e in advice["escalate_if"])
    if out["level"] in PHONE_LEVELS:
        assert isinstance(advice["phone"], str) and advice["phone"]
    else:
        assert "phone" not in advice, "phone is absent below doctor_today"
        assert isinstance(advice["recheck_after_hours"], (int, float)) and advice["recheck_after_hours"] > 0
    assert isinstance(out["path"], list) and out["path"] and all(isinstance(p, str) for p in out["path"])


def check_plan(out: dict[str, Any]) -> None:
    assert set(out) == PLAN_KEYS, set(out)
    for key in ("duration_min", "pressure", "interval_days"):
        assert isinstance(out[key], int) and not isinstance(out[key], bool)
    assert out["reasons"]
    for reason in out["reasons"]:
        check_reason(reason, PLAN_REASON_OPTIONAL)
    assert set(out["flags"]) <= FLAGS and len(out["flags"]) == len(set(out["flags"]))


# --- assess ---------------------------------------------------------------------------------------


def test_assess_one_report_from_a_file(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(json.dumps(REPORTS[0]), encoding="utf-8")
    out = ok_json(run("assess", "--lang", "en", str(path)))
    assert isinstance(out, dict)
    check_assessment(out)
    assert out["level"] == "healing_crisis"


def test_assess_a_list_from_stdin_keeps_order_and_length():
    out = ok_json(run("assess", "--lang", "en", "-", stdin=json.dumps(REPORTS)))
    assert isinstance(out, list) and len(out) == len(REPORTS)
    for item in out:
        check_assessment(item)
    assert [item["level"] for item in out] == REPORT_LEVELS
    assert out[4]["progress_sign"] is True


def test_assess_one_report_from_stdin_and_a_list_from_a_file(tmp_path):
    one = ok_json(run("assess", "-", stdin=json.dumps(REPORTS[2])))
    check_assessment(one)
    assert one["level"] == "doctor_today"
    path = tmp_path / "reports.json"
    path.write_text(json.dumps(REPORTS[::-1]), encoding="utf-8")
    many = ok_json(run("assess", str(path)))
    assert [item["level"] for item in many] == REPORT_LEVELS[::-1]


def test_assess_texts_differ_between_danish_and_english():
    payload = json.dumps(REPORTS)
    da = ok_json(run("assess", "--lang", "da", "-", stdin=payload))
    en = ok_json(run("assess", "--lang", "en", "-", stdin=payload))
    for d, e in zip(da, en, strict=True):
        assert (d["level"], d["path"], d["progress_sign"]) == (e["level"], e["path"], e["progress_sign"])
        assert d["reasons"][0]["text"] != e["reasons"][0]["text"]
        assert d["advice"]["now"] != e["advice"]["now"]
        assert d["advice"].get("phone") == e["advice"].get("phone")


def test_clinic_phone_numbers_from_the_environment():
    env = {"REAKTIONSGUIDE_EMERGENCY_PHONE": "999", "REAKTIONSGUIDE_REGION": "midtjylland"}
    out = ok_json(run("assess", "--lang", "en", "-", stdin=json.dumps(REPORTS[:3]), env=env))
    assert out[1]["advice"]["phone"] == "999" and "999" in out[1]["advice"]["now"]
    # X1: the region's out-of-hours line, named, besides the client's own doctor.
    assert out[2]["advice"]["phone"] == "70 11 31 31" and "70 11 31 31" in out[2]["advice"]["now"]
    assert "Region Midtjylland" in out[2]["advice"]["now"] and "own doctor" in out[2]["advice"]["now"]
    assert "phone" not in out[0]["advice"] and any("999" in e for e in out[0]["advice"]["escalate_if"])
    corrected = env | {"REAKTIONSGUIDE_OUT_OF_HOURS_PHONES__MIDTJYLLAND": "7011 3132"}
    out = ok_json(run("assess", "--lang", "da", "-", stdin=json.dumps(REPORTS[2]), env=corrected))
    assert out["advice"]["phone"] == "7011 3132" and "Region Midtjylland" in out["advice"]["now"]


def test_default_language_is_danish():
    for command, items in (("assess", REPORTS), ("plan", PLANS)):
        payload = json.dumps(items)
        assert ok_json(run(command, "-", stdin=payload)) == ok_json(run(command, "--lang", "da", "-", stdin=payload))


# --- plan -----------------------------------------------------------------------------------------


def test_plan_one_request_from_a_file(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(PLANS[0]), encoding="utf-8")
    out = ok_json(run("plan", "--lang", "en", str(path)))
    assert isinstance(out, dict)
    check_plan(out)
    assert set(out["flags"]) == PLAN_FLAGS[0]


def test_plan_a_list_from_stdin_keeps_order_and_length():
    out = ok_json(run("plan", "--lang", "en", "-", stdin=json.dumps(PLANS)))
    assert isinstance(out, list) and len(out) == len(PLANS)
    for item, flags in zip(out, PLAN_FLAGS, strict=True):
        check_plan(item)
        assert set(item["flags"]) == flags


def test_plan_one_from_stdin_and_a_list_from_a_file(tmp_path):
    check_plan(ok_json(run("plan", "-", stdin=json.dumps(PLANS[1]))))
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(PLANS[::-1]), encoding="utf-8")
    out = ok_json(run("plan", str(path)))
    assert [set(item["flags"]) for item in out] == PLAN_FLAGS[::-1]


def test_plan_texts_differ_between_danish_and_english():
    payload = json.dumps(PLANS)
    da = ok_json(run("plan", "--lang", "da", "-", stdin=payload))
    en = ok_json(run("plan", "--lang", "en", "-", stdin=payload))
    for d, e in zip(da, en, strict=True):
        assert {k: d[k] for k in ("duration_min", "pressure", "interval_days", "flags")} == {
            k: e[k] for k in ("duration_min", "pressure", "interval_days", "flags")
        }
        assert [r["text"] for r in d["reasons"]] != [r["text"] for r in e["reasons"]]


# --- schema ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, valid, required",
    [
        ("report", REPORTS[0], {"hours_since_treatment", "treatment", "red_flags", "pain_before", "pain_now"}),
        ("plan", PLANS[0], {"client", "planned_treatment"}),
    ],
)
def test_schema_is_a_valid_json_schema(kind, valid, required):
    schema = ok_json(run("schema", kind))
    assert schema["type"] == "object"
    assert required <= set(schema["required"])
    assert schema.get("additionalProperties") is False
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - the venv has it; keep the key checks meaningful without it
        assert "properties" in schema and "$defs" in schema
        return
    validator = jsonschema.Draft202012Validator
    validator.check_schema(schema)
    validator(schema).validate(valid)
    assert list(validator(schema).iter_errors(valid | {"unknown_field": 1}))


def test_report_schema_requires_every_red_flag():
    schema = ok_json(run("schema", "report"))
    red_flags = schema["$defs"]["RedFlags"]
    assert len(red_flags["required"]) == 11 and set(red_flags["required"]) == set(red_flags["properties"])


# --- bad input ------------------------------------------------------------------------------------

WORDS = {
    "enum": ("skal være en af", "must be one of"),
    "range": ("må højst være", "must be at most"),
    "min": ("skal være mindst", "must be at least"),
    "missing": ("skal udfyldes", "is required"),
    "unknown": ("er ikke et kendt felt", "is not a known field"),
    "json": ("er ikke gyldig JSON", "is not valid JSON"),
    "object": ("skal være et JSON-objekt", "must be a JSON object"),
    "file": ("kan ikke læses", "cannot be read"),
}


def without_fainted() -> dict[str, Any]:
    data = report_dict()
    del data["red_flags"]["fainted"]
    return data


BAD_REPORTS = [
    # id, stdin text, expected [(field, kind of problem)]
    ("unknown_enum", json.dumps(report_dict(treatment="hot_stone")), [("treatment", "enum")]),
    ("pain_out_of_range", json.dumps(report_dict(pain_now=11)), [("pain_now", "range")]),
    ("missing_red_flag", json.dumps(without_fainted()), [("red_flags.fainted", "missing")]),
    ("unknown_field", json.dumps(report_dict() | {"colour": "blue"}), [("colour", "unknown")]),
    ("not_json", "{hours: 20,", [("stdin", "json")]),
    ("number", "42", [("input", "object")]),
    (
        "several_problems",
        json.dumps(
            report_dict(treatment="hot_stone", pain_before=-1, symptoms={"nausea": "extreme", "itching": "mild"})
            | {"colour": "blue"}
        ),
        [
            ("colour", "unknown"),
            ("pain_before", "min"),
            ("symptoms.itching", "unknown"),
            ("symptoms.nausea", "enum"),
            ("treatment", "enum"),
        ],
    ),
    ("list_item", json.dumps([report_dict(), report_dict(pain_now=11)]), [("[1].pain_now", "range")]),
]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("case_id, text, problems", BAD_REPORTS, ids=[c[0] for c in BAD_REPORTS])
def test_assess_bad_input(case_id, text, problems, lang):
    result = run("assess", "--lang", lang, "-", stdin=text)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == len(problems), lines
    check_problem_lines(lines, problems, lang)


def check_problem_lines(lines: list[str], problems: list[tuple[str, str]], lang: str) -> None:
    """One line per problem, each naming its field, in the chosen language."""
    assert len(lines) == len(problems), lines
    for (name, kind), line in zip(sorted(problems), sorted(lines), strict=True):
        assert line.startswith(f"{name}: "), (name, line)
        assert WORDS[kind][0 if lang == "da" else 1] in line, line
        assert WORDS[kind][1 if lang == "da" else 0] not in line, line


@pytest.mark.parametrize("lang", ["da", "en"])
def test_missing_file(tmp_path, lang):
    missing = tmp_path / "nowhere.json"
    for command in ("assess", "plan") if lang == "en" else ("assess",):
        result = run(command, "--lang", lang, str(missing))
        assert result.returncode == 2 and result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{missing}: ")
        assert WORDS["file"][0 if lang == "da" else 1] in lines[0]


BAD_PLANS = [
    ("age_out_of_range", plan_request_dict(client=client_dict(age=130)), [("client.age", "range")]),
    (
        "several_problems",
        plan_request_dict(
            client={k: v for k, v in client_dict(massage_experience="often").items() if k != "stressors"},
            history=[session_dict(0, reaction_level="fine")],
        )
        | {"notes": "x"},
        [
            ("client.massage_experience", "enum"),
            ("client.stressors", "missing"),
            ("history[0].reaction_level", "enum"),
            ("notes", "unknown"),
        ],
    ),
]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("case_id, data, problems", BAD_PLANS, ids=[c[0] for c in BAD_PLANS])
def test_plan_bad_input(case_id, data, problems, lang):
    result = run("plan", "--lang", lang, "-", stdin=json.dumps(data))
    assert result.returncode == 2 and result.stdout == ""
    check_problem_lines(result.stderr.splitlines(), problems, lang)


NON_OBJECTS = ['"a string"', "[1, 2]"]


@pytest.mark.parametrize("text", NON_OBJECTS)
def test_plan_rejects_non_objects(text):
    result = run("plan", "--lang", "en", "-", stdin=text)
    assert result.returncode == 2 and result.stdout == "" and len(result.stderr.splitlines()) == 1


def prefetched_runs() -> list[tuple[tuple[str, ...], str | None]]:
    """The runs of this module that read stdin (or nothing), started together to save wall time."""
    runs = [(("assess", "--lang", lang, "-"), text) for _, text, _ in BAD_REPORTS for lang in ("da", "en")]
    runs += [(("plan", "--lang", lang, "-"), json.dumps(data)) for _, data, _ in BAD_PLANS for lang in ("da", "en")]
    runs += [(("plan", "--lang", "en", "-"), text) for text in NON_OBJECTS]
    runs += [(("schema", kind), None) for kind in ("report", "plan")]
    for command, items in (("assess", REPORTS), ("plan", PLANS)):
        runs += [((command, "--lang", lang, "-"), json.dumps(items)) for lang in ("da", "en")]
        runs += [((command, "-"), json.dumps(items))]
    runs += [(("assess", "-"), json.dumps(REPORTS[2])), (("plan", "-"), json.dumps(PLANS[1]))]
    return runs


@pytest.fixture(scope="module", autouse=True)
def prefetch():
    """Each CLI run is a fresh interpreter; run the many small ones side by side (not under pytest-xdist,
    which already runs tests in parallel). A test that finds no prefetched result runs its own."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        for args, stdin in prefetched_runs():
            PENDING[key(args, stdin)] = pool.submit(execute, args, stdin, None)
        yield
        PENDING.clear()


# --- imports --------------------------------------------------------------------------------------


IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
import logic
for module in pkgutil.walk_packages(logic.__path__, "logic."):
    if module.name == "logic.__main__":  # runs the command line; checked below with -X importtime
        continue
    if ".migrations." in module.name:  # Alembic scripts run only inside Alembic's migration context
        continue
    importlib.import_module(module.name)
print(json.dumps({
    "streamlit": sorted(m for m in sys.modules if m == "streamlit" or m.startswith("streamlit.")),
    "logic": sorted(m for m in sys.modules if m.startswith("logic.")),
}))
"""


def test_the_engine_never_imports_streamlit():
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    imported = json.loads(result.stdout)
    assert imported["streamlit"] == []
    assert {"logic.models", "logic.reaction", "logic.planner", "logic.cli", "logic.coverage"} <= set(imported["logic"])


def test_the_command_line_never_imports_streamlit():
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "logic", "schema", "report"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "logic.cli" in imported
    assert not {m for m in imported if m == "streamlit" or m.startswith("streamlit.")}
