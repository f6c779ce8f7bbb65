"""The one CSV writer (logic/csv_cells.py): a cell a spreadsheet would run as a formula is written as
text (a leading single quote, quoted), everything else as the csv module writes it; the csv module reads
every file back."""

from __future__ import annotations

import csv
import io
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logic.csv_cells import FORMULA_STARTS, escape_cell, write_csv
from tests.strategies import FORMULA_PAYLOADS

PAYLOADS = [
    *FORMULA_PAYLOADS,
    "=1,2;3",  # the delimiters inside stay inside the quoted cell
    '=A1&"x"',
]


def read(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_formula_is_written_as_quoted_text(payload: str, delimiter: str) -> None:
    text = write_csv([["id", "note"], [1, payload]], delimiter)
    line = text.split("\n", 1)[1]
    assert line.startswith(f"1{delimiter}\"'")  # quoted, and the quote mark first inside
    assert read(text, delimiter) == [["id", "note"], ["1", "'" + payload]]


def test_plain_text_numbers_and_empty_cells_are_unchanged() -> None:
    rows = [["a", "b"], ['Anne, "A"\nline 2', None], [-2, -2.5], [True, 0.0], ["2026-01-05", "x=1"]]
    text = write_csv(rows)
    assert text.startswith("a,b\n")
    assert read(text) == [["a", "b"], ['Anne, "A"\nline 2', ""], ["-2", "-2.5"], ["True", "0.0"], ["2026-01-05", "x=1"]]
    assert escape_cell(float("-inf")) == ("'-inf", True)  # not a number a spreadsheet reads


def test_a_delimiter_that_would_break_the_cells_is_refused() -> None:
    for bad in ("", ",,", '"', "\n", "=", "-"):
        with pytest.raises(ValueError):
            write_csv([["a"]], bad)


cells = st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(), st.sampled_from(PAYLOADS))


@given(st.lists(st.lists(cells, min_size=1, max_size=5), max_size=5), st.sampled_from([",", ";", "\t"]))
def test_every_cell_reads_back_as_text_a_spreadsheet_does_not_run(rows, delimiter: str) -> None:
    read_back = read(write_csv(rows, delimiter), delimiter)
    assert len(read_back) == len(rows)
    for row, cells_read in zip(rows, read_back, strict=True):
        assert len(cells_read) == len(row)
        for value, cell in zip(row, cells_read, strict=True):
            text, escaped = escape_cell(value)
            assert cell == text
            number = isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
            assert not cell.startswith(FORMULA_STARTS) or number
            assert escaped == (value is not None and not number and str(value).startswith(FORMULA_STARTS))
