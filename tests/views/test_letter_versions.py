"""The letter page lists a letter's versions for staff, each whole, never for members."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from accounts.services import create_account
from ingest import versions
from ingest.models import Letter
from ingest.pipeline.save import save_chunk
from tests.ingest.test_save import items, parsed_letters

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter() -> Letter:
    """A case seen three times: decided in March, then an older copy (January), then corrected by hand."""
    (base,) = parsed_letters(1, seed=23)
    march = dataclasses.replace(base, decision_date=dt.date(2016, 3, 7), text=base.text + "\nMarch copy.")
    january = dataclasses.replace(
        base, decision_date=dt.date(2016, 1, 4), text=base.text + "\nJanuary copy.", fingerprint="j" * 64
    )
    save_chunk(items(march))
    save_chunk(items(january))
    stored = Letter.objects.get()
    editor = User.objects.create_user("editor", password="pw-editor-123", is_staff=True)
    stored.patient_age = 51
    versions.correct(stored, by_id=editor.pk, reason="the age was misread", save=stored.save)
    return stored


def page(client, user: User, letter: Letter) -> str:
    client.force_login(user)
    response = client.get(reverse("search:letter", args=[letter.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_every_version_whole(client, letter: Letter) -> None:
    html = page(
        client, create_account("staffer", "s@example.com", "staffer long passphrase", staff=True), letter
    )
    assert 'id="versions"' in html
    assert "Version 3 is shown: a hand correction by editor, because “the age was misread”" in html
    assert 'id="version-2"' in html
    assert 'id="version-1"' in html
    assert "Version 2: older than the version shown when it came in · decided January 4, 2016" in html
    assert "Version 1: replaced by a hand correction · decided March 7, 2016" in html
    assert "January copy." in html  # the older version's text
    assert "March copy." in html  # the corrected version's text, shown as it was
    treatment = letter.treatments.first()
    assert treatment is not None
    assert html.count(treatment.request) >= 3  # the letter's own, and in each kept version


def test_members_never_see_the_versions(client, letter: Letter) -> None:
    html = page(client, create_account("member", "m@example.com", "member long passphrase"), letter)
    assert 'id="versions"' not in html
    assert "January copy." not in html
    assert "the age was misread" not in html
