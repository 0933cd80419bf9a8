"""Each kind of audit event, recorded through Django's client against the real services (PostgreSQL,
OpenSearch, Redis, a generated corpus): with the user, the time and the address, and the letter,
query, rows, token prefix and status where they apply."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, AuditKind
from accounts.tokens import issue_token
from ingest.models import Letter

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

ADDRESS = "203.0.113.7"
WORD = "chiropractic"


@pytest.fixture(autouse=True)
def search_requires_login(settings) -> None:
    """Search behind sign-in whatever the environment says; the generated letters are ``corpus``
    (tests/conftest.py)."""
    settings.SEARCH_REQUIRES_LOGIN = True


@pytest.fixture
def client() -> Client:
    return Client(REMOTE_ADDR=ADDRESS)


@pytest.fixture
def signed_in(client, member) -> Client:
    assert (
        client.post(reverse("login"), {"username": "alice", "password": "correct horse battery"}).status_code
        == 302
    )
    return client


def events(kind: AuditKind) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=kind).order_by("at", "pk"))


def only(kind: AuditKind) -> AuditEvent:
    found = events(kind)
    assert len(found) == 1, found
    return found[0]


def assert_who(event: AuditEvent, user, before) -> None:
    assert event.user == user
    assert event.username == user.username
    assert event.address == ADDRESS
    assert before <= event.at <= timezone.now()


def test_sign_in_failure_and_sign_out(client, member):
    before = timezone.now()
    client.post(reverse("login"), {"username": "alice", "password": "wrong horse"})
    failed = only(AuditKind.SIGN_IN_FAILED)
    assert (failed.user, failed.username, failed.address) == (None, "alice", ADDRESS)
    client.post(reverse("login"), {"username": "alice", "password": "correct horse battery"})
    assert_who(only(AuditKind.SIGN_IN), member, before)
    client.post(reverse("logout"))
    assert_who(only(AuditKind.SIGN_OUT), member, before)


def test_a_search_is_recorded_once_and_a_new_one_again(signed_in, member, corpus):
    before = timezone.now()
    assert signed_in.get(reverse("search:search"), {"q": WORD}).status_code == 200
    signed_in.get(reverse("search:search"))  # the landing page: no search
    signed_in.get(reverse("search:search"), {"q": WORD, "page": "2"})  # another page: the same search
    signed_in.get(reverse("search:search"), {"q": WORD}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-body")
    signed_in.get(reverse("search:search"), {"q": WORD, "decision": "upheld"}, HTTP_HX_REQUEST="true")
    searches = events(AuditKind.SEARCH)
    assert [e.query for e in searches] == [f"q={WORD}", f"q={WORD}&decision=upheld"]
    for event in searches:
        assert_who(event, member, before)


def test_letter_view_and_file_download(signed_in, member, corpus):
    before = timezone.now()
    letter = Letter.objects.exclude(original_file="").exclude(case_number=None).first()
    assert letter is not None
    assert signed_in.get(reverse("search:letter", args=[letter.case_number]), {"q": WORD}).status_code == 200
    view = only(AuditKind.LETTER_VIEW)
    assert_who(view, member, before)
    assert (view.letter, view.query) == (letter.case_number, f"q={WORD}")
    response = signed_in.get(reverse("search:letter-file", args=[letter.case_number]))
    assert b"".join(response.streaming_content)
    download = only(AuditKind.FILE_DOWNLOAD)
    assert_who(download, member, before)
    assert download.letter == letter.case_number


def test_exports_record_the_rows_sent(signed_in, member, corpus):
    before = timezone.now()
    response = signed_in.get(reverse("search:export"), {"q": WORD})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    export = only(AuditKind.EXPORT)
    assert_who(export, member, before)
    assert export.rows == len(rows) > 0
    assert export.query == f"/export.csv?q={WORD}"
    outcomes = signed_in.get(reverse("search:outcomes-csv"), {"q": WORD, "by": "decision_year"})
    assert outcomes.status_code == 200, outcomes.content
    table = list(csv.reader(io.StringIO(outcomes.content.decode("utf-8-sig"))))[1:]
    latest = events(AuditKind.EXPORT)[-1]
    assert latest.rows == len(table)
    assert latest.query.startswith(f"/outcomes/export.csv?q={WORD}&by=")


def test_api_calls_by_token_and_session(client, member, corpus):
    before = timezone.now()
    issued = issue_token(member, "sync")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issued.plaintext}"}
    letter = Letter.objects.exclude(case_number=None).first()
    assert client.get("/api/search", {"q": WORD}, **auth).status_code == 200
    assert client.get(f"/api/letters/{letter.case_number}", **auth).status_code == 200
    assert client.get("/api/search", {"q": WORD}, HTTP_AUTHORIZATION="Bearer imr_nope").status_code == 401
    calls = events(AuditKind.API_CALL)
    assert [(e.query, e.status, e.token_prefix) for e in calls] == [
        (f"GET /api/search?q={WORD}", 200, issued.token.prefix),
        (f"GET /api/letters/{letter.case_number}", 200, issued.token.prefix),
        (f"GET /api/search?q={WORD}", 401, ""),
    ]
    for event in calls[:2]:
        assert_who(event, member, before)
    assert calls[1].letter == letter.case_number
    assert (calls[2].user, calls[2].address) == (None, ADDRESS)
    assert not events(AuditKind.SEARCH)  # the API's searches are API calls, not page searches


def test_pages_outside_the_api_and_static_files_record_nothing(signed_in, corpus):
    AuditEvent.objects.all().delete()
    signed_in.get("/healthz")
    signed_in.get(reverse("account"))
    signed_in.get("/static/css/portal.css")
    assert not AuditEvent.objects.exists()
