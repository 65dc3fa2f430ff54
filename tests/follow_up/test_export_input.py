"""Exports take whatever names people gave: the spreadsheet is made, never a 500."""

import io

import pytest
from openpyxl import load_workbook

from app.accounts.models import Role
from tests.conftest import sign_in_as


@pytest.mark.parametrize(
    "name",
    [
        "Spring 2026 / Kampala [A]: who? *all*",
        "'Quoted'",
        "A cohort name far longer than the thirty-one characters a sheet may have",
        "[]:*?/\\",
    ],
)
def test_any_cohort_name_gives_an_xlsx_with_a_valid_sheet_name(
    app, client, create_user, create_cohort, create_participant, name
):
    lead = create_user(Role.FACILITATOR)
    cohort = create_cohort(name=name, facilitators=[lead])
    # Control characters are allowed in a name but not in a spreadsheet cell.
    create_participant(cohort, name="Vertical\x0btab and bell\x07")
    sign_in_as(client, lead)
    response = client.get(f"/cohorts/{cohort.id}/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.title and len(sheet.title) <= 31
    assert not set(sheet.title) & set("[]:*?/\\")
    assert not sheet.title.startswith("'") and not sheet.title.endswith("'")
    assert "Vertical" in sheet["A2"].value
