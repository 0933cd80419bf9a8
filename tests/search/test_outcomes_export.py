"""The outcome tables as CSV and .xlsx: the cells are the API's numbers (the .xlsx read back with
openpyxl), a value that looks like a formula stays text, an unknown breakdown is a 400."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from search.forms import validate
from search.outcomes import Outcomes, run_outcomes
from search.outcomes.stats import outcome
from search.views.outcomes_export import COLUMNS, TOTAL, Table, csv_text, xlsx_bytes
from tests.search import outcome_corpus

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


corpus = outcome_corpus.module_corpus(60, seed=1516)


def expected_rows(outcomes: Outcomes) -> list[list]:
    rows = []
    for label, r in [(TOTAL, outcomes.total), *((g.value, g) for g in outcomes.groups)]:
        rows.append(
            [label, r.decisions, r.upheld, r.overturned, r.overturn_rate, r.ci_low, r.ci_high, r.too_small]
        )
    return rows


def assert_same_cells(cells: list[list], want: list[list]) -> None:
    """The sheet's rows are the table's: counts and labels exactly, rates to the 15 digits a cell keeps."""
    assert len(cells) == len(want)
    for got, row in zip(cells, want, strict=True):
        assert got[:4] == row[:4]
        assert got[4:7] == pytest.approx(row[4:7], rel=1e-14, abs=1e-15)
        assert got[7] == ("yes" if row[7] else "no")


DATA = {"decision_date": "ignored", "specialty": "Pain Medicine", "by": "subcategory", "order": "rate"}


def test_the_csv_table(client, open_search, corpus):
    response = client.get(reverse("search:outcomes-csv"), DATA)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert "imr-outcomes_" in disposition
    assert "_pain-medicine_by-subcategory.csv" in disposition
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Subcategory", *COLUMNS]
    want = expected_rows(run_outcomes(validate(DATA).params, "subcategory", sort="rate"))
    assert len(rows[1:]) == len(want) > 2
    for got, row in zip(rows[1:], want, strict=True):
        assert got[0] == str(row[0])
        assert [int(v) for v in got[1:4]] == row[1:4]
        assert [float(v) for v in got[4:7]] == row[4:7]  # every digit
        assert got[7] == ("yes" if row[7] else "no")


def test_the_xlsx_table(client, open_search, corpus):
    response = client.get(reverse("search:outcomes-xlsx"), {**DATA, "by": "decision_year"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        response["Content-Disposition"].endswith('by-decision-year.xlsx"')
        or "by-decision-year.xlsx" in (response["Content-Disposition"])
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Outcomes"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == ["Decision year", *COLUMNS]
    want = expected_rows(run_outcomes(validate(DATA).params, "decision_year", sort="rate"))
    assert_same_cells(cells[1:], want)
    assert all(isinstance(row[0], int) for row in cells[2:])
    assert sheet.cell(row=2, column=5).number_format == "0.0%"
    about = {row[0].value: row[1].value for row in book["About"].iter_rows()}
    assert about["Search"] == "specialty=Pain+Medicine"
    assert about["Breakdown"] == "Decision year"


def test_the_total_alone(client, open_search, corpus):
    response = client.get(reverse("search:outcomes-xlsx"))
    sheet = load_workbook(io.BytesIO(response.content))["Outcomes"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == ["Group", *COLUMNS]
    assert_same_cells(cells[1:], expected_rows(run_outcomes(validate({}).params)))


@pytest.mark.parametrize("name", ["search:outcomes-csv", "search:outcomes-xlsx"])
def test_an_unknown_breakdown_is_a_400(client, open_search, corpus, name):
    response = client.get(reverse(name), {"by": "colour"})
    assert response.status_code == 400
    assert "decision_quarter" in response.content.decode()


@pytest.mark.parametrize("value", ['=HYPERLINK("http://example.invalid","x")', "+1", "-1", "@SUM(A1)", "\tx"])
def test_a_value_that_looks_like_a_formula_stays_text(value):
    """A group's value (a guideline citation, a specialty: text from the letters) is text in the .xlsx
    and quoted in the CSV, whatever it starts with."""
    table = Table(validate({}), Outcomes(outcome(None, 3, 1), "category", [outcome(value, 3, 1)]))
    book = load_workbook(io.BytesIO(xlsx_bytes(table)))
    first = book["Outcomes"].cell(row=3, column=1)
    assert (first.value, first.data_type) == (value, "s")
    assert list(csv.reader(io.StringIO(csv_text(table).lstrip("\ufeff"))))[2][0] == "'" + value
