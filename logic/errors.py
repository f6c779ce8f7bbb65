"""Validation problems as one clear line per field, in the user's language.

A field's name is printed safely: a key that is not a plain name is quoted with its control, format and
other unprintable characters escaped, long keys are shortened and an empty key is named as such, so a
line never breaks in two, never carries a terminal escape and never reads as another field's problem.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from . import text_rules
from .models import Language

_MESSAGES: dict[str, tuple[str, str]] = {
    # error type: (Danish, English); {ctx keys} are filled from pydantic's error context.
    "missing": ("skal udfyldes", "is required"),
    "extra_forbidden": ("er ikke et kendt felt", "is not a known field"),
    "enum": ("skal være en af: {expected}", "must be one of: {expected}"),
    "literal_error": ("skal være en af: {expected}", "must be one of: {expected}"),
    "bool_type": ("skal være true eller false", "must be true or false"),
    "bool_parsing": ("skal være true eller false", "must be true or false"),
    "int_type": ("skal være et helt tal", "must be a whole number"),
    "int_parsing": ("skal være et helt tal", "must be a whole number"),
    "int_from_float": ("skal være et helt tal", "must be a whole number"),
    "float_type": ("skal være et tal", "must be a number"),
    "float_parsing": ("skal være et tal", "must be a number"),
    "finite_number": ("skal være et endeligt tal", "must be a finite number"),
    "greater_than_equal": ("skal være mindst {ge}", "must be at least {ge}"),
    "less_than_equal": ("må højst være {le}", "must be at most {le}"),
    "greater_than": ("skal være større end {gt}", "must be more than {gt}"),
    "less_than": ("skal være mindre end {lt}", "must be less than {lt}"),
    "date_type": ("skal være en dato (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "date_parsing": ("skal være en dato (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": ("skal være en dato (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "date_from_datetime_inexact": ("skal være en dato uden klokkeslæt", "must be a date without a time"),
    "list_type": ("skal være en liste", "must be a list"),
    "dict_type": ("skal være et objekt", "must be an object"),
    "model_type": ("skal være et objekt", "must be an object"),
    "model_attributes_type": ("skal være et objekt", "must be an object"),
    "string_type": ("skal være tekst", "must be text"),
    "string_too_short": ("er for kort", "is too short"),
    "string_too_long": ("er for lang (højst {max_length} tegn)", "is too long (at most {max_length} characters)"),
    "string_pattern_mismatch": ("har ikke et gyldigt format", "is not in a valid format"),
    "too_short": ("har for få elementer", "has too few items"),
    "too_long": ("har for mange elementer (højst {max_length})", "has too many items (at most {max_length})"),
    text_rules.CONTROL: (
        "indeholder et kontroltegn ({character}), som ikke er tilladt",
        "contains a control character ({character}), which is not allowed",
    ),
    text_rules.BIDI: (
        "indeholder et tegn, der vender skriveretningen ({character}), som ikke er tilladt",
        "contains a character that changes the writing direction ({character}), which is not allowed",
    ),
    text_rules.INVISIBLE: (
        "indeholder kun usynlige tegn (fx mellemrum uden bredde)",
        "contains only invisible characters (such as zero-width spaces)",
    ),
    "json_invalid": ("er ikke gyldig JSON", "is not valid JSON"),
    "value_error": ("er ugyldig: {error}", "is invalid: {error}"),
}
WHOLE_INPUT = {"da": "input", "en": "input"}
EMPTY_KEY = {"da": "(tom nøgle)", "en": "(empty key)"}
PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_KEY_SHOWN = 60
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(text: str, limit: int = MAX_KEY_SHOWN) -> str:
    """`text` on one line: unprintable characters (controls, format and bidirectional characters, line
    separators, surrogates) and backslashes as escapes; longer than `limit` characters, shortened."""
    out = []
    for char in text[:limit]:
        if char == "\\":
            out.append("\\\\")
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out) + ("…" if len(text) > limit else "")


def key_name(key: str, lang: Language = "en") -> str:
    """A plain key as it is; any other (or a long one) quoted, escaped and shortened; an empty key named."""
    if key == "":
        return EMPTY_KEY[lang]
    if PLAIN_KEY.fullmatch(key) and len(key) <= MAX_KEY_SHOWN:
        return key
    return '"' + shown(key).replace('"', '\\"') + '"'


def field_name(location: tuple[int | str, ...], prefix: str = "", lang: Language = "en") -> str:
    name = prefix
    for part in location:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += ("." if name else "") + key_name(str(part), lang)
    return name


def _number(value: object) -> str:
    """A bound as people write it: 1000000, not 1000000.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def explain(error: ValidationError, lang: Language, prefix: str = "") -> list[str]:
    """One line per problem: the field's dotted name, then what is wrong with it."""
    lines = []
    for problem in error.errors():
        location = tuple(p for p in problem["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        messages = _MESSAGES.get(problem["type"])
        context = {key: _number(value) for key, value in (problem.get("ctx") or {}).items()}
        if lang == "da" and "expected" in context:
            context["expected"] = context["expected"].replace(" or ", " eller ")
        if messages:
            try:
                message = messages[0 if lang == "da" else 1].format(**context)
            except (KeyError, IndexError):
                message = messages[0 if lang == "da" else 1]
        else:
            message = problem["msg"]
        lines.append(f"{field_name(location, prefix, lang) or WHOLE_INPUT[lang]}: {shown(message, 500)}")
    return lines
