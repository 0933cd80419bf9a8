from __future__ import annotations

import datetime as dt

from ingest.parsing.header import parse_header


def test_modern_header_as_one_line_per_pair() -> None:
    header = parse_header(
        "Case Number: CM16-0221706\nDate Assigned: 11/23/2016 Date of Injury: 10/16/2016\n"
        "Decision Date: 12/21/2016 UR Denial Date: 10/20/2016\n"
        "Priority: Standard Application Received: 11/15/2016\nHOW THE IMR FINAL DETERMINATION WAS MADE\n"
        "Decision Date: 01/01/2000"
    )
    assert header.case_number == "CM16-0221706"
    assert header.dates == {
        "date_assigned": dt.date(2016, 11, 23),
        "date_of_injury": dt.date(2016, 10, 16),
        "decision_date": dt.date(2016, 12, 21),
        "ur_denial_date": dt.date(2016, 10, 20),
        "application_received": dt.date(2016, 11, 15),
    }
    assert header.priority == "standard"
    assert header.warnings == []


def test_header_table_with_values_on_their_own_lines() -> None:
    header = parse_header(
        "Case Number:\nCM14-0186783\nDate Assigned:\n11/14/2014\nPriority:\nExpedited\n"
        "IMR Application Received:\nNovember 7, 2014\nDate of UR Decision: 10/23/2014"
    )
    assert header.case_number == "CM14-0186783"
    assert header.dates["date_assigned"] == dt.date(2014, 11, 14)
    assert header.dates["application_received"] == dt.date(2014, 11, 7)
    assert header.dates["ur_denial_date"] == dt.date(2014, 10, 23)
    assert header.dates["decision_date"] is None
    assert header.priority == "expedited"


def test_unreadable_values_are_warned_not_guessed() -> None:
    header = parse_header("Case Number: CM16-0000001\nDate Assigned: 13/45/2016\nPriority: Urgentish")
    assert header.dates["date_assigned"] is None
    assert any("date_assigned" in warning for warning in header.warnings)
    assert header.priority is None
    assert any("priority" in warning for warning in header.warnings)


def test_no_header() -> None:
    header = parse_header(
        "HOW THE IMR FINAL DETERMINATION WAS MADE\nThe injured worker's date of injury 8/25/2011"
    )
    assert not header.found_any


def test_header_after_other_text() -> None:
    page = "Site navigation and search. " * 300 + "Case Number: CM15-0000042\nDate Assigned: 01/02/2015"
    header = parse_header(page)
    assert header.case_number == "CM15-0000042"
    assert header.dates["date_assigned"] == dt.date(2015, 1, 2)
