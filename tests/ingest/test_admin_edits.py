"""Edits in the admin reach the index and alert matching on commit, through a real Celery worker.

A change on a letter's admin page is a hand correction: a new version, with who and why, its
old version kept. Nothing here calls the index: the admin saves through the ORM, ingest.signals
announces the letters on commit, and the worker indexes them and percolates them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from accounts.services import create_account
from ingest.models import Letter, LetterVersion
from search.engine import run_search
from search.forms import validate
from search.indexes import alias_name
from search.models import AlertFrequency, AlertHit
from search.saved import services
from tests.saved.conftest import _clean_cache, search_index  # noqa: F401
from tests.saved.factory import acupuncture

# search_index: a private index prefix for the module (the worker is started with it), emptied per test
pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("search_index"),
]
OLD, NEW = "CM16-1111111", "CM16-2222222"


class _FormFields(HTMLParser):
    """The fields a browser would submit from the form with id `form_id` (text, hidden, selects, areas)."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.fields: dict[str, str] = {}
        self._area: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "checkbox", "radio"):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "input" and "checked" in a:
            self.fields[a["name"]] = a.get("value", "on")
        elif tag == "textarea":
            self._area = a["name"]
            self.fields[self._area] = ""
        elif tag == "select":
            self._select = a["name"]
            self.fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._area:
            self.fields[self._area] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._area = None
        elif tag == "select":
            self._select = None


def change_form(client, letter: Letter) -> dict[str, str]:
    page = client.get(reverse("admin:ingest_letter_change", args=[letter.pk]))
    assert page.status_code == 200
    parser = _FormFields("letter_form")
    parser.feed(page.content.decode())
    assert "case_number" in parser.fields, "the letter's change form"
    return {k: v.removeprefix("\n") for k, v in parser.fields.items()}  # a textarea's first newline


def wait_for(predicate: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def found(text: str) -> list[str]:
    """Case numbers a search for `text` finds, through the live index (its documents)."""
    results = run_search(validate({"q": text}).params, highlight=False, aggregations=False)
    return [result.case_number for result in results.results]


def indexed(letter_id: int, opensearch_client) -> bool:
    return bool(opensearch_client.exists(index=alias_name(), id=str(letter_id)))


@pytest.fixture
def boss(db) -> User:
    return User.objects.create_superuser("boss", "boss@example.com", "pw-boss-123")


def new_letter(case_number: str) -> Letter:
    with transaction.atomic():  # the letter and its treatments, announced once, on commit
        return acupuncture(case_number=case_number)


def test_a_case_number_corrected_in_the_admin_is_searched_and_alerted_by_its_new_number(
    client, boss, opensearch_client, celery_worker_process
) -> None:
    member = create_account("watcher", "watcher@example.com", "watcher long passphrase")
    watch = services.create_saved_query(member, "The new number", f"q={NEW}", AlertFrequency.DAILY)
    letter = new_letter(OLD)
    wait_for(lambda: found(OLD) == [OLD], "the letter indexed by its number")
    assert not AlertHit.objects.filter(saved_query=watch).exists()

    client.force_login(boss)
    data = change_form(client, letter) | {
        "case_number": NEW,
        "reason_for_change": "misread: the file says 2222222",
    }
    response = client.post(reverse("admin:ingest_letter_change", args=[letter.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]

    wait_for(lambda: found(NEW) == [NEW] and found(OLD) == [], "the new number in the index, the old gone")
    wait_for(lambda: AlertHit.objects.filter(saved_query=watch, letter=letter).exists(), "the alert's match")
    letter.refresh_from_db()
    assert (letter.case_number, letter.version, letter.corrected_by, letter.correction_reason) == (
        NEW,
        2,
        boss,
        "misread: the file says 2222222",
    )
    kept = LetterVersion.objects.get(letter=letter)
    assert (kept.number, kept.status, kept.case_number) == (1, "corrected", OLD)
    call_command("check_index")  # raises when the database and the index differ


def test_a_correction_needs_a_reason_and_nothing_changes_without_one(client, boss) -> None:
    letter = new_letter(OLD)
    client.force_login(boss)
    data = change_form(client, letter) | {"case_number": NEW, "reason_for_change": ""}
    page = client.post(reverse("admin:ingest_letter_change", args=[letter.pk]), data)
    assert page.status_code == 200
    assert "This field is required." in page.content.decode()
    letter.refresh_from_db()
    assert (letter.case_number, letter.version) == (OLD, 1)
    assert not LetterVersion.objects.exists()


def test_letters_deleted_in_the_admin_leave_the_index_and_alert_matching(
    client, boss, opensearch_client, celery_worker_process
) -> None:
    member = create_account("watcher2", "watcher2@example.com", "watcher long passphrase")
    watch = services.create_saved_query(member, "Acupuncture", "q=acupuncture", AlertFrequency.DAILY)
    one, two, kept = new_letter("CM16-3000001"), new_letter("CM16-3000002"), new_letter("CM16-3000003")
    wait_for(
        lambda: AlertHit.objects.filter(saved_query=watch).count() == 3, "the letters indexed and matched"
    )
    client.force_login(boss)
    response = client.post(reverse("admin:ingest_letter_delete", args=[one.pk]), {"post": "yes"})
    assert response.status_code == 302
    response = client.post(  # the list's bulk action (a QuerySet.delete)
        reverse("admin:ingest_letter_changelist"),
        {"action": "delete_selected", "_selected_action": [str(two.pk)], "post": "yes"},
    )
    assert response.status_code == 302

    wait_for(
        lambda: not indexed(one.pk, opensearch_client) and not indexed(two.pk, opensearch_client), "deletes"
    )
    wait_for(lambda: found("acupuncture") == ["CM16-3000003"], "searches without them (the next refresh)")
    assert list(AlertHit.objects.filter(saved_query=watch).values_list("letter_id", flat=True)) == [kept.pk]
    call_command("check_index")


def test_the_admin_lists_kept_versions_read_only_and_treatments_change_only_with_their_letter(
    client, boss
) -> None:
    letter = new_letter(OLD)
    client.force_login(boss)
    data = change_form(client, letter)
    data |= {"treatments-0-decision": "upheld", "reason_for_change": "the decision was misread"}
    response = client.post(reverse("admin:ingest_letter_change", args=[letter.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert letter.treatments.get().decision == "upheld"
    kept = LetterVersion.objects.get(letter=letter)
    assert kept.treatments[0]["decision"] == "overturned"  # as it was before the correction

    page = client.get(reverse("admin:ingest_letter_change", args=[letter.pk])).content.decode()
    assert "the decision was misread" in page
    assert reverse("admin:ingest_letterversion_change", args=[kept.pk]) in page
    view = client.get(reverse("admin:ingest_letterversion_change", args=[kept.pk]))
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()  # read only
    treatment = letter.treatments.get()
    edit = client.post(reverse("admin:ingest_treatment_change", args=[treatment.pk]), {"decision": "x"})
    assert edit.status_code == 403
    assert letter.treatments.get().decision == "upheld"
