"""The text catalogs (the UI's in ui/texts/, the engine's in logic/texts/): both languages complete, no
empty text, no key defined twice."""

from __future__ import annotations

import string

import pytest

from logic import texts as engine_texts
from logic.texts import catalog_modules
from ui import i18n, texts


def _modules():
    return catalog_modules(engine_texts) + catalog_modules(texts)


def test_catalogs_merge_without_clashes() -> None:
    i18n.catalogs.cache_clear()
    merged = i18n.catalogs()  # raises on a key defined twice across modules
    assert merged["da"] and merged["en"]


def test_no_key_missing_in_either_language() -> None:
    assert i18n.missing_keys() == {"da": set(), "en": set()}


@pytest.mark.parametrize("module", _modules(), ids=lambda m: m.__name__)
def test_each_module_has_the_same_keys_in_both_languages(module) -> None:
    assert set(module.DA) == set(module.EN)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_text_is_non_empty(lang: str) -> None:
    empty = [key for key, value in i18n.catalogs()[lang].items() if not isinstance(value, str) or not value.strip()]
    assert empty == []


def test_placeholders_agree_between_languages() -> None:
    def names(text: str) -> set[str]:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}

    da, en = i18n.catalogs()["da"], i18n.catalogs()["en"]
    assert [key for key in da if names(da[key]) != names(en[key])] == []


def test_no_key_defined_twice_within_a_module() -> None:
    """A dict literal silently keeps the last of two equal keys; read the source to catch it."""
    import ast
    import inspect

    for module in _modules():
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                assert len(keys) == len(set(keys)), f"{module.__name__}: {sorted(k for k in keys if keys.count(k) > 1)}"


def test_language_from_locale() -> None:
    assert i18n.language_from_locale("en-GB") == "en"
    assert i18n.language_from_locale("da-DK") == "da"
    assert i18n.language_from_locale("de-DE") == "da"
    assert i18n.language_from_locale(None) == "da"


def test_the_engine_and_the_ui_look_up_the_same_texts() -> None:
    engine = engine_texts.catalogs()
    for lang in i18n.LANGUAGES:
        assert engine[lang].items() <= i18n.catalogs()[lang].items()
        assert engine_texts.translate("level.expected", lang) == i18n.translate("level.expected", lang)
