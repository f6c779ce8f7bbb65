"""logic/text_rules.py: what typed text may hold, the same in pydantic and in the published JSON Schema,
with a message in both languages for every rule."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from logic import text_rules
from logic.errors import MESSAGE_PREFIX, explain, key_name, shown
from logic.settings import ClinicSettings
from logic.texts import translate

LINE = TypeAdapter(text_rules.Line)
MULTILINE = TypeAdapter(text_rules.MultiLine)
SPECIAL = (
    [chr(c) for c in range(0x00, 0x300)] + [chr(c) for c in range(0x2000, 0x2070)]
    + [c for c in map(chr, range(0x110000)) if unicodedata.category(c) in ("Cf", "Zs", "Zl", "Zp")]
    + sorted(text_rules.FILLERS | text_rules.VISIBLE_FORMAT) + ["\ud800", "\udfff", "\U0001f44d", "\u05d0", "å"]
)  # fmt: skip


def accepted(adapter: TypeAdapter, text: str) -> bool:
    try:
        adapter.validate_python(text)
        return True
    except ValidationError:
        return False


@pytest.mark.parametrize("multiline", [False, True])
def test_the_schema_patterns_say_what_the_validator_does(multiline: bool) -> None:
    allowed, visible = (re.compile(p) for p in text_rules.patterns(multiline))
    adapter = MULTILINE if multiline else LINE
    for char in SPECIAL:
        for text in (char, char * 2, f"a{char}", f"{char}a", f" {char} ", f"{char}\u200b"):
            by_schema = bool(allowed.search(text)) and bool(visible.search(text))
            assert by_schema == accepted(adapter, text), (multiline, text)


@given(st.text(max_size=12))
def test_the_schema_patterns_agree_on_any_text(text: str) -> None:
    for multiline, adapter in ((False, LINE), (True, MULTILINE)):
        allowed, visible = text_rules.patterns(multiline)
        assert (bool(re.search(allowed, text)) and bool(re.search(visible, text))) == accepted(adapter, text)


@pytest.mark.parametrize(
    "text, multiline, kind",
    [
        ("a\x00b", True, text_rules.CONTROL),
        ("a\nb", False, text_rules.CONTROL),
        ("a\u2028b", False, text_rules.CONTROL),
        ("a\x85b", True, text_rules.CONTROL),
        ("a\u202eb", True, text_rules.BIDI),
        ("a\u2067b", False, text_rules.BIDI),
        ("\u200b", False, text_rules.INVISIBLE),
        ("\u3164\u3164", True, text_rules.INVISIBLE),
        (" \ufeff\n\t", True, text_rules.INVISIBLE),
    ],
)
def test_refused_text_is_explained_in_both_languages(text: str, multiline: bool, kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        (MULTILINE if multiline else LINE).validate_python(text)
    assert caught.value.errors()[0]["type"] == kind
    da, en = (translate(MESSAGE_PREFIX + kind, lang) for lang in ("da", "en"))
    for lang, words in (("da", da), ("en", en)):
        [line] = explain(caught.value, lang)
        assert line.startswith("input: ") and words.split("(")[0] in line
        assert text.strip() not in line or not text.strip()


@pytest.mark.parametrize("text", ["", "   ", "Åse", "דוד", "Sø\u200dren", "👍🏽", "a\u200b", "\u0600"])
def test_ordinary_text_is_kept_as_typed(text: str) -> None:
    assert LINE.validate_python(text) == text
    assert MULTILINE.validate_python(f"{text}\n\t{text}\r\n") == f"{text}\n\t{text}\r\n"


def test_the_clinic_name_follows_the_rules() -> None:
    assert ClinicSettings(clinic_name="Klinik Øst").clinic_name == "Klinik Øst"
    for bad in ("Klinik\x1b[2J", "\u200b", "Klinik\u202e"):
        with pytest.raises(ValidationError):
            ClinicSettings(clinic_name=bad)


def test_field_names_are_shown_on_one_line() -> None:
    assert key_name("pain_now") == "pain_now"
    assert key_name("") == "(empty key)" and key_name("", "da") == "(tom nøgle)"
    assert key_name('a\nb"\\') == '"a\\nb\\"\\\\"'
    assert key_name("\x1b[31m\u202e\u2028\ud800\U000e0001") == '"\\x1b[31m\\u202e\\u2028\\ud800\\U000e0001"'
    assert shown("x" * 100, 10) == "x" * 10 + "…"


def test_the_planes_the_patterns_skip_hold_nothing_the_rules_refuse() -> None:
    scanned = set(text_rules.SCANNED)
    for point in range(0x110000):
        if point not in scanned:
            char = chr(point)
            assert text_rules.refused(char, False) is None and not text_rules.invisible(char), hex(point)
