"""The one CSV writer of every export, with cells a spreadsheet cannot run as formulas.

A spreadsheet opening a CSV file treats a cell starting with `=`, `+`, `-` or `@` as a formula (and a
tab or carriage return before one is skipped by some of them): a client's note `=HYPERLINK(...)` or
`+cmd|...` would then run, or leak data, on the clinic's computer. Following OWASP's advice on CSV
injection, such a text cell gets a single quote in front (the spreadsheet shows it as text) and is
always quoted. Numbers (int, finite float) are written as they are: they cannot hold a formula. Every
CSV the app or the command line writes goes through `write_csv`, so no export can forget it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> tuple[str, bool]:
    """The cell's text and whether it must be quoted: text that a spreadsheet would read as a formula
    gets a leading single quote (and must be quoted); None is an empty cell."""
    if value is None:
        return "", False
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return str(value), False
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text, True
    return text, False


def _field(value: Any, delimiter: str) -> str:
    text, quote = escape_cell(value)
    if quote or any(c in text for c in (delimiter, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(rows: Iterable[Sequence[Any]], delimiter: str = ",") -> str:
    """The rows as CSV text (lines end in "\\n"; fields quoted as the csv module reads them back)."""
    if len(delimiter) != 1 or delimiter in '"\r\n' or delimiter in FORMULA_STARTS[:4]:
        raise ValueError(f"unusable CSV delimiter {delimiter!r}")
    out = io.StringIO()
    for row in rows:
        line = delimiter.join(_field(cell, delimiter) for cell in row)
        out.write(line or '""')  # a lone empty cell, not an empty line (which readers skip)
        out.write("\n")
    return out.getvalue()
