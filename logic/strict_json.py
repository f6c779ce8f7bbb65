"""JSON from outside, read within bounds and without guessing: the engine's command line reads with this.

Every bound is checked before the parser goes deep, so no input makes the reader recurse without end,
convert a number of thousands of digits or hold an unbounded document:

- the input is read up to MAX_INPUT_BYTES (one byte more tells that it is too large), and must be UTF-8;
- a pre-scan of the raw text (strings removed, brackets counted) refuses nesting deeper than MAX_DEPTH
  before `json` sees it;
- numbers are handed over as text (`parse_int`/`parse_float`): one longer than MAX_NUMBER_CHARS, one that
  overflows to infinity, and the non-JSON words NaN and Infinity become a `Problem` at that place;
- a key given twice in one object becomes a `Problem` too (JSON parsers disagree on which one wins).

`problems(data)` then lists every `Problem` with its location, so the caller names the field.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, BinaryIO

MAX_INPUT_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 20
MAX_NUMBER_CHARS = 40

TOO_LARGE = "input_too_large"
NOT_UTF8 = "not_utf8"
NOT_JSON = "not_json"
TOO_DEEP = "too_deep"
LONG_NUMBER = "number_too_long"
NOT_FINITE = "number_not_finite"
DUPLICATE_KEY = "duplicate_key"

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


@dataclass(frozen=True)
class Problem:
    """Stands in the parsed data where a value could not be taken as it was written."""

    kind: str


class Unreadable(Exception):
    """The whole input is refused: `kind` says why, `detail` is safe to print (no input text)."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(kind)
        self.kind, self.detail = kind, detail


def read_bounded(stream: BinaryIO) -> bytes:
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise Unreadable(TOO_LARGE)
    return data


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest, from the brackets outside strings (stops counting past MAX_DEPTH)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    deepest = 0
    for depth in accumulate(1 if char in "[{" else -1 for char in brackets):
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                break
    return deepest


def _integer(text: str) -> int | Problem:
    return Problem(LONG_NUMBER) if len(text) > MAX_NUMBER_CHARS else int(text)


def _real(text: str) -> float | Problem:
    if len(text) > MAX_NUMBER_CHARS:
        return Problem(LONG_NUMBER)
    value = float(text)
    return value if math.isfinite(value) else Problem(NOT_FINITE)


def _constant(text: str) -> Problem:  # NaN, Infinity, -Infinity: Python's json reads them, JSON has none
    return Problem(NOT_FINITE)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        result[key] = Problem(DUPLICATE_KEY) if key in result else value
    return result


def loads(raw: bytes) -> Any:
    """The JSON value of `raw`; raises Unreadable for what refuses the whole input."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable(NOT_UTF8, str(error.start)) from None
    if nesting_depth(text) > MAX_DEPTH:
        raise Unreadable(TOO_DEEP, str(MAX_DEPTH))
    try:
        return json.loads(
            text, parse_int=_integer, parse_float=_real, parse_constant=_constant, object_pairs_hook=_object
        )
    except json.JSONDecodeError as error:  # its message names a position, never the input's text
        raise Unreadable(NOT_JSON, f"{error.msg}: line {error.lineno} column {error.colno}") from None
    except RecursionError:  # the pre-scan bounds the depth; this guards against a bracket it misread
        raise Unreadable(TOO_DEEP, str(MAX_DEPTH)) from None


def problems(data: Any, location: tuple[int | str, ...] = ()) -> list[tuple[tuple[int | str, ...], str]]:
    """Every `Problem` in `data`, with where it stands (keys and list indexes)."""
    if isinstance(data, Problem):
        return [(location, data.kind)]
    found: list[tuple[tuple[int | str, ...], str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found += problems(value, (*location, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += problems(value, (*location, index))
    return found
