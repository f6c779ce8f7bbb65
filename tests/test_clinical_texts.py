"""Every text the engine and the UI show, scanned as data.

Principle 8: no phone number is written into a text; the emergency number, the region's out-of-hours
line and the clinic's own number come from the settings through placeholders. Principle 13: one term
for the healing crisis in each language, and no jargon in what a client reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from logic import planner
from logic.figures import levels, records, sessions, tree
from logic.models import Text
from logic.reaction import assess
from logic.settings import ClinicSettings, Region
from logic.tree_data import TREE
from tests.strategies import make_report, reports
from ui.i18n import catalogs

# What a Danish phone number looks like in a text: an international prefix, a short number of the 1xx
# and 18xx kind (112, 1813, 1818; years such as 1962 are not), eight digits, or four digit pairs.
PHONE = re.compile(r"(?<![\d{])(?:\+\d[\d ]*|1[0-8]\d{1,2}|\d{8}|\d{2}(?: \d{2}){3})(?![\d}])")
KNOWN_NUMBERS = {"112", "1813", "1818", *(n for n in ClinicSettings().out_of_hours_phones.values())}


def texts_in(value: Any, where: str) -> Iterator[tuple[str, Text]]:
    """Every Text inside a model, list or dict, with where it sits."""
    if isinstance(value, Text):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts_in(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts_in(item, f"{where}[{getattr(key, 'value', key)}]")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from texts_in(item, f"{where}[{i}]")


def engine_texts() -> list[tuple[str, str]]:
    found = list(texts_in(TREE, "tree"))
    found += texts_in(planner.RULES, "planner.RULES")
    found += [("planner.BASE_TEXT", planner.BASE_TEXT)]
    for module in (levels, tree, sessions, records):
        for name, value in vars(module).items():
            found += texts_in(value, f"{module.__name__}.{name}") if name.isupper() else []
    return [(f"{where} ({lang})", text(lang)) for where, text in found for lang in ("da", "en")]


def catalogue_texts() -> list[tuple[str, str]]:
    return [(f"{lang}:{key}", text) for lang, table in catalogs().items() for key, text in table.items()]


ALL_TEXTS = engine_texts() + catalogue_texts()


def test_the_scan_sees_the_tree_the_planner_the_charts_and_the_catalogues():
    places = " ".join(where for where, _ in ALL_TEXTS)
    for part in (
        "tree.leaves",
        "tree.advice",
        "tree.criteria",
        "planner.RULES",
        "da:figure.",
        "da:level.",
        "da:widgets.",
    ):
        assert part in places, part
    assert len(ALL_TEXTS) > 500


def test_the_pattern_finds_the_numbers_it_is_for():
    for text in ("Ring 112 nu", "Akut (112)", "lægevagten 1813", "call 70 11 07 07", "+45 7011 3131"):
        assert PHONE.search(text), text
    for text in ("weekdays 8-16", "0-10", "2 points or 30 %", "{emergency}", "at least {hours} hours", "e.g. 1962"):
        assert not PHONE.search(text), text


@pytest.mark.parametrize(("where", "text"), ALL_TEXTS, ids=[w for w, _ in ALL_TEXTS])
def test_no_phone_number_is_written_into_a_text(where, text):
    assert not PHONE.search(text), f"{where}: {text!r}"
    assert "tel:" not in text, where


def test_a_changed_number_reaches_every_reason_and_advice():
    clinic = ClinicSettings(
        emergency_phone="999",
        region=Region.sjaelland,
        out_of_hours_phones={**ClinicSettings().out_of_hours_phones, "sjaelland": "4444"},
    )
    for flag in ("double_vision", "chest_pain_or_breathlessness", "dark_urine"):
        for lang in ("da", "en"):
            result = assess(make_report(red_flags={flag: True}), lang, clinic)
            shown = " ".join([*(r.text for r in result.reasons), result.advice.now, *result.advice.escalate_if])
            assert not (KNOWN_NUMBERS & set(PHONE.findall(shown))), shown
            assert "999" in shown or "4444" in shown


# --- Principle 13: plain words ---------------------------------------------------------------------

# What a client reads: the questions, leaves, advice and criteria of the tree, and the level words.
CLIENT_TEXTS = [
    (w, t) for w, t in ALL_TEXTS if w.startswith(("tree.questions", "tree.leaves", "tree.advice", "tree.criteria"))
]
CLIENT_TEXTS += [(w, t) for w, t in catalogue_texts() if ":level." in w or ":selfcheck." in w]
# The source's technical "true negative reaction" stays in the therapist's statements; other names for the
# healing crisis would make two things of one.
JARGON = ("ægte negativ", "true negative", "helingsreaktion", "healing reaction", "helingsrespons", "healing response")


@pytest.mark.parametrize(("where", "text"), CLIENT_TEXTS, ids=[w for w, _ in CLIENT_TEXTS])
def test_client_texts_use_plain_words_and_one_term_for_the_healing_crisis(where, text):
    lowered = text.lower()
    assert not any(word in lowered for word in JARGON), f"{where}: {text!r}"


def test_one_term_for_the_healing_crisis_in_each_language():
    names = [text for where, text in ALL_TEXTS if ":level.healing_crisis" in where]
    assert len(names) >= 4, names
    for name in names:
        assert "helingskrise" in name.lower() or "healing crisis" in name.lower(), name
    for where, text in ALL_TEXTS:
        assert not any(word in text.lower() for word in JARGON[2:]), f"{where}: {text!r}"


def test_the_tree_chart_shows_leaf_reasons_with_the_clinics_numbers():
    from logic.figures.tree import node_hover
    from logic.figures.tree_layout import tree_layout

    graph = tree_layout()
    clinic = ClinicSettings(emergency_phone="999")
    for lang in ("da", "en"):
        hover = node_hover(graph.nodes["l_emergency_stroke_signs"], graph, lang, clinic)
        assert "999" in hover and "{" not in hover
        for leaf_id in TREE.leaves:
            assert "{" not in node_hover(graph.nodes[leaf_id], graph, lang, clinic), leaf_id


# --- Principle 8 as a property: whatever the clinic's numbers, only they are shown -------------------

clinic_numbers = st.from_regex(r"\A9[0-9]{2}( [0-9]{2}){0,3}\Z")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), clinic_numbers, clinic_numbers, st.sampled_from(list(Region)), st.sampled_from(["da", "en"]))
def test_only_the_clinics_own_numbers_reach_what_the_client_reads(report, emergency, line, region, lang):
    clinic = ClinicSettings(emergency_phone=emergency, region=region,
                            out_of_hours_phones={region.value: line})  # fmt: skip
    result = assess(report, lang, clinic)
    shown = " ".join([*(r.text for r in result.reasons), result.advice.now, *result.advice.escalate_if])
    assert not (KNOWN_NUMBERS & set(PHONE.findall(shown))) - {clinic.doctor_phone}, shown
    assert emergency in shown  # every result says when to call the emergency number
    if result.level.value == "doctor_today":
        assert line in result.advice.now and clinic.region_name(lang) in result.advice.now
