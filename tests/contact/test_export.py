"""CSV/XLSX export through Wagtail's real admin URL is safe to open in a spreadsheet program."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.contrib.forms.models import FormSubmission

from contact.export import neutralise
from tests.factories import make_user

DANGEROUS = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def exported(client, consultation, groups):
    for value in DANGEROUS:
        FormSubmission.objects.create(
            page=consultation, form_data={"full_name": value, "requests": ["=evil()", "A sample report"]}
        )
    FormSubmission.objects.create(page=consultation, form_data={"full_name": "Plain Name", "requests": []})
    client.force_login(make_user("intake-export", "Intake"))

    def export(fmt):
        response = client.get(f"{reverse('wagtailforms:list_submissions', args=[consultation.pk])}?export={fmt}")
        assert response.status_code == 200
        return b"".join(response.streaming_content)

    return export


@pytest.mark.parametrize(("value", "expected"), [("=1", "'=1"), ("a=1", "a=1"), ("", ""), (5, 5), (None, None)])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_export_neutralises_formula_prefixes(exported):
    rows = list(csv.DictReader(io.StringIO(exported("csv").decode())))
    names = [row["Full name"] for row in rows]
    assert names == ["'" + value for value in DANGEROUS] + ["Plain Name"]
    assert rows[0]["What would you like?"] == "'=evil(), A sample report"


def test_xlsx_export_neutralises_formula_prefixes(exported):
    sheet = load_workbook(io.BytesIO(exported("xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("Full name")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    # XML stores a carriage return as a line feed; what matters is the leading apostrophe.
    expected = ["'" + value.replace("\r", "\n") for value in DANGEROUS] + ["Plain Name"]
    assert [cell.value for cell in cells] == expected
    assert all(cell.data_type == "s" for cell in cells)
