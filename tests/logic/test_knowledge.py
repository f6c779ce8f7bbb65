"""The knowledge base holds exactly the statements of shared/domain/knowledge.md, in both languages."""

from __future__ import annotations

import os
import re

import pytest
from pydantic import ValidationError

from logic.knowledge import (
    SECTIONS,
    STATEMENTS,
    Statement,
    cite,
    ids_in_sections,
    known_ids,
    statement,
)
from tests import SHARED

KNOWLEDGE_MD = SHARED / "domain" / "knowledge.md"

EXPECTED_IDS = (
    ["A1"]
    + [f"B{i}" for i in range(1, 6)]
    + [f"C{i}" for i in range(1, 6)]
    + [f"D{i}" for i in range(1, 6)]
    + [f"E{i}" for i in range(1, 4)]
    + [f"F{i}" for i in range(1, 5)]
    + [f"G{i}" for i in range(1, 7)]
    + [f"H{i}" for i in range(1, 3)]
    + [f"X{i}" for i in range(1, 7)]
)

_BULLET = re.compile(r"^\s*-\s+\*\*([A-Z][0-9]+)\*\*", re.MULTILINE)


def documented_ids() -> list[str]:
    """The IDs of knowledge.md's `- **ID**` bullets, or the hard-coded list if the file is absent."""
    if not KNOWLEDGE_MD.is_file():
        return list(EXPECTED_IDS)
    return _BULLET.findall(KNOWLEDGE_MD.read_text(encoding="utf-8"))


def test_fallback_list_matches_document():
    if not KNOWLEDGE_MD.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{KNOWLEDGE_MD} is missing: CI runs with shared/ beside the clone")
        pytest.skip("knowledge.md not available outside the project's workspace")
    assert documented_ids() == EXPECTED_IDS


def test_every_documented_statement_is_in_the_knowledge_base_and_vice_versa():
    ids = documented_ids()
    assert ids, "no statement IDs found"
    assert len(ids) == len(set(ids))
    assert set(ids) - set(STATEMENTS) == set(), "documented but missing"
    assert set(STATEMENTS) - set(ids) == set(), "in the knowledge base but not documented"
    assert list(STATEMENTS) == ids, "knowledge base order differs from the document"
    assert known_ids() == frozenset(ids)


@pytest.mark.parametrize("sid", EXPECTED_IDS)
def test_texts_are_present_and_differ(sid):
    s = STATEMENTS[sid]
    assert isinstance(s, Statement)
    assert s.id == sid
    assert s.text.da.strip() and s.text.en.strip()
    assert s.text.da != s.text.en
    assert len(s.text.da) <= 500 and len(s.text.en) <= 500


@pytest.mark.parametrize("sid", EXPECTED_IDS)
def test_section_exists(sid):
    s = STATEMENTS[sid]
    assert s.section == sid[0]
    assert s.section in SECTIONS
    assert SECTIONS[s.section].da and SECTIONS[s.section].en


def test_sections_are_all_used():
    assert {s.section for s in STATEMENTS.values()} == set(SECTIONS)


def test_external_statements_are_marked_and_sourced():
    for s in STATEMENTS.values():
        if s.section == "X":
            assert s.external, s.id
            assert s.source and s.source.strip(), s.id
        else:
            assert not s.external, s.id
    assert "Cambron et al. 2007" in statement("X5").source
    assert "Farrar et al. 2001" in statement("X6").source


def test_key_numbers_survive_in_both_languages():
    assert "50" in statement("B5").text.da and "50" in statement("B5").text.en
    assert "1-2" in statement("F1").text.da and "1-2" in statement("F1").text.en
    for lang in ("da", "en"):
        assert "112" in statement("X1").text(lang) and "1813" in statement("X1").text(lang)
        assert "36" in statement("X5").text(lang) and "12" in statement("X5").text(lang)


def test_unknown_id_raises_key_error():
    with pytest.raises(KeyError, match="Z9"):
        statement("Z9")
    with pytest.raises(KeyError):
        cite(["A1", "nope"], "en")
    with pytest.raises(KeyError):
        ids_in_sections("Q")


def test_ids_in_sections():
    assert ids_in_sections("E") == ["E1", "E2", "E3"]
    assert ids_in_sections("H", "A") == ["A1", "H1", "H2"]
    assert ids_in_sections() == []


def test_cite_gives_id_text_pairs_in_order():
    pairs = cite(["E2", "B5", "E2"], "da")
    assert [i for i, _ in pairs] == ["E2", "B5"]
    assert pairs[0][1] == statement("E2").text.da
    en = dict(cite(["X5"], "en"))
    assert statement("X5").text.en in en["X5"] and "Cambron" in en["X5"]


def test_statements_are_frozen():
    with pytest.raises(ValidationError):
        statement("A1").id = "A2"  # type: ignore[misc]
