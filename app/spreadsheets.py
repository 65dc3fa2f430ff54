"""Every CSV and XLSX file Bru writes goes through here, so no cell runs as a formula.

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or a
carriage return, the same) as a formula, which can open links or read other cells: a
participant's name or an organisation's is text anyone may type. As OWASP recommends, such a
text cell gets a `'` in front, in both formats. Numbers and dates are left alone.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What a spreadsheet refuses in a sheet name (besides control characters).
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def spreadsheet_cell(value):
    """`value`, made safe to open in a spreadsheet program."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_rows(rows: Iterable[Sequence]) -> list[list]:
    return [[spreadsheet_cell(value) for value in row] for row in rows]


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a BOM, so spreadsheet programs open names with accents correctly."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(spreadsheet_rows(rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_sheet_append(sheet, rows: Iterable[Sequence]) -> None:
    """Append `rows` to an openpyxl sheet; text is always stored as text, never as a formula."""
    for row in spreadsheet_rows(rows):
        # Control characters have no place in the file format (openpyxl refuses them).
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])


def xlsx_sheet_title(name: str, *, default: str) -> str:
    """A name (a cohort's) as a sheet name: nothing SHEET_NAME_FORBIDDEN holds, no quote at
    either end, at most 31 characters, and not Excel's reserved "History"."""
    title = ILLEGAL_CHARACTERS_RE.sub("", SHEET_NAME_FORBIDDEN.sub(" ", name))
    title = title.strip(" '")[:31].strip(" '")
    return default if not title or title.casefold() == "history" else title
