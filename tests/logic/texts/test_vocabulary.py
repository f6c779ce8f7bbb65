"""One vocabulary: each domain word (a level, a treatment, a symptom, a red flag, an answer, a part of the
risk profile, a region) is named once, in logic/texts/vocabulary.py, keyed by the engine's enums; every
other place asks for it by its enum member."""

from __future__ import annotations

import ast
from enum import Enum
from pathlib import Path

import pytest

from logic import models, settings
from logic.texts import catalogs, vocabulary
from logic.texts.vocabulary import key, kind, word
from tests import REPO

PRODUCT = [REPO / "app.py", REPO / "server.py", *sorted((REPO / "logic").rglob("*.py")), *sorted((REPO / "ui").rglob("*.py")),
           *sorted((REPO / "pages").rglob("*.py"))]  # fmt: skip
VOCABULARY_FILE = REPO / "logic" / "texts" / "vocabulary.py"
# Short answer words that other questions use in their own sense ("Nej" to a yes/no question).
GENERIC = {"Nej", "No", "Ved ikke", "Not sure", "Ingen", "None", "Få", "Few", "Mange", "Many", "Let", "Mild",
           "Moderat", "Moderate", "Lette", "Kraftig", "Severe", "Svære", "Akut", "Emergency", "Interval"}  # fmt: skip
ENUMS: list[type[Enum]] = [
    models.Level, models.Treatment, models.Intensity, models.FeelsLike, models.Trajectory, models.NewPain,
    models.Experience, models.TriggerPointCount, models.TriggerPointSeverity, settings.Region,
]  # fmt: skip


def literals(path: Path) -> set[str]:
    """Every string constant of a module (f-strings' literal parts too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_its_word_in_both_languages(enum: type[Enum]) -> None:
    for member in enum:
        assert key(member) == f"{kind(enum)}.{member.value}"
        for lang in ("da", "en"):
            assert word(member, lang).strip(), (member, lang)


def test_symptoms_and_red_flags_are_named_in_both_languages() -> None:
    for prefix, names in (("symptom", models.SYMPTOM_KEYS), ("red_flag", models.RED_FLAG_KEYS)):
        for name in names:
            assert catalogs()["da"][f"{prefix}.{name}"] and catalogs()["en"][f"{prefix}.{name}"]


def test_a_form_falls_back_to_the_plain_word() -> None:
    assert word(models.Level.expected, "da", "client") == word(models.Level.expected, "da")
    assert word(models.Level.doctor_today, "da", "client") != word(models.Level.doctor_today, "da")
    assert word(models.Level.emergency, "en", "client", phone="999") == "Emergency: call 999 now"
    assert vocabulary.in_sentence(models.Treatment.deep_massage, "da") == "dyb massage"


def test_the_ui_catalogue_gives_the_same_words() -> None:
    from ui.i18n import translate

    assert translate("level.healing_crisis", "da") == word(models.Level.healing_crisis, "da") == "Naturlig helingskrise"


def test_no_domain_word_is_defined_outside_the_vocabulary() -> None:
    """A level's or a treatment's name (any form, either language) written as a string anywhere else in the
    product is a second definition, and two definitions drift apart."""
    words = {text for k, text in {**catalogs()["da"], **{f"en:{k}": v for k, v in catalogs()["en"].items()}}.items()
             if k.removeprefix("en:").split(".")[0] in vocabulary.KINDS and text not in GENERIC}  # fmt: skip
    assert "Naturlig helingskrise" in words and "Trigger-point therapy" in words and "Dobbeltsyn" in words
    found = []
    for path in PRODUCT:
        if path == VOCABULARY_FILE:
            continue
        found += [f"{path.relative_to(REPO)}: {text!r}" for text in sorted(literals(path) & words)]
    assert found == []


def test_the_literal_danish_level_names_live_only_in_the_vocabulary() -> None:
    """The plainest check of all: a Danish level name, as a text or as the head of a label ("Læge i dag:
    mørk urin"), nowhere in the product's source but the vocabulary."""
    names = {word(level, "da", form) for level in models.Level for form in (None, "short")}
    assert "Naturlig helingskrise" in names and "Læge i dag" in names
    for path in PRODUCT:
        if path != VOCABULARY_FILE:
            source = path.read_text(encoding="utf-8")
            assert [name for name in sorted(names) if f'"{name}"' in source or f'"{name}:' in source] == [], path
