"""Statement coverage: the reaction check and planner cite every statement of sections B, E, F and H."""

from __future__ import annotations

import subprocess
import sys

import pytest

from logic.coverage import citations, report
from logic.knowledge import STATEMENTS, ids_in_sections
from tests import REPO

ROOT = REPO
MUST_BE_CITED = ids_in_sections("B", "E", "F", "H")


def test_sections_b_e_f_h_are_not_empty():
    assert MUST_BE_CITED == ["B1", "B2", "B3", "B4", "B5", "E1", "E2", "E3", "F1", "F2", "F3", "F4", "H1", "H2"]


@pytest.mark.parametrize("sid", MUST_BE_CITED)
def test_statement_is_cited(sid):
    assert citations()[sid], f"{sid} is cited by no node, leaf, advice or planner rule"


def test_citations_name_only_existing_statements_and_places():
    cited = citations()
    assert set(cited) == set(STATEMENTS), set(cited) - set(STATEMENTS)
    for sid, places in cited.items():
        for place in places:
            kind, _, name = place.partition(":")
            assert kind in {"tree", "advice", "planner"} and name, (sid, place)


def test_the_reaction_check_itself_cites_sections_e_and_f():
    tree_cited = {sid for sid, places in citations().items() if any(p.startswith("tree:") for p in places)}
    assert set(ids_in_sections("E", "F")) <= tree_cited


def test_report_lists_what_is_uncited():
    text = report()
    uncited = [sid for sid, places in citations().items() if not places]
    assert "Cited ids that do not exist" not in text
    assert ("none" if not uncited else ", ".join(uncited)) in text.splitlines()[-1]
    for sid in MUST_BE_CITED:
        assert f"  {sid}: " in text


def test_coverage_command_exits_zero():
    result = subprocess.run(
        [sys.executable, "-m", "logic", "coverage"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == report()
