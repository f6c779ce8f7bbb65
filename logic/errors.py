"""Validation problems as one clear line per field, in the user's language.

A field's name is printed safely: a key that is not a plain name is quoted with its control, format and
other unprintable characters escaped, long keys are shortened and an empty key is named as such, so a
line never breaks in two, never carries a terminal escape and never reads as another field's problem.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from .models import Language
from .texts import catalogs, translate

# Each pydantic error type (and text_rules' own) has a message in the catalogue as "validation.<type>";
# {ctx keys} are filled from the error's context. A type without one keeps pydantic's English.
MESSAGE_PREFIX = "validation."
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
        return translate("validation.empty_key", lang)
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
        template = catalogs()[lang].get(MESSAGE_PREFIX + problem["type"])
        context = {key: _number(value) for key, value in (problem.get("ctx") or {}).items()}
        if "expected" in context:  # pydantic lists the choices in English: "'a', 'b' or 'c'"
            context["expected"] = context["expected"].replace(" or ", translate("validation.or", lang))
        if template is None:
            message = problem["msg"]
        else:
            try:
                message = template.format(**context)
            except (KeyError, IndexError):
                message = template
        where = field_name(location, prefix, lang) or translate("validation.whole_input", lang)
        lines.append(f"{where}: {shown(message, 500)}")
    return lines
