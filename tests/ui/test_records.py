"""ui/records.py on its own: levels in words and shape, form problems in the form's words, body-map
regions in the map's order, treatment names, and the flash note that survives one rerun (AppTest)."""

from __future__ import annotations

from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from logic.figures.levels import LEVEL_GLYPHS
from logic.models import LEVEL_ORDER, Level, Treatment
from logic.storage.records import ClientIn
from logic.texts.vocabulary import word
from ui.i18n import catalogs, translate
from ui.records import (
    _in_map_order,
    _index,
    labelled,
    level_label,
    level_words,
    levels_in_order,
    problems,
    region_names,
    treatment_name,
)


def test_a_level_is_shown_in_words_and_shape_never_colour_alone() -> None:
    for lang in ("da", "en"):
        for level in Level:
            label = level_label(level, lang)
            assert label.startswith(LEVEL_GLYPHS[level]) and label.endswith(level_words(level, lang))
            assert level_words(level, lang) == word(level, lang, "record")
        assert level_label(None, lang) == level_words(None, lang) == translate("records.level.none", lang)
    assert levels_in_order() == [level.value for level in LEVEL_ORDER]


def test_problems_name_the_forms_field_not_the_models() -> None:
    name = catalogs()["da"]["records.client.name"]
    assert labelled(["name: is required", "name.first: x", "unknown: y", "no colon"], "da", "records.client") == [
        f"{name}: is required",
        f"{name}: x",
        "unknown: y",
        "no colon",
    ]
    try:
        ClientIn.model_validate({"name": "", "birth_year": 1962})
    except ValidationError as error:
        lines = problems(error, "en", "records.client")
    else:
        raise AssertionError("an empty name was accepted")
    assert lines and all(line.startswith(translate("records.client.name", "en") + ": ") for line in lines)


def test_regions_keep_the_maps_order_and_their_names() -> None:
    assert _in_map_order(["chest", "head", "not_a_region"]) == ["head", "chest"]
    assert region_names(["head", "chest"], "en").count(", ") == 1
    assert region_names([], "da") == ""


def test_treatments_and_choices_by_value_or_member() -> None:
    for treatment in Treatment:
        assert treatment_name(treatment, "en") == treatment_name(treatment.value, "en")
        assert treatment_name(treatment, "da") != treatment_name(treatment, "en")
    options = ["few", "many", "unknown"]
    assert _index(options, "many") == 1
    assert _index(options, Treatment.deep_massage) is None
    assert _index(options, None) is None


def _flash_script() -> None:
    import streamlit as st

    from ui.records import flash, show_flash, show_problems

    show_flash("en")
    show_problems(st.session_state.get("problems", []), "en")
    if st.button("Save", key="save"):
        flash("records.profile.saved")
        st.rerun()


def test_a_flash_note_shows_once_after_the_rerun_and_problems_as_errors() -> None:
    at = AppTest.from_function(_flash_script, default_timeout=30).run()
    assert not at.success and not at.error
    at.button(key="save").click().run()
    assert [s.value for s in at.success] == [translate("records.profile.saved", "en")]
    at.run()
    assert not at.success  # shown once
    at.session_state["problems"] = ["Name: is required", "Birth year: is too small"]
    at.run()
    assert [e.value for e in at.error] == ["Name: is required", "Birth year: is too small"]
