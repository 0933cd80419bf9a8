"""The staff's audit page: staff with the permission only, filters (user, letter, kind, dates)
validated, newest first, paginated, and a CSV of the filtered events."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import AuditEvent, AuditKind

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def event(kind: AuditKind, username: str, days: int = 0, **fields) -> AuditEvent:
    return AuditEvent.objects.create(
        kind=kind, username=username, at=DAY + dt.timedelta(days=days), address="192.0.2.1", **fields
    )


@pytest.fixture
def trail(member):
    return [
        event(AuditKind.SEARCH, "alice", 0, user=member, query="q=knee"),
        event(AuditKind.LETTER_VIEW, "alice", 1, user=member, letter="CM26-0000001"),
        event(AuditKind.EXPORT, "alice", 2, user=member, query="/export.csv?q==cmd", rows=12),
        event(AuditKind.LETTER_VIEW, "bob", 3, letter="CM26-0000001"),
        event(AuditKind.SIGN_IN_FAILED, "mallory", 4),
    ]


def shown(response) -> list[tuple[str, str]]:
    """(kind, username) of the rows the page lists, in order."""
    page = response.context["page"]
    return [(e.kind, e.username) for e in page.object_list]


def test_only_staff_with_the_permission(client, member, staff):
    url = reverse("audit")
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.get(reverse("audit-csv")).status_code == 403
    client.force_login(staff)  # the Staff role has accounts.view_auditevent
    assert client.get(url).status_code == 200
    staff.groups.clear()
    staff = type(staff).objects.get(pk=staff.pk)  # no cached permissions
    client.force_login(staff)
    assert client.get(url).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    assert client.get(url).status_code == 200


def test_filters_newest_first(client, staff, trail):
    client.force_login(staff)
    AuditEvent.objects.filter(kind=AuditKind.SIGN_IN).delete()  # the staff's own sign-in
    url = reverse("audit")
    everything = client.get(url)
    assert shown(everything) == [(e.kind, e.username) for e in reversed(trail)]
    assert b"CM26-0000001" in everything.content
    assert b"192.0.2.1" in everything.content
    assert shown(client.get(url, {"user": "alice"})) == [
        ("export", "alice"),
        ("letter_view", "alice"),
        ("search", "alice"),
    ]
    assert shown(client.get(url, {"letter": "CM26-0000001"})) == [
        ("letter_view", "bob"),
        ("letter_view", "alice"),
    ]
    assert shown(client.get(url, {"kind": "sign_in_failed"})) == [("sign_in_failed", "mallory")]
    dates = {"date_from": "2026-03-11", "date_to": "2026-03-12"}
    assert shown(client.get(url, dates)) == [("export", "alice"), ("letter_view", "alice")]


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "yesterday"},
        {"date_from": "2026-03-12", "date_to": "2026-03-11"},
        {"kind": "coffee"},
        {"letter": "x" * 41},
        {"date_to": "2026-02-30"},
    ],
)
def test_bad_filters_say_so(client, staff, trail, params):
    client.force_login(staff)
    response = client.get(reverse("audit"), params)
    assert response.status_code == 400
    assert b'class="notice"' in response.content
    assert shown(response) == []
    assert client.get(reverse("audit-csv"), params).status_code == 400


def test_pages_keep_the_filters(client, staff, member):
    for n in range(60):
        event(AuditKind.SEARCH, "alice", 0, user=member, query=f"q=w{n}")
    client.force_login(staff)
    first = client.get(reverse("audit"), {"user": "alice"})
    assert len(shown(first)) == 50
    assert b"?user=alice&amp;page=2" in first.content
    second = client.get(reverse("audit"), {"user": "alice", "page": "2"})
    assert len(shown(second)) == 10
    assert client.get(reverse("audit"), {"page": "lots"}).status_code == 200


def test_csv_of_the_filtered_events(client, staff, trail, settings):
    client.force_login(staff)
    response = client.get(reverse("audit-csv"), {"user": "alice"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="imr-audit_')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "Time",
        "Event",
        "User",
        "Address",
        "Letter",
        "Query",
        "Rows",
        "Token prefix",
        "Status",
    ]
    assert [(r[1], r[2]) for r in rows[1:]] == [
        ("export", "alice"),
        ("letter_view", "alice"),
        ("search", "alice"),
    ]
    assert rows[1][5] == "/export.csv?q==cmd"  # starts with "/": not a formula
    assert rows[1][6] == "12"
    settings.AUDIT_CSV_MAX_ROWS = 2
    capped = client.get(reverse("audit-csv"))
    assert len(list(csv.reader(io.StringIO(b"".join(capped.streaming_content).decode("utf-8-sig"))))) == 3
    formula = event(AuditKind.SIGN_IN_FAILED, "=HYPERLINK(1)", 9)
    risky = client.get(reverse("audit-csv"), {"kind": "sign_in_failed", "date_from": "2026-03-19"})
    body = b"".join(risky.streaming_content).decode("utf-8-sig")
    assert f"'{formula.username}" in body
