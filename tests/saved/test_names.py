"""Saved-search names are one line: newlines and runs of spaces become one space; blank is refused."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from search.models import SavedQuery
from search.saved import services
from search.saved.forms import RenameForm, SavedQueryForm, SaveSearchForm

pytestmark = pytest.mark.django_db


def test_api_create_puts_the_name_on_one_line(client, alice, search_index) -> None:
    client.force_login(alice)
    response = client.post(
        reverse("search:api-saved-list"),
        json.dumps({"name": "a\nb", "params": "q=acupuncture"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["name"] == "a b"
    assert SavedQuery.objects.get(owner=alice).name == "a b"


def test_api_refuses_a_blank_name_and_patch_cleans_it(client, alice, search_index) -> None:
    client.force_login(alice)
    blank = client.post(
        reverse("search:api-saved-list"),
        json.dumps({"name": " \n\t ", "params": "q=x"}),
        content_type="application/json",
    )
    assert blank.status_code == 400
    assert set(blank.json()["errors"]) == {"name"}
    saved = services.create_saved_query(alice, "first", "q=x")
    url = reverse("search:api-saved-detail", args=[saved.pk])
    patched = client.patch(url, json.dumps({"name": "two\r\nlines  here"}), content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["name"] == "two lines here"
    refused = client.patch(url, json.dumps({"name": "\n"}), content_type="application/json")
    assert refused.status_code == 400


@pytest.mark.parametrize(
    "form_class", [SaveSearchForm, RenameForm, lambda data: SavedQueryForm(data, instance=SavedQuery())]
)
def test_forms_put_the_name_on_one_line(form_class) -> None:
    form = form_class({"name": "  Back\npain\t\tMRI  ", "params": "q=mri", "alert_frequency": "off"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Back pain MRI"
    assert not form_class({"name": "\n\r\n", "params": "", "alert_frequency": "off"}).is_valid()


def test_services_put_the_name_on_one_line(alice, search_index) -> None:
    saved = services.create_saved_query(alice, "x\ny", "q=x")
    assert saved.name == "x y"
    services.update_saved_query(saved, name="p\u2028q\n\nr")
    saved.refresh_from_db()
    assert saved.name == "p q r"
    services.rename_saved_query(saved, " \n ")
    saved.refresh_from_db()
    assert saved.name == "p q r", "a blank name keeps the old one"
    assert services.create_saved_query(alice, "\n", "q=x").name == "Untitled search"
