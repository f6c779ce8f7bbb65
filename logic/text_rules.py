"""The rules for text a person typed (a name, a note, a disclosed condition, a setting), in one place.

The engine's models, the storage's input models and the clinic settings all use the types below, so
the same text is refused the same way on SQLite and PostgreSQL, in the app and on the command line.
Refused, each with a message in both languages (`logic/errors.py`, by the error types named here):

- control characters (C0, DEL, C1) and lone surrogates: PostgreSQL cannot store a NUL at all, and the
  others garble lists, exports and logs. A multi-line text (a note) keeps tabs and line breaks;
- bidirectional embedding, override and isolate characters (U+202A-U+202E, U+2066-U+2069): they make a
  name display in another order than it is stored;
- in a single-line text, the Unicode line and paragraph separators (U+2028, U+2029);
- text made only of invisible characters (zero-width spaces and joiners, fillers, ...): it looks empty
  in every list and export. Whitespace-only text still counts as empty text, as before.

The published JSON Schema carries the same rules as patterns (`text_schema`), generated from the same
predicates, so an integrator's validator refuses what the engine refuses.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

CONTROL = "text_control_character"
BIDI = "text_bidi_control"
INVISIBLE = "text_invisible_only"

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_SEPARATORS = frozenset("\u2028\u2029")
MULTILINE_ALLOWED = frozenset("\t\n\r")
# Characters that draw nothing but are neither whitespace nor format characters (Cf).
FILLERS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)

# Format characters (Cf) that do draw a sign: the prepended concatenation marks (Arabic number signs ...).
VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd")


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def refused(char: str, multiline: bool) -> str | None:
    """The error type that refuses this character in such a text, or None when it is allowed."""
    if char in BIDI_CONTROLS:
        return BIDI
    category = unicodedata.category(char)
    if category == "Cc":
        return None if multiline and char in MULTILINE_ALLOWED else CONTROL
    if category == "Cs" or (not multiline and char in LINE_SEPARATORS):
        return CONTROL
    return None


def invisible(char: str) -> bool:
    if char in VISIBLE_FORMAT:
        return False
    return char.isspace() or unicodedata.category(char) in ("Cf", "Cc") or char in FILLERS


def check(text: str, multiline: bool = False) -> str:
    """`text` unchanged when it follows the rules; otherwise a pydantic error that `explain` words."""
    for char in text:
        kind = refused(char, multiline)
        if kind:
            raise PydanticCustomError(kind, "{character} is not allowed", {"character": code_point(char)})
    if text.strip() and all(invisible(char) for char in text):
        raise PydanticCustomError(INVISIBLE, "contains only invisible characters")
    return text


def check_multiline(text: str) -> str:
    return check(text, multiline=True)


# --- The same rules as JSON Schema patterns ------------------------------------------------------


# Planes that hold control, format, space and filler characters (basic, supplementary, special-purpose);
# the others hold only letters, unassigned and private-use code points (tests/logic/test_text_rules.py checks).
SCANNED = [*range(0x20000), *range(0xE0000, 0xF0000)]


def _char_class(predicate: Any) -> str:
    """A regular-expression character class of every code point the predicate holds for."""
    ranges: list[tuple[int, int]] = []
    for point in SCANNED:
        if predicate(chr(point)):
            if ranges and ranges[-1][1] == point - 1:
                ranges[-1] = (ranges[-1][0], point)
            else:
                ranges.append((point, point))

    def escape(point: int) -> str:  # \uXXXX reads the same in Python and ECMA-262; astral ones literally
        return f"\\u{point:04x}" if point <= 0xFFFF else chr(point)

    return "".join(escape(a) if a == b else f"{escape(a)}-{escape(b)}" for a, b in ranges)


@lru_cache(maxsize=2)
def patterns(multiline: bool) -> tuple[str, str]:
    """(no refused character, not invisible-only) as regular expressions, built from the predicates."""
    end = r"(?![\s\S])"  # the end of the text (Python's `$` also matches before a final line break)
    allowed = f"^[^{_char_class(lambda c: refused(c, multiline) is not None)}]*{end}"
    blank = _char_class(str.isspace)
    visible = f"^[{blank}]*{end}|[^{_char_class(invisible)}]"
    return allowed, visible


def text_schema(multiline: bool) -> Any:
    def extra(schema: dict[str, Any]) -> None:
        allowed, visible = patterns(multiline)
        schema["allOf"] = [{"pattern": allowed}, {"pattern": visible}]

    return extra


def line(**constraints: Any) -> Any:
    """One line of text (a name, a contact, a disclosed condition, a setting); `constraints` such as
    max_length apply to the text as typed, before the rules."""
    return Annotated[str, Field(**constraints), AfterValidator(check), Field(json_schema_extra=text_schema(False))]


def multiline(**constraints: Any) -> Any:
    """Text of several lines (a note): tabs and line breaks allowed."""
    return Annotated[
        str, Field(**constraints), AfterValidator(check_multiline), Field(json_schema_extra=text_schema(True))
    ]


Line = line()
MultiLine = multiline()
CONDITION_LENGTH = 200
Condition = line(max_length=CONDITION_LENGTH)
