"""The cohort matrix as CSV or XLSX: exactly the rows and columns the page shows."""

import io

from flask_babel import gettext as _
from openpyxl import Workbook

from app.follow_up.queries import Matrix
from app.spreadsheets import csv_bytes, xlsx_sheet_append, xlsx_sheet_title


def matrix_table(matrix: Matrix, language: str) -> list[list]:
    header = [
        _("Participant"),
        _("Email"),
        _("Home organisation"),
        _("Host organisation"),
        _("Last activity"),
        _("Progress (%)"),
    ]
    header += [m.localized(language).title for _course, m in matrix.modules]
    rows = [header]
    for row in matrix.rows:
        rows.append(
            [
                row.participant.name,
                row.participant.email,
                row.home.name if row.home else "",
                row.host.name if row.host else "",
                row.last_activity.isoformat(timespec="minutes") if row.last_activity else "",
                row.percent,
                *[c.status.label for c in row.cells],
            ]
        )
    return rows


def matrix_csv(matrix: Matrix, language: str) -> bytes:
    return csv_bytes(matrix_table(matrix, language))


def matrix_xlsx(matrix: Matrix, language: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # the one a new workbook has
    sheet.title = xlsx_sheet_title(matrix.cohort.name, default="Cohort")
    xlsx_sheet_append(sheet, matrix_table(matrix, language))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
